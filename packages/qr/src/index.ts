/**
 * @oneqr/qr — the OneQR standard: read any code a Vietnamese scanner accepts, issue and verify
 * Decision 1405 personal QR codes and venue QR codes, and the national trust list.
 * QR symbol rendering and decoding live in `@oneqr/qr/symbols` so this core stays small.
 */
export { read, MAX_INPUT_BYTES, type ReadContext } from './read.ts';
export type {
  FieldsOfKind,
  Kind,
  ReadResult,
  ReadResultOf,
  SignatureInfo,
  SignatureState,
  Parsed,
} from './types.ts';
export { ERROR_CODES, OneQRError, issue, type ErrorCode, type Issue } from './errors.ts';
export { isClockCode, isVerificationCode } from './verification.ts';
export { issuePersonal, issueVenue } from './issue.ts';

// Formats
export * from './formats/personal/index.ts';
export * from './formats/cccd/index.ts';
export * from './formats/citizen-id/index.ts';
export * from './formats/venue/index.ts';
export * from './formats/declaration/index.ts';
// The linkage review queue's wire shape (GET /v1/linkage/review).
export type { LinkCandidate, LinkFeature, LinkFeatures, ReviewItem } from './linkage-review.ts';
// Declaration form definitions (the platform's forms) and which fields apply to the answers.
export * from './declaration-forms.ts';
export {
  decodeDcc,
  decodeDccLayers,
  verifyDcc,
  dccKeySourceFromCertificates,
  dccSignerFromCertificate,
  dccRevocationSource,
  dccRevocationHash,
  checkDccRevocation,
  DCC_REVOCATION_HASH_TYPES,
  dccKid,
  base45Encode,
  sigStructure,
  DCC_PREFIX,
} from './formats/dcc/index.ts';
// CBOR for builders of COSE/CWT documents (the passport issuer).
export { encodeCbor, CborTag, type CborValue } from './lib/cbor.ts';
export type {
  DccFields,
  DccKeySource,
  DccRevocationBatch,
  DccRevocationHashType,
  DccRevocationSource,
  DccSigner,
  DccVerification,
} from './formats/dcc/index.ts';
// The DCC verifier's layers, each on its own (decode without verifying, the raw CWT payload in
// `layers.cose.payload`, each layer's bytes); schema and value sets: `@oneqr/qr/dcc-content`.
export {
  unprefixDcc,
  base45Decode,
  decompressDcc,
  zlibInflate,
  parseCoseSign1,
  parseCwtClaims,
  cborToJson,
  verifyDecodedDcc,
  checkDccValidity,
  checkDccKeyUsage,
  dccTypes,
  parseDccCertificate,
} from './formats/dcc/index.ts';
export type {
  CoseSign1,
  CwtClaims,
  DccCertificate,
  DccDecoding,
  DccLayers,
  DccName,
  DccRecovery,
  DccTest,
  DccVaccination,
  DccType,
  Json,
  Step,
} from './formats/dcc/index.ts';
export { decodeShc, verifyShc, shcKeySourceFromJwks, reassembleShc } from './formats/shc/index.ts';
export type {
  ShcFields,
  ShcJwk,
  ShcKeySource,
  ShcRevocationList,
  ShcVerification,
} from './formats/shc/index.ts';
export { foldName, isRealDate, vietnamToday } from './lib/text.ts';
export * from './identity.ts';

// Keys, signatures, trust
export { generateKeyPair, importPublicKey, importPrivateKey, kidOf, publicJwkOf } from './crypto/index.ts';
export {
  signPersonal,
  verifySigned,
  createSigner,
  parseSignatureField,
  type Signer,
} from './signature/index.ts';
export * from './trust/index.ts';

// Rules (CertLogic): EU DCC business rules and province colour rules, evaluated offline.
export * from './rules/index.ts';
