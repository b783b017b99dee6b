/** Primitives of the standard: base64url, ES256 (signing on WebCrypto), kid, JWS, the verifier's keys. */
export { b64uEncode, b64Encode, b64uDecode, b64uDecodeOrNull, Base64UrlError } from './base64url.ts';
export {
  generateKeyPair,
  importPublicKey,
  importPrivateKey,
  signEs256,
  verifyEs256,
  toLowS,
  isLowS,
  type Es256KeyPair,
} from './es256.ts';
export { kidOf, publicJwkOf, KID_LENGTH, KID_PATTERN } from './kid.ts';
export { hasPrivateMembers, p256ShapeProblem, minimalPublicJwk, type P256PublicJwk } from './jwk.ts';
export {
  CRYPTO_BACKEND,
  VerifyKeyCache,
  importVerifyKey,
  keyCacheOf,
  verifyWith,
  type KeyMaterial,
  type VerifyAlg,
  type VerifyKey,
} from './verify-key.ts';
export { parseCompactJws, isJwsDefect, signCompact, type CompactJws, type CompactJwsDefect } from './jws.ts';
