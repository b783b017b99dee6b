import { b64uEncode } from '../../crypto/base64url.ts';

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of an EC key: the SHC `kid`.
 * Null for keys that are not EC or lack a member.
 */
export async function jwkThumbprint(jwk: JsonWebKey): Promise<string | null> {
  const { crv, kty, x, y } = jwk;
  if (kty !== 'EC' || typeof crv !== 'string' || typeof x !== 'string' || typeof y !== 'string') return null;
  // Members in lexicographic order, no whitespace (RFC 7638 §3.2).
  const canonical = JSON.stringify({ crv, kty, x, y });
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return b64uEncode(new Uint8Array(digest));
}
