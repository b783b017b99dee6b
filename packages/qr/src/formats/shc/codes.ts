/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const SHC_CODES = [
  // numeric QR layer
  'SHC_PREFIX',
  'SHC_NUMERIC_CHARACTER',
  'SHC_NUMERIC_LENGTH',
  'SHC_NUMERIC_VALUE',
  'SHC_CHUNK',
  'SHC_CHUNK_INCOMPLETE',
  'SHC_CHUNK_DEPRECATED',
  // JWS layer
  'SHC_JWS',
  'SHC_JWS_HEADER',
  'SHC_ZIP',
  'SHC_ALG',
  'SHC_KID_MISSING',
  // payload layer
  'SHC_INFLATE',
  'SHC_TOO_LARGE',
  'SHC_PAYLOAD_JSON',
  'SHC_ISS',
  'SHC_NBF',
  'SHC_VC',
  'SHC_BUNDLE',
  'SHC_PATIENT_MISSING',
  // verification
  'SHC_KEY_UNKNOWN',
  'SHC_KEY_LOOKUP_FAILED',
  'SHC_KEY_INVALID',
  'SHC_KID_THUMBPRINT',
  'SHC_SIGNATURE_INVALID',
  'SHC_NOT_YET_VALID',
  'SHC_EXPIRED',
  'SHC_REVOKED',
  'SHC_REVOCATION_UNCHECKED',
  'SHC_CRL_OUTDATED',
] as const;
