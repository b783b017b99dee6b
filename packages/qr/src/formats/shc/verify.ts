import { issue, type Issue } from '../../errors.ts';
import { decodeShcLayers } from './decode.ts';
import { checkShcRevocation } from './revocation.ts';
import { jwkThumbprint } from './thumbprint.ts';
import type { ShcJwk, ShcKeySource, ShcVerification } from './types.ts';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function importEcKey(jwk: JsonWebKey): Promise<CryptoKey | null> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') return null;
  try {
    const { kty, crv, x, y } = jwk;
    return await globalThis.crypto.subtle.importKey('jwk', { kty, crv, x, y }, ECDSA_P256, false, ['verify']);
  } catch {
    return null;
  }
}

function unique(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.code) ? false : (seen.add(i.code), true)));
}

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
  try {
    const { parsed, layers } = decodeShcLayers(text);
    const warnings = [...parsed.warnings];
    if (!layers || parsed.errors.length > 0) return { state: 'invalid', errors: parsed.errors, warnings };
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
    for (const jwk of candidates as ShcJwk[]) {
      if ((await jwkThumbprint(jwk)) !== kid) {
        attempts.push(
          issue('SHC_KID_THUMBPRINT', `Key: kid ${kid} is not the key's RFC 7638 thumbprint`, 'kid'),
        );
        continue;
      }
      const key = await importEcKey(jwk);
      if (!key) {
        attempts.push(issue('SHC_KEY_INVALID', 'Key: not an importable EC P-256 public key', 'kid'));
        continue;
      }
      const good =
        jws.signature.length === 64 &&
        (await globalThis.crypto.subtle
          .verify(
            { name: 'ECDSA', hash: 'SHA-256' },
            key,
            jws.signature as BufferSource,
            jws.signingInput as BufferSource,
          )
          .catch(() => false));
      if (good) {
        chosen = jwk;
        break;
      }
      attempts.push(issue('SHC_SIGNATURE_INVALID', 'JWS: ES256 signature does not verify', 'signature'));
    }
    if (!chosen) return { state: 'invalid', errors: unique(attempts), ...base };
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
