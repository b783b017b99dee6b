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
  return toLowS(new Uint8Array(await subtle().sign(SIGN, key, view(data))));
}

/** Order of the P-256 group, and half of it. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_N = P256_N >> 1n;

/**
 * Every ECDSA signature (r, s) has a twin (r, n − s) that verifies too, so one signed text would
 * have two spellings. We always emit the low-S form (s ≤ n/2), as Bitcoin and Ethereum do, so
 * that verifiers may later refuse high-S without breaking codes issued from now on.
 */
export function toLowS(sig: Uint8Array): Uint8Array {
  if (sig.length !== 64) return sig;
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(sig[i]!);
  if (s <= P256_HALF_N) return sig;
  let low = P256_N - s;
  const out = sig.slice();
  for (let i = 63; i >= 32; i--) {
    out[i] = Number(low & 0xffn);
    low >>= 8n;
  }
  return out;
}

/** True when the raw `r‖s` signature is in low-S form (s ≤ n/2). */
export function isLowS(sig: Uint8Array): boolean {
  return sig.length === 64 && toLowS(sig) === sig;
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
