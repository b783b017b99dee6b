/** The OneQR trust list's codes. */
const TRUST_LIST_DOCUMENT_CODES = [
  /** Not a JWS compact string, a `{ "jws": … }` wrapper or a JSON document; or bad JSON/UTF-8 inside. */
  'TRUST_LIST_SYNTAX',
  /** The input is larger than the accepted maximum. */
  'TRUST_LIST_TOO_LARGE',
  /** The JWS protected header is wrong (alg, typ, crit). */
  'TRUST_LIST_HEADER',
  /** The header's kid is not the kid of the root key given to check it. */
  'TRUST_LIST_ROOT_MISMATCH',
  /** The root key given to check the list is not a usable P-256 public key. */
  'TRUST_LIST_ROOT_KEY_INVALID',
  /** The root signature does not verify. */
  'TRUST_LIST_SIGNATURE_INVALID',
  /** The document's `format` is not `oneqr-trust-list/1`. */
  'TRUST_LIST_FORMAT_UNSUPPORTED',
  /** A member is missing or has the wrong type or form (the issue names it). */
  'TRUST_LIST_FIELD',
  /** An issuer lists a right other than personal, venue, vaccine, declaration. */
  'TRUST_LIST_RIGHT_UNKNOWN',
  /** A key carries private material (`d`, …): a public list must never hold it. */
  'TRUST_LIST_PRIVATE_KEY',
  /** A key is not a P-256 public JWK (or its point is not on the curve). */
  'TRUST_LIST_KEY_INVALID',
  /** A key's kid is not the kid computed from the key. */
  'TRUST_LIST_KID_MISMATCH',
  /** Two issuers share an id. */
  'TRUST_LIST_DUPLICATE_ISSUER',
  /** The same key material is listed twice. */
  'TRUST_LIST_DUPLICATE_KEY',
  /** A key's notBefore is not before its notAfter. */
  'TRUST_LIST_VALIDITY_RANGE',
  /** Warning: the checking instant is past the list's nextUpdate; fetch a newer list. */
  'TRUST_LIST_STALE',
] as const;

/** Codes of the other trust sources (EU DSC list, SHC key sets and revocation lists). */
const TRUST_SOURCE_CODES = [
  /** The input is no trust source OneQR reads: not a trust list JWS, a DSC list, a key set or a revocation list. */
  'TRUST_SOURCE_UNREADABLE',
  /** A JSON object fits more than one trust-source shape: refused rather than guessed. */
  'TRUST_SOURCE_AMBIGUOUS',
  /** The trust source, or its list of entries, is larger than the accepted maximum. */
  'TRUST_SOURCE_TOO_LARGE',
  /** An entry misses a member or has the wrong type or form (the issue names it). */
  'TRUST_SOURCE_FIELD',
  /** An entry's kid is not its key's (DSC: SHA-256 of the certificate; SHC: the JWK thumbprint). */
  'TRUST_SOURCE_KID_MISMATCH',
  /** A key carries private material: a trust source must never hold it. */
  'TRUST_SOURCE_PRIVATE_KEY',
] as const;

/** Codes of the revocation log (docs/revocations.md). */
const REVOCATION_LOG_CODES = [
  /** A revocation batch is not a JWS compact string of JSON, or is larger than the accepted maximum. */
  'REVOCATION_BATCH_SYNTAX',
  /** A revocation batch's JWS header is wrong (alg, typ, crit). */
  'REVOCATION_BATCH_HEADER',
  /** A revocation batch is not signed by the root key (forged or altered). */
  'REVOCATION_BATCH_SIGNATURE_INVALID',
  /** A revocation batch member is missing or has the wrong type or form (the issue names it). */
  'REVOCATION_BATCH_FIELD',
  /** A revocation batch is of another partition, or holds an id of another partition. */
  'REVOCATION_BATCH_PARTITION',
  /** A revocation batch is already held (its sequence is not above the replica's head). */
  'REVOCATION_BATCH_REPLAY',
  /** A revocation batch skips a sequence, or the delta stops short of the trust list's head. */
  'REVOCATION_BATCH_GAP',
  /** A revocation batch does not chain to the batch before it (reordered, forked or spliced). */
  'REVOCATION_BATCH_CHAIN',
  /** The trust list names an older revocation log head than the replica holds (rollback or fork). */
  'REVOCATION_LOG_ROLLBACK',
  /** The trust list's revocation log has another number of partitions than the replica. */
  'REVOCATION_LOG_PARTITIONS',
  /** A revocation snapshot is not a JWS compact string of JSON, or is larger than the accepted maximum. */
  'REVOCATION_SNAPSHOT_SYNTAX',
  /** A revocation snapshot's JWS header is wrong (alg, typ, crit). */
  'REVOCATION_SNAPSHOT_HEADER',
  /** A revocation snapshot is not signed by the root key (forged or altered). */
  'REVOCATION_SNAPSHOT_SIGNATURE_INVALID',
  /** A revocation snapshot member is missing or has the wrong type or form (the issue names it). */
  'REVOCATION_SNAPSHOT_FIELD',
  /** A revocation snapshot is of another partition, or holds an id of another partition. */
  'REVOCATION_SNAPSHOT_PARTITION',
  /** A revocation snapshot covers fewer batches than the replica already holds (rollback). */
  'REVOCATION_SNAPSHOT_ROLLBACK',
  /** A revocation snapshot's head is not in the signed chain (ahead of or other than the trust list's head, or the delta does not continue from it). */
  'REVOCATION_SNAPSHOT_CHAIN',
] as const;

/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const TRUST_LIST_CODES = [
  ...TRUST_LIST_DOCUMENT_CODES,
  ...TRUST_SOURCE_CODES,
  ...REVOCATION_LOG_CODES,
] as const;
