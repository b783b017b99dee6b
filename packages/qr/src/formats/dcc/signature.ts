import { issue } from '../../errors.ts';
import type { VerifyKey, VerifyKeyCache } from '../../crypto/verify-key.ts';
import { fail, ok, type Step } from '../../lib/step.ts';
import type { DccCertificate } from './certificate.ts';

export type DccAlg = 'ES256' | 'PS256';

const ALGS: Record<number, DccAlg> = { [-7]: 'ES256', [-37]: 'PS256' };

/** Name of a COSE algorithm number the DCC allows; undefined for any other. */
export function coseAlgName(alg: number): DccAlg | undefined {
  return ALGS[alg];
}

const WEBCRYPTO_NAME = { ES256: 'ECDSA', PS256: 'RSA-PSS' } as const;

/** The verify key of a signer for `alg`, from a CryptoKey (its algorithm checked) or a JWK, cached. */
export async function dccVerifyKey(
  cache: VerifyKeyCache,
  key: CryptoKey | JsonWebKey,
  alg: DccAlg,
): Promise<Step<VerifyKey>> {
  const isCryptoKey = typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
  if (isCryptoKey && key.algorithm.name !== WEBCRYPTO_NAME[alg]) {
    return fail(issue('DCC_KEY_ALG_MISMATCH', `Key: ${key.algorithm.name} key cannot verify ${alg}`, 'alg'));
  }
  const imported = await cache.key(isCryptoKey ? { cryptoKey: key } : { jwk: key as JsonWebKey }, alg);
  if (imported === null) {
    return fail(issue('DCC_KEY_INVALID', `Key: the public key cannot be imported for ${alg}`, 'publicKey'));
  }
  return ok(imported);
}

const CERTIFICATE_KEY_TYPE = { ES256: 'EC-P256', PS256: 'RSA' } as const;

/** The verify key in a signing certificate for `alg`, cached by its SubjectPublicKeyInfo bytes. */
export async function dccCertificateKey(
  cache: VerifyKeyCache,
  certificate: DccCertificate,
  alg: DccAlg,
): Promise<Step<VerifyKey>> {
  if (certificate.keyType !== CERTIFICATE_KEY_TYPE[alg]) {
    const msg = `Key: the certificate's ${certificate.keyType} key cannot verify ${alg}`;
    return fail(issue('DCC_KEY_ALG_MISMATCH', msg, 'alg'));
  }
  // By the parsed certificate first (no key bytes to turn into an id on the hot path), then by
  // the bytes, for sources that hand out new certificate objects.
  const imported = await cache.memoOn(certificate, `key:${alg}`, () =>
    cache.key({ spki: certificate.spki }, alg),
  );
  if (imported === null) {
    return fail(
      issue('DCC_KEY_INVALID', `Key: the certificate's key cannot be imported for ${alg}`, 'publicKey'),
    );
  }
  return ok(imported);
}
