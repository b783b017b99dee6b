/**
 * Which codes mean "a signature or validity check failed" (as opposed to "malformed input"):
 * a scanner shows them as a refusal; the CLI exits 1 for them and 2 for the rest.
 */
import type { ErrorCode } from './errors.ts';
import { SIGNATURE_CODES } from './signature/codes.ts';
import { DCC_VERIFICATION_CODES } from './formats/dcc/codes.ts';
import { SHC_VERIFICATION_CODES } from './formats/shc/codes.ts';

const VERIFICATION_CODES: ReadonlySet<string> = new Set<string>([
  ...SIGNATURE_CODES.filter((c) => c !== 'SIGNATURE_UNCHECKED'),
  ...DCC_VERIFICATION_CODES,
  ...SHC_VERIFICATION_CODES,
]);

/** True when the code reports a failed signature, trust or validity check. */
export function isVerificationCode(code: string): boolean {
  return VERIFICATION_CODES.has(code);
}

/**
 * Field checks against the checking instant (a birth or issue date after it): not a malformed
 * code, a code that cannot be valid at that instant — `oneqr read --at 1990-…` on a good code
 * fails a validity check (exit 1), it is not malformed (exit 2). Kept apart from
 * {@link isVerificationCode} because a scanner still refuses them as unreadable.
 */
const CLOCK_CODES: ReadonlySet<string> = new Set<string>([
  'BIRTH_DATE_FUTURE',
  'CCCD_BIRTH_DATE_FUTURE',
  'CCCD_ISSUE_DATE_FUTURE',
  'DECLARATION_EXPIRED',
] satisfies ErrorCode[]);

/** True when the code reports a field date after the checking instant. */
export function isClockCode(code: string): boolean {
  return CLOCK_CODES.has(code);
}
