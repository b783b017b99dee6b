/** Who signs: a private key and its kid, and the one routine that appends an S1 signature. */
import { OneQRError } from '../errors.ts';
import { b64uEncode } from '../crypto/base64url.ts';
import { importPrivateKey, signEs256 } from '../crypto/es256.ts';
import { KID_PATTERN, kidOf, publicJwkOf } from '../crypto/kid.ts';
import { isSaneIat, SIGNATURE_VERSION } from './profile.ts';

/** A ready signer: an imported private key and its kid. Make one with {@link createSigner} and reuse it. */
export interface KeySigner {
  privateKey: CryptoKey;
  kid: string;
}

/**
 * A private JWK, or a ready {@link KeySigner}. `kid` defaults to the key's computed kid;
 * giving another one is allowed (key-rotation tooling, tests of forged kids).
 */
export type Signer = { privateJwk: JsonWebKey; kid?: string } | KeySigner;

/**
 * Imports a private JWK once and computes its kid, for signing many codes with one key.
 *
 * @example const signer = await createSigner(privateJwk); await signPersonal(text, signer, iat)
 */
export async function createSigner(privateJwk: JsonWebKey): Promise<KeySigner> {
  const privateKey = await importPrivateKey(privateJwk);
  return { privateKey, kid: await kidOf(publicJwkOf(privateJwk)) };
}

async function resolve(signer: Signer): Promise<KeySigner> {
  if ('privateKey' in signer) return signer;
  const privateKey = await importPrivateKey(signer.privateJwk);
  return { privateKey, kid: signer.kid ?? (await kidOf(publicJwkOf(signer.privateJwk))) };
}

/**
 * Appends `S1.<kid>.<iat36>.<sig>` to `prefix` (which already ends with the field separator),
 * signing the UTF-8 bytes of everything before the final `.`. Throws OneQRError on a bad iat or kid.
 */
export async function appendSignature(prefix: string, signer: Signer, iat: number): Promise<string> {
  if (!isSaneIat(iat)) {
    throw new OneQRError(
      'SIGNATURE_IAT_RANGE',
      `iat ${iat} must be integer Unix seconds in 2020 … 2100`,
      'iat',
    );
  }
  const { privateKey, kid } = await resolve(signer);
  if (!KID_PATTERN.test(kid)) {
    throw new OneQRError('SIGNATURE_KID_FORMAT', 'kid must be 8 base64url characters', 'kid');
  }
  const signed = `${prefix}${SIGNATURE_VERSION}.${kid}.${iat.toString(36)}`;
  const sig = await signEs256(privateKey, new TextEncoder().encode(signed));
  return `${signed}.${b64uEncode(sig)}`;
}
