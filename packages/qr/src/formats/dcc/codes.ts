/** Codes of the decoding steps (the input is malformed: the CLI exits 2). */
const DCC_DECODE_CODES = [
  // prefix and transport layers
  /** The text does not start with the `HC1:` context identifier. */
  'DCC_PREFIX',
  /** The Base45 text holds a character outside the Base45 alphabet. */
  'DCC_BASE45_CHARACTER',
  /** The Base45 text's length leaves a single trailing character (length mod 3 is 1). */
  'DCC_BASE45_LENGTH',
  /** A Base45 group encodes a value above 65535 (or a final pair above 255). */
  'DCC_BASE45_OVERFLOW',
  /** The data is neither a sound zlib stream nor a COSE message (bad header or corrupt stream). */
  'DCC_COMPRESSION',
  /** The zlib stream's Adler-32 checksum does not match its content. */
  'DCC_COMPRESSION_CHECKSUM',
  /** The data inflates past the decoder's bound (a real DCC is well under 2 KiB). */
  'DCC_TOO_LARGE',
  /** Warning: the data is not zlib-compressed; it is read as a COSE message as is. */
  'DCC_UNCOMPRESSED',
  // COSE / CBOR / CWT layers
  /** A CBOR item (COSE message, header or payload) is malformed. */
  'DCC_CBOR',
  /** A CBOR item nests deeper than the decoder's bound. */
  'DCC_CBOR_TOO_DEEP',
  /** The message is not a COSE_Sign1 structure (wrong tag, array shape or header types). */
  'DCC_COSE',
  /** Neither COSE header carries an `alg`. */
  'DCC_ALG_MISSING',
  /** The COSE `alg` is not one the verifier supports (ES256, PS256). */
  'DCC_ALG_UNSUPPORTED',
  /** Neither COSE header carries a `kid`. */
  'DCC_KID_MISSING',
  /** The CWT payload is not a claims map, or a claim (iss, iat, exp) has the wrong type. */
  'DCC_CLAIMS',
  /** The CWT has no EU DCC under claim -260, key 1. */
  'DCC_HCERT_MISSING',
  /** Warning: a DCC field has the wrong JSON type (not a string, a number, a list of entries). */
  'DCC_FIELD_TYPE',
  /** Warning: the DCC holds no vaccination, test or recovery entry. */
  'DCC_TYPE_MISSING',
  /** Warning: the DCC holds more than one of vaccination, test and recovery entries. */
  'DCC_TYPE_MULTIPLE',
  /** Warning: the DCC payload does not validate against the published DCC JSON schema of its `ver`. */
  'DCC_SCHEMA',
] as const;

/**
 * Codes of the verification steps: a signature, trust or validity check failed (the CLI exits
 * 1; a scanner shows a refusal). The warnings among them stay warnings.
 */
export const DCC_VERIFICATION_CODES = [
  /** No document signer certificate is known for the kid. */
  'DCC_KEY_UNKNOWN',
  /** The key source failed while looking the kid up. */
  'DCC_KEY_LOOKUP_FAILED',
  /** The signer's public key cannot be imported (only EC P-256 and RSA are usable). */
  'DCC_KEY_INVALID',
  /** The signer's key type cannot verify the COSE `alg` (e.g. an RSA key for ES256). */
  'DCC_KEY_ALG_MISMATCH',
  /** The document signer certificate (DER) is malformed. */
  'DCC_CERTIFICATE',
  /** The COSE kid is not the kid of the signing certificate. */
  'DCC_KID_MISMATCH',
  /** The COSE signature does not verify with any signer under the kid. */
  'DCC_SIGNATURE_INVALID',
  /** Warning: the CWT has no `iat` (issued at) claim. */
  'DCC_ISSUED_AT_MISSING',
  /** Warning: the CWT has no `exp` (expiry) claim. */
  'DCC_EXPIRY_MISSING',
  /** The CWT `iat` is later than the validation time. */
  'DCC_NOT_YET_VALID',
  /** The CWT `exp` is earlier than the validation time. */
  'DCC_EXPIRED',
  /** The DCC was issued before its signing certificate's validity starts. */
  'DCC_SIGNED_BEFORE_SIGNER_VALID',
  /** The DCC expires after its signing certificate does. */
  'DCC_OUTLIVES_SIGNER',
  /** The certificate's extended key usage does not allow signing this kind of DCC (v, t or r). */
  'DCC_KEY_USAGE',
  /** The DCC verifies but is on its issuer's revocation list (a UVCI, country+UVCI or signature hash under its kid). */
  'DCC_REVOKED',
] as const;

/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const DCC_CODES = [...DCC_DECODE_CODES, ...DCC_VERIFICATION_CODES] as const;
