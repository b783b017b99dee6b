/**
 * Errors and warnings are values: `{ code, message, field }`. A scanner shows the message,
 * a program switches on the code. Codes are stable: add new ones, never rename.
 *
 * Each folder owns its codes in its own `codes.ts`; this file composes the union, and a test
 * checks the union against `docs/errors.md` both ways.
 */
import { COMMON_CODES } from './lib/codes.ts';
import { PERSONAL_CODES } from './formats/personal/codes.ts';
import { CCCD_CODES } from './formats/cccd/codes.ts';
import { CITIZEN_ID_CODES } from './formats/citizen-id/codes.ts';
import { VENUE_CODES } from './formats/venue/codes.ts';
import { DECLARATION_CODES } from './formats/declaration/codes.ts';
import { DCC_CODES } from './formats/dcc/codes.ts';
import { SHC_CODES } from './formats/shc/codes.ts';
import { SIGNATURE_CODES } from './signature/codes.ts';
import { TRUST_LIST_CODES } from './trust/codes.ts';
import { SYMBOL_CODES } from './symbols/codes.ts';
import { RULE_CODES } from './rules/codes.ts';

/** Every code the library can produce, in one list (for docs and tests). */
export const ERROR_CODES = [
  ...COMMON_CODES,
  ...PERSONAL_CODES,
  ...CCCD_CODES,
  ...CITIZEN_ID_CODES,
  ...VENUE_CODES,
  ...DECLARATION_CODES,
  ...DCC_CODES,
  ...SHC_CODES,
  ...SIGNATURE_CODES,
  ...TRUST_LIST_CODES,
  ...SYMBOL_CODES,
  ...RULE_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A problem found in an input: an error (rejects) or a warning (accepted, but say so). */
export interface Issue {
  code: ErrorCode;
  message: string;
  /** The field the problem is about, in the format's own field names (e.g. `HoTen`, `EXT[3]`). */
  field?: string;
}

/** Thrown only for programmer errors (bad arguments to a builder); read() never throws. */
export class OneQRError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'OneQRError';
    this.code = code;
    this.field = field;
  }
}

/** Makes an Issue value. */
export function issue(code: ErrorCode, message: string, field?: string): Issue {
  return field === undefined ? { code, message } : { code, message, field };
}
