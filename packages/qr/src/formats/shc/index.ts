/**
 * SMART Health Cards (`shc:/`) verifier: a pipeline of small steps
 * (numeric → JWS → raw inflate → JSON → fields → thumbprint, signature, time, revocation),
 * each failing with its own code.
 */
export { decodeShc, decodeShcLayers, type ShcDecoding, type ShcLayers } from './decode.ts';
export { verifyShc, verifyDecodedShc } from './verify.ts';
export { shcKeySourceFromJwks } from './key-source.ts';
export { decodeShcNumeric, reassembleShc } from './numeric.ts';
export { parseShcJws, type ShcJws, type ShcJwsHeader } from './jws.ts';
export { parseShcPayload, type ShcPayload } from './payload.ts';
export { jwkThumbprint } from './thumbprint.ts';
export { checkShcRevocation } from './revocation.ts';
export type {
  ShcFields,
  ShcImmunization,
  ShcJwk,
  ShcKeySource,
  ShcPatient,
  ShcRevocationList,
  ShcVerification,
} from './types.ts';
