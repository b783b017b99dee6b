/**
 * Which codes mean "a signature or validity check failed" (as opposed to "malformed input"):
 * a scanner shows them as a refusal; the CLI exits 1 for them and 2 for the rest.
 */
import type { ErrorCode } from './errors.ts';
import { SIGNATURE_CODES } from './signature/codes.ts';

const VERIFICATION_CODES: ReadonlySet<string> = new Set<string>([
  ...SIGNATURE_CODES.filter((c) => c !== 'SIGNATURE_UNCHECKED'),
  'DCC_KEY_UNKNOWN',
  'DCC_KEY_LOOKUP_FAILED',
  'DCC_KEY_INVALID',
  'DCC_KEY_ALG_MISMATCH',
  'DCC_KID_MISMATCH',
  'DCC_SIGNATURE_INVALID',
  'DCC_NOT_YET_VALID',
  'DCC_EXPIRED',
  'DCC_SIGNED_BEFORE_SIGNER_VALID',
  'DCC_OUTLIVES_SIGNER',
  'DCC_KEY_USAGE',
  'SHC_KEY_UNKNOWN',
  'SHC_KEY_LOOKUP_FAILED',
  'SHC_KEY_INVALID',
  'SHC_KID_THUMBPRINT',
  'SHC_SIGNATURE_INVALID',
  'SHC_NOT_YET_VALID',
  'SHC_EXPIRED',
  'SHC_REVOKED',
] satisfies ErrorCode[]);

/** True when the code reports a failed signature, trust or validity check. */
export function isVerificationCode(code: string): boolean {
  return VERIFICATION_CODES.has(code);
}
