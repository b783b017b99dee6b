/** Codes of the decoding steps (the input is malformed: the CLI exits 2). */
const SHC_DECODE_CODES = [
  // numeric QR layer
  /** The text does not start with `shc:/`. */
  'SHC_PREFIX',
  /** The numeric part holds a character that is not a digit. */
  'SHC_NUMERIC_CHARACTER',
  /** The numeric part is empty or has an odd number of digits. */
  'SHC_NUMERIC_LENGTH',
  /** A digit pair is above 77 (no base64url character maps to it). */
  'SHC_NUMERIC_VALUE',
  /** The chunk marker `shc:/N/M/` has an invalid part number. */
  'SHC_CHUNK',
  /** One part of a multi-part card: every part must be scanned and reassembled. */
  'SHC_CHUNK_INCOMPLETE',
  /** Warning: the deprecated single-chunk form `shc:/1/1/…`. */
  'SHC_CHUNK_DEPRECATED',
  /** Warning: a QR holds more JWS characters than the spec allows (1195 alone, 1191 per chunk). */
  'SHC_CHUNK_SIZE',
  /** Warning: the card was split into chunks although its JWS fits one QR (≤ 1195 characters). */
  'SHC_CHUNK_UNNEEDED',
  /** Warning: the chunks' sizes differ by more than 0.5 % of an even split. */
  'SHC_CHUNK_UNBALANCED',
  /** Warning: the QR symbol's version is above 22, the largest the spec allows. */
  'SHC_QR_VERSION',
  /** Warning: the QR symbol is not one byte-mode segment (`shc:/`) then one numeric segment. */
  'SHC_QR_SEGMENTS',
  // JWS layer
  /** Not a compact JWS of three base64url parts. */
  'SHC_JWS',
  /** The JWS header is not a JSON object. */
  'SHC_JWS_HEADER',
  /** The JWS header's `zip` is not `DEF`. */
  'SHC_ZIP',
  /** The JWS header's `alg` is not `ES256`. */
  'SHC_ALG',
  /** The JWS header has no `kid`. */
  'SHC_KID_MISSING',
  // payload layer
  /** The payload is not a valid raw DEFLATE stream. */
  'SHC_INFLATE',
  /** The payload inflates past the decoder's bound. */
  'SHC_TOO_LARGE',
  /** The inflated payload is not UTF-8 JSON, or not a JSON object. */
  'SHC_PAYLOAD_JSON',
  /** The inflated payload starts with a byte-order mark (U+FEFF): JSON must not. */
  'SHC_PAYLOAD_BOM',
  /** The payload's `iss` is not an https URL. */
  'SHC_ISS',
  /** The payload's `nbf` (or `exp`) is not a number of seconds. */
  'SHC_NBF',
  /** The payload's `vc` is missing or its `type` is not a list of strings. */
  'SHC_VC',
  /** The payload has no `vc.credentialSubject.fhirBundle`. */
  'SHC_BUNDLE',
  /** Warning: the FHIR bundle has no Patient resource. */
  'SHC_PATIENT_MISSING',
  /** Warning: the card's `vc.rid` is longer than 24 characters or not base64url. */
  'SHC_RID',
] as const;

/**
 * Codes of the verification steps: a signature, trust or validity check failed (the CLI exits
 * 1; a scanner shows a refusal). The warnings among them stay warnings.
 */
export const SHC_VERIFICATION_CODES = [
  /** No key under the kid is known for the card's issuer. */
  'SHC_KEY_UNKNOWN',
  /** The key source failed while looking up the issuer's keys. */
  'SHC_KEY_LOOKUP_FAILED',
  /** The issuer's key is not an importable EC P-256 public key. */
  'SHC_KEY_INVALID',
  /** The kid is not the RFC 7638 thumbprint of the key listed under it. */
  'SHC_KID_THUMBPRINT',
  /** The ES256 signature does not verify with the issuer's key. */
  'SHC_SIGNATURE_INVALID',
  /** The card's `nbf` is later than the validation time. */
  'SHC_NOT_YET_VALID',
  /** The card's `exp` is earlier than the validation time. */
  'SHC_EXPIRED',
  /** The issuer's revocation list revokes the card (by `rid`). */
  'SHC_REVOKED',
  /** Warning: the issuer publishes a revocation list, but none was given to check the card. */
  'SHC_REVOCATION_UNCHECKED',
  /** Warning: the revocation list given is older than the version the key announces. */
  'SHC_CRL_OUTDATED',
  /** Warning: the revocation list is newer than the key's `crlVersion` (the key set is stale). */
  'SHC_CRL_AHEAD',
  /** Warning: the revocation list's `kid` is not the key's, or it is malformed: not applied. */
  'SHC_CRL_INVALID',
  /** Warning: the revocation list's `method` is not `rid`: the card's revocation is unchecked. */
  'SHC_CRL_METHOD',
  /** Warning: a revocation list entry is not a base64url rid of ≤ 24 characters (`.timestamp` optional). */
  'SHC_CRL_RID',
  /** Warning: the revocation list names the same rid twice. */
  'SHC_CRL_DUPLICATE',
  /** The key's `x5c` chain does not verify: a signature, the key match, a validity or the issuer's URL. */
  'SHC_X5C_INVALID',
  /** Warning: a certificate of the key's `x5c` chain is outside its validity at the checking instant. */
  'SHC_X5C_VALIDITY',
] as const;

/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const SHC_CODES = [...SHC_DECODE_CODES, ...SHC_VERIFICATION_CODES] as const;
