/**
 * The OneQR key id (SPEC §2.1): base64url of the first 6 bytes of SHA-256 over the key's DER
 * SubjectPublicKeyInfo: 8 characters. Six bytes are short: two keys CAN share a kid (a
 * forger can search for one), so a kid selects candidates, never a single trusted key.
 */
import { b64uEncode } from './base64url.ts';
import { minimalPublicJwk } from './jwk.ts';

/** Length of a kid in characters. */
export const KID_LENGTH = 8;

/** A well-formed kid: 8 base64url characters (6 bytes, so no trailing-bit ambiguity). */
export const KID_PATTERN = /^[A-Za-z0-9_-]{8}$/;

/**
 * Computes the kid of a P-256 public JWK (a private JWK works too: its public part is used).
 *
 * @example await kidOf(publicJwk) // e.g. 'q3Zr0P1x'
 */
export async function kidOf(publicJwk: JsonWebKey): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey(
    'jwk',
    { ...minimalPublicJwk(publicJwk), ext: true },
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['verify'],
  );
  const spki = await subtle.exportKey('spki', key);
  const digest = new Uint8Array(await subtle.digest('SHA-256', spki));
  return b64uEncode(digest.subarray(0, 6));
}

/**
 * The public JWK of a private JWK: drops `d` (and any other private member), keeps
 * kty/crv/x/y and, when present, kid/alg/use.
 */
export function publicJwkOf(privateJwk: JsonWebKey): JsonWebKey {
  const out: JsonWebKey = { ...minimalPublicJwk(privateJwk) };
  const src = privateJwk as JsonWebKey & { kid?: unknown };
  if (typeof src.kid === 'string') (out as { kid?: string }).kid = src.kid;
  if (src.alg !== undefined) out.alg = src.alg;
  if (src.use !== undefined) out.use = src.use;
  return out;
}
