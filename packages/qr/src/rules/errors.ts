/** Errors of the CertLogic evaluator (kept apart so the engine and its date helpers share them). */
import type { RuleCode } from './codes.ts';

/** The codes a RuleEngineError carries: an invalid expression, or a type mismatch at run time. */
export type RuleErrorCode = Extract<
  RuleCode,
  'RULE_UNKNOWN_OPERATOR' | 'RULE_INVALID_EXPRESSION' | 'RULE_TYPE_MISMATCH'
>;

/** Thrown for an invalid expression (unknown operator, wrong shape) or a type mismatch at run time. */
export class RuleEngineError extends Error {
  readonly code: RuleErrorCode;
  constructor(code: RuleErrorCode, message: string) {
    super(message);
    this.name = 'RuleEngineError';
    this.code = code;
  }
}
