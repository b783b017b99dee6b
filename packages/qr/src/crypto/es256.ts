/**
 * ES256 (ECDSA over P-256 with SHA-256) through WebCrypto. Signatures are the raw `r‖s`
 * form (IEEE P1363, 64 bytes), which is what WebCrypto produces and what JOSE uses.
 */
import { minimalPublicJwk } from './jwk.ts';
import { kidOf } from './kid.ts';

const ALG: EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('WebCrypto (globalThis.crypto.subtle) is not available');
  return s;
}

/** WebCrypto's typings want an ArrayBuffer-backed view; copy only when the input is not one. */
function view(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : (new Uint8Array(bytes) as Uint8Array<ArrayBuffer>);
}

/** A key pair as JWKs, both carrying `kid`, `alg: 'ES256'` and `use: 'sig'`. */
export interface Es256KeyPair {
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

/**
 * Generates a P-256 key pair.
 *
 * @example const { privateJwk, publicJwk } = await generateKeyPair(); publicJwk.kid // 8 chars
 */
export async function generateKeyPair(): Promise<Es256KeyPair> {
  const pair = (await subtle().generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = await subtle().exportKey('jwk', pair.publicKey);
  const priv = await subtle().exportKey('jwk', pair.privateKey);
  const publicPart = minimalPublicJwk(pub);
  const kid = await kidOf(publicPart);
  const meta = { kid, alg: 'ES256', use: 'sig' };
  return {
    privateJwk: { ...publicPart, d: priv.d, ...meta },
    publicJwk: { ...publicPart, ...meta },
  };
}

/**
 * Imports a public P-256 JWK for verification (extra members such as `kid` or `d` are ignored:
 * only kty/crv/x/y reach WebCrypto). Throws TypeError on a malformed JWK, and WebCrypto's
 * error when the point is not on the curve.
 */
export async function importPublicKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return subtle().importKey('jwk', { ...minimalPublicJwk(jwk), ext: true }, ALG, true, ['verify']);
}

/** Imports a private P-256 JWK (must carry `d`) for signing; the key is not extractable. */
export async function importPrivateKey(jwk: JsonWebKey): Promise<CryptoKey> {
  const pub = minimalPublicJwk(jwk);
  if (typeof jwk.d !== 'string' || jwk.d.length !== 43) throw new TypeError('Not a P-256 private JWK: d');
  return subtle().importKey('jwk', { ...pub, d: jwk.d }, ALG, false, ['sign']);
}

/** Signs `data` with ES256; returns raw `r‖s` (64 bytes). */
export async function signEs256(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign(SIGN, key, view(data)));
}

/**
 * Verifies a raw `r‖s` ES256 signature. Never throws for a bad signature: a wrong length or
 * a WebCrypto failure answers false.
 */
export async function verifyEs256(key: CryptoKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (sig.length !== 64) return false;
  try {
    return await subtle().verify(SIGN, key, view(sig), view(data));
  } catch {
    return false;
  }
}
