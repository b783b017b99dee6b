import { issue, type Issue } from '../../errors.ts';
import { keyCacheOf, verifyWith } from '../../crypto/verify-key.ts';
import { uniqueCodes } from '../../lib/step.ts';
import { decodeShcLayers, type ShcLayers } from './decode.ts';
import { checkShcRevocation } from './revocation.ts';
import { jwkThumbprint } from './thumbprint.ts';
import { checkShcX5c } from './x5c.ts';
import type { ShcJwk, ShcKeySource, ShcVerification } from './types.ts';

/**
 * Verifies a SMART Health Card: decodes it, finds the issuer key by (iss, kid), checks that the
 * kid is the key's RFC 7638 thumbprint, the ES256 signature, nbf/exp against `at`, and the
 * revocation list when the key source has one. Never throws.
 *
 * @example
 * const keys = shcKeySourceFromJwks('https://spec.smarthealth.cards/examples/issuer', jwks);
 * const { state, errors } = await verifyShc(qrText, keys, new Date());
 */
export async function verifyShc(text: string, keys: ShcKeySource, at: Date): Promise<ShcVerification> {
  const { parsed, layers } = decodeShcLayers(text);
  if (!layers || parsed.errors.length > 0) {
    return { state: 'invalid', errors: parsed.errors, warnings: [...parsed.warnings] };
  }
  const v = await verifyDecodedShc(layers, keys, at);
  return { ...v, warnings: [...parsed.warnings, ...v.warnings] };
}

/**
 * Verifies a card already decoded (`read()` decodes once): the same checks as {@link verifyShc};
 * `warnings` holds only the verification's own, not the decoding's. Never throws.
 */
export async function verifyDecodedShc(
  layers: ShcLayers,
  keys: ShcKeySource,
  at: Date,
): Promise<ShcVerification> {
  try {
    const warnings: Issue[] = [];
    const { jws, payload } = layers;
    const kid = jws.header.kid;
    const base = { warnings, kid, issuer: payload.iss };
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      return {
        state: 'invalid',
        errors: [issue('INTERNAL', 'Clock: the validation time is not a valid date')],
        ...base,
      };
    }
    let candidates: JsonWebKey[];
    try {
      candidates = await keys.lookup(payload.iss, kid);
    } catch {
      const e = issue('SHC_KEY_LOOKUP_FAILED', `Trust: looking up the keys of ${payload.iss} failed`, 'kid');
      return { state: 'untrusted', errors: [e], ...base };
    }
    if (!Array.isArray(candidates) || candidates.length === 0) {
      const e = issue('SHC_KEY_UNKNOWN', `Trust: no key ${kid} known for issuer ${payload.iss}`, 'kid');
      return { state: 'untrusted', errors: [e], ...base };
    }
    const attempts: Issue[] = [];
    let chosen: ShcJwk | undefined;
    const cache = keyCacheOf(keys);
    for (const jwk of candidates as ShcJwk[]) {
      const thumbprint = await cache.memo(`thumbprint:${jwk.kty}:${jwk.crv}:${jwk.x}:${jwk.y}`, () =>
        jwkThumbprint(jwk),
      );
      if (thumbprint !== kid) {
        attempts.push(
          issue('SHC_KID_THUMBPRINT', `Key: kid ${kid} is not the key's RFC 7638 thumbprint`, 'kid'),
        );
        continue;
      }
      const key = await cache.key({ jwk }, 'ES256');
      if (!key) {
        attempts.push(issue('SHC_KEY_INVALID', 'Key: not an importable EC P-256 public key', 'kid'));
        continue;
      }
      const good = await verifyWith(key, jws.signature, jws.signingInput);
      if (good) {
        chosen = jwk;
        break;
      }
      attempts.push(issue('SHC_SIGNATURE_INVALID', 'JWS: ES256 signature does not verify', 'signature'));
    }
    if (!chosen) return { state: 'invalid', errors: uniqueCodes(attempts), ...base };
    const errors: Issue[] = [];
    const now = at.getTime() / 1000;
    if (payload.nbf > now) {
      errors.push(
        issue(
          'SHC_NOT_YET_VALID',
          `Payload: not valid before ${new Date(payload.nbf * 1000).toISOString()}`,
          'nbf',
        ),
      );
    }
    if (payload.exp !== undefined && payload.exp < now) {
      errors.push(
        issue('SHC_EXPIRED', `Payload: expired at ${new Date(payload.exp * 1000).toISOString()}`, 'exp'),
      );
    }
    let crl;
    try {
      crl = await keys.revocations?.(payload.iss, kid);
    } catch {
      crl = undefined;
    }
    const chain = await checkShcX5c(chosen, payload.iss, at);
    errors.push(...chain.errors);
    warnings.push(...chain.warnings);
    const revocation = checkShcRevocation(payload, chosen, crl);
    errors.push(...revocation.errors);
    warnings.push(...revocation.warnings);
    return { state: errors.length > 0 ? 'invalid' : 'valid', errors, ...base };
  } catch {
    return {
      state: 'invalid',
      errors: [issue('INTERNAL', 'SHC: unexpected failure while verifying')],
      warnings: [],
    };
  }
}
