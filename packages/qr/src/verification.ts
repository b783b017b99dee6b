/**
 * Which codes mean "a signature or validity check failed" (as opposed to "malformed input"):
 * a scanner shows them as a refusal; the CLI exits 1 for them and 2 for the rest.
 */
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
