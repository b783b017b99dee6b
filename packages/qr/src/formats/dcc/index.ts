/**
 * EU Digital COVID Certificate (`HC1:`) verifier: a pipeline of small steps
 * (unprefix → Base45 → zlib → COSE_Sign1 → CWT → fields → signature, validity, key usage),
 * each failing with its own code.
 */
export { decodeDcc, decodeDccLayers, type DccDecoding, type DccLayers } from './decode.ts';
export { verifyDcc, verifyDecodedDcc } from './verify.ts';
export { dccKeySourceFromCertificates, dccSignerFromCertificate } from './key-source.ts';
export {
  checkDccRevocation,
  dccRevocationHash,
  dccRevocationSource,
  DCC_REVOCATION_HASH_TYPES,
  type DccRevocationBatch,
  type DccRevocationHashType,
  type DccRevocationSource,
} from './revocation.ts';
export { dccKid, parseDccCertificate, type DccCertificate } from './certificate.ts';
export { unprefixDcc, DCC_PREFIX } from './unprefix.ts';
export { base45Decode, base45Encode } from './base45.ts';
export { decompressDcc, zlibInflate } from './compression.ts';
export { parseCoseSign1, sigStructure, type CoseSign1 } from './cose.ts';
export { parseCwtClaims, type CwtClaims } from './cwt.ts';
export { cborToJson, type Json } from './json.ts';
export { checkDccValidity } from './validity.ts';
export { checkDccKeyUsage, dccTypes, type DccType } from './key-usage.ts';
export type { Step } from '../../lib/step.ts';
export type {
  DccFields,
  DccKeySource,
  DccName,
  DccRecovery,
  DccSigner,
  DccTest,
  DccVaccination,
  DccVerification,
} from './types.ts';
