/**
 * The node:crypto verify backend: KeyObjects and one-shot `crypto.verify`, several times faster
 * than WebCrypto in Node (no promise per call, no thread-pool hop). Selected by the
 * `#crypto-backend` import's `node` condition (see package.json and verify-key.ts), so browser
 * bundles never import it.
 */
import {
  KeyObject,
  constants,
  createPublicKey,
  verify as nodeVerify,
  type JsonWebKey as NodeJwk,
} from 'node:crypto';
import type { VerifyAlg } from './verify-key.ts';

export const NAME = 'node:crypto';

/** The key must be of the algorithm's kind: P-256 for ES256, RSA for PS256. */
function checked(key: KeyObject, alg: VerifyAlg): KeyObject {
  const type = key.asymmetricKeyType;
  const ok =
    alg === 'ES256'
      ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      : type === 'rsa' || type === 'rsa-pss';
  if (!ok) throw new TypeError(`a ${type ?? 'non-asymmetric'} key cannot verify ${alg}`);
  return key;
}

export async function importJwk(jwk: JsonWebKey, alg: VerifyAlg): Promise<KeyObject> {
  return checked(createPublicKey({ key: jwk as NodeJwk, format: 'jwk' }), alg);
}

export async function importSpki(spki: Uint8Array, alg: VerifyAlg): Promise<KeyObject> {
  return checked(createPublicKey({ key: spki as never, format: 'der', type: 'spki' }), alg);
}

export async function fromCryptoKey(key: CryptoKey, alg: VerifyAlg): Promise<KeyObject> {
  const want = alg === 'ES256' ? 'ECDSA' : 'RSA-PSS';
  if (key.algorithm.name !== want) throw new TypeError(`a ${key.algorithm.name} key`);
  return checked(KeyObject.from(key), alg);
}

export function verify(key: unknown, alg: VerifyAlg, sig: Uint8Array, data: Uint8Array): boolean {
  const k = key as KeyObject;
  return alg === 'ES256'
    ? nodeVerify('sha256', data, { key: k, dsaEncoding: 'ieee-p1363' }, sig)
    : nodeVerify('sha256', data, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
}
