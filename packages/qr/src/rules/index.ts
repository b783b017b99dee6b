/**
 * Rules: the CertLogic engine and the two kinds of rule documents it runs, EU DCC business
 * rules and province colour rules. Pure: every instant is passed in.
 */
export {
  CERTLOGIC_MAX_DEPTH,
  CERTLOGIC_OPERATORS,
  CERTLOGIC_VERSION,
  evaluateCertLogic,
  isCertLogicFalsy,
  isCertLogicTruthy,
  validateCertLogic,
} from './certlogic.ts';
export { RuleEngineError, type RuleErrorCode } from './errors.ts';
export { RULE_CODES, type RuleCode } from './codes.ts';
export {
  CLAUSE_ID_PATTERN,
  COLOURS,
  MAX_CLAUSES,
  decideColour,
  validateColourClauses,
  type Colour,
  type ColourClause,
  type ColourData,
} from './colour.ts';
export {
  DCC_RULE_CERTIFICATE_TYPES,
  DCC_RULE_TYPES,
  MAX_DCC_RULES,
  dccRuleData,
  dccRuleValueSets,
  evaluateDccRules,
  validateDccRule,
  type DccRule,
  type DccRuleCertificateType,
  type DccRuleContext,
  type DccRuleInput,
  type DccRuleOutcome,
  type DccRuleResult,
  type DccRuleType,
  type DccRuleValueSets,
  type DccRulesEvaluation,
} from './dcc.ts';
