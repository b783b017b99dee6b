/**
 * The WebCrypto verify backend (browsers, and any runtime without node:crypto). Selected by the
 * `#crypto-backend` import's `default` condition; see verify-key.ts.
 */
import type { VerifyAlg } from './verify-key.ts';

export const NAME = 'webcrypto';

const IMPORT = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
} as const;
const VERIFY = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
} as const;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('WebCrypto (globalThis.crypto.subtle) is not available');
  return s;
}

export function importJwk(jwk: JsonWebKey, alg: VerifyAlg): Promise<CryptoKey> {
  return subtle().importKey('jwk', jwk, IMPORT[alg], false, ['verify']);
}

export function importSpki(spki: Uint8Array, alg: VerifyAlg): Promise<CryptoKey> {
  return subtle().importKey('spki', spki as BufferSource, IMPORT[alg], false, ['verify']);
}

export async function fromCryptoKey(key: CryptoKey, alg: VerifyAlg): Promise<CryptoKey> {
  if (key.algorithm.name !== IMPORT[alg].name) throw new TypeError(`a ${key.algorithm.name} key`);
  return key;
}

export function verify(key: unknown, alg: VerifyAlg, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  return subtle().verify(VERIFY[alg], key as CryptoKey, sig as BufferSource, data as BufferSource);
}
