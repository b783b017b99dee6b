/**
 * Shape checks for P-256 JWKs. WebCrypto does the real validation (point on the curve) on
 * import; these checks give a clear reason first and strip members we do not want to carry.
 */
import { b64uDecodeOrNull } from './base64url.ts';

/** JWK members that only a private (or symmetric) key has. Their presence in a public list is refused. */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The minimal public P-256 JWK: exactly what identifies the key. */
export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** True when `jwk` carries any private key member. */
export function hasPrivateMembers(jwk: object): boolean {
  return PRIVATE_JWK_MEMBERS.some((m) => Object.prototype.hasOwnProperty.call(jwk, m));
}

function isCoordinate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 43) return false;
  const bytes = b64uDecodeOrNull(v);
  return bytes !== null && bytes.length === 32;
}

/**
 * Returns the reason `jwk` is not a usable P-256 public key, or null when its shape is right.
 * Private members are NOT a reason here (a private JWK contains the public one); see
 * {@link hasPrivateMembers}.
 */
export function p256ShapeProblem(jwk: unknown): string | null {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'not a JSON object';
  const k = jwk as Record<string, unknown>;
  if (k.kty !== 'EC') return 'kty must be "EC"';
  if (k.crv !== 'P-256') return 'crv must be "P-256"';
  if (!isCoordinate(k.x)) return 'x must be 32 bytes in base64url';
  if (!isCoordinate(k.y)) return 'y must be 32 bytes in base64url';
  if (k.alg !== undefined && k.alg !== 'ES256') return 'alg, when present, must be "ES256"';
  if (k.use !== undefined && k.use !== 'sig') return 'use, when present, must be "sig"';
  return null;
}

/** The minimal public part of a P-256 JWK (throws TypeError when the shape is wrong). */
export function minimalPublicJwk(jwk: JsonWebKey): P256PublicJwk {
  const problem = p256ShapeProblem(jwk);
  if (problem !== null) throw new TypeError(`Not a P-256 JWK: ${problem}`);
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
}
