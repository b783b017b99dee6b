/**
 * Codes of the CertLogic rule engine and of the rule documents it runs (EU DCC acceptance rules,
 * province colour rules). The first three are the `code` of a thrown RuleEngineError; all of
 * them are the reason of an `open` DCC rule outcome.
 */
export const RULE_CODES = [
  /** A CertLogic expression uses an operator CertLogic 1.3.3 does not define (it has no "or"). */
  'RULE_UNKNOWN_OPERATOR',
  /** A CertLogic expression is not well formed: wrong operand count, non-literal where a literal is required, too deep. */
  'RULE_INVALID_EXPRESSION',
  /** A CertLogic operation met operands of the wrong type at run time (e.g. a date compared with an integer). */
  'RULE_TYPE_MISMATCH',
  /** A rule document is not in the EU gateway rule shape (a field missing or of the wrong form). */
  'RULE_MALFORMED',
  /** A rule names an engine or engine version this library does not run (CERTLOGIC up to 1.x). */
  'RULE_ENGINE_UNSUPPORTED',
  /** A validation rule's logic evaluated to something other than true or false. */
  'RULE_NOT_BOOLEAN',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];
