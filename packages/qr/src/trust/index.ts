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
export { validateTrustListDocument } from './validate.ts';
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
} from './types.ts';
export {
  detectTrustSource,
  parseDscList,
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
