/** The trust list (SPEC §4) and the store verifiers consult. */
export { buildTrustList, TrustListBuildError, type BuildTrustListInput } from './build.ts';
export {
  signTrustList,
  verifyTrustList,
  parseTrustList,
  TRUST_LIST_MAX_LENGTH,
  type TrustListResult,
  type TrustListReadOptions,
} from './trust-list.ts';
export { validateTrustListDocument, REVOCATION_MAX_PARTITIONS } from './validate.ts';
export {
  REVOCATION_BATCH_FORMAT,
  REVOCATION_BATCH_JWS_TYP,
  REVOCATION_BATCH_MAX_ENTRIES,
  REVOCATION_BATCH_MAX_LENGTH,
  REVOCATION_PARTITIONS,
  RevocationReplica,
  batchHash,
  partitionOf,
  revocationRoot,
  sealRevocationBatch,
  signRevocationBatch,
  verifyRevocationBatch,
  type RevocationBatch,
  type RevocationRoot,
  type RevocationReplicaState,
} from './revocation-log.ts';
export {
  REVOCATION_SNAPSHOT_FORMAT,
  REVOCATION_SNAPSHOT_JWS_TYP,
  REVOCATION_SNAPSHOT_MAX_ENTRIES,
  REVOCATION_SNAPSHOT_MAX_LENGTH,
  signRevocationSnapshot,
  verifyRevocationSnapshot,
  type RevocationSnapshot,
} from './revocation-snapshot.ts';
export {
  httpRevocationLog,
  syncRevocationReplica,
  type RevocationLogSource,
  type RevocationSyncStep,
} from './revocation-sync.ts';
export { TrustStore, sourceFromTrustList, type TrustedKey, type TrustSource } from './trust-store.ts';
export {
  RIGHTS,
  TRUST_LIST_FORMAT,
  TRUST_LIST_JWS_TYP,
  type Right,
  type KeyStatus,
  type IssuerInput,
  type IssuerKeyInput,
  type TrustListDocument,
  type TrustListIssuer,
  type TrustListKey,
  type TrustListRevocation,
  type TrustListRevocationLog,
  type RevocationLogHead,
} from './types.ts';
export {
  detectTrustSource,
  parseDscList,
  parseDccRevocationList,
  parseShcJwks,
  parseShcCrl,
  attachShcCrls,
  shcKeySourceFromIssuers,
  TRUST_SOURCE_MAX_LENGTH,
  TRUST_SOURCE_MAX_ENTRIES,
  type TrustSourceKind,
  type DscEntry,
  type ShcIssuerKeys,
} from './sources.ts';
