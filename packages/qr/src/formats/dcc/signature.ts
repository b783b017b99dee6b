import { issue } from '../../errors.ts';
import type { CoseSign1 } from './cose.ts';
import { sigStructure } from './cose.ts';
import { fail, ok, type Step } from './step.ts';

export type DccAlg = 'ES256' | 'PS256';

const ALGS: Record<number, DccAlg> = { [-7]: 'ES256', [-37]: 'PS256' };

/** Name of a COSE algorithm number the DCC allows; undefined for any other. */
export function coseAlgName(alg: number): DccAlg | undefined {
  return ALGS[alg];
}

const WEBCRYPTO = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
} as const;

/** Makes a WebCrypto verify key for `alg` from a CryptoKey (checked) or a JWK (imported). */
export async function importDccKey(key: CryptoKey | JsonWebKey, alg: DccAlg): Promise<Step<CryptoKey>> {
  const want = WEBCRYPTO[alg].name;
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) {
    if (key.algorithm.name !== want) {
      return fail(
        issue('DCC_KEY_ALG_MISMATCH', `Key: ${key.algorithm.name} key cannot verify ${alg}`, 'alg'),
      );
    }
    return ok(key);
  }
  try {
    const k = await globalThis.crypto.subtle.importKey('jwk', key as JsonWebKey, WEBCRYPTO[alg], false, [
      'verify',
    ]);
    return ok(k);
  } catch {
    return fail(issue('DCC_KEY_INVALID', `Key: the public key cannot be imported for ${alg}`, 'publicKey'));
  }
}

/** Verifies the COSE_Sign1 signature over its Sig_structure. ES256 signatures are raw r‖s (64 bytes). */
export async function verifyCoseSignature(cose: CoseSign1, key: CryptoKey, alg: DccAlg): Promise<boolean> {
  if (alg === 'ES256' && cose.signature.length !== 64) return false;
  const params = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 };
  try {
    return await globalThis.crypto.subtle.verify(
      params,
      key,
      cose.signature as BufferSource,
      sigStructure(cose) as BufferSource,
    );
  } catch {
    return false;
  }
}
