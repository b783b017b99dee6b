/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const SIGNATURE_CODES = [
  /** The signed payload or the signature field does not have the S1 structure. */
  'SIGNATURE_FORMAT',
  /** The signature field names a profile version other than S1. */
  'SIGNATURE_VERSION_UNSUPPORTED',
  /** The kid is not 8 base64url characters. */
  'SIGNATURE_KID_FORMAT',
  /** The iat is not canonical lower-case base 36. */
  'SIGNATURE_IAT_FORMAT',
  /** The iat is outside the sane range (2020-01-01 … 2100-01-01). */
  'SIGNATURE_IAT_RANGE',
  /** The signature value is not 86 strict base64url characters (64 bytes). */
  'SIGNATURE_VALUE_FORMAT',
  /** Something follows the signature (EXT[5+] after EXT[4]). */
  'SIGNATURE_NOT_LAST',
  /** A signature-like value sits outside the signature's position. */
  'SIGNATURE_MISPLACED',
  /** Warning: signed, but no trust source was given, so nothing was checked. */
  'SIGNATURE_UNCHECKED',
  /** No key known under the kid verifies the signature. */
  'SIGNATURE_INVALID',
  /** The trust sources given do not know the kid. */
  'KEY_NOT_TRUSTED',
  /** The signing key is revoked (or was retired before the code was issued). */
  'KEY_REVOKED',
  /** The signing key's issuer has no right to sign this kind of code. */
  'KEY_RIGHT_MISSING',
  /** The code was issued, or is checked, before the key's validity starts. */
  'KEY_NOT_YET_VALID',
  /** The code was issued, or is checked, after the key's validity ends. */
  'KEY_EXPIRED',
  /** The issue time is later than the checking instant plus the allowed clock skew. */
  'ISSUED_IN_FUTURE',
  /** The code was superseded: its (id, iat) is below a revocation cut-off. */
  'CREDENTIAL_REVOKED',
] as const;
