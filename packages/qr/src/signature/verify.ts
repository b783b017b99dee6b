/**
 * Offline verification of an S1-signed code (personal QR or venue QR) against a trust store.
 *
 * Order: locate and parse the signature field (format errors → invalid); with no trust store,
 * stop at `untrusted`; find the keys under the kid (none → `untrusted` + KEY_NOT_TRUSTED, an
 * error so a CLI given a trust list exits non-zero); verify the signature with each of them
 * (none verifies → SIGNATURE_INVALID); only then apply the policy of the key that verified
 * (rights, status, validity, issue time, credential revocation). The cryptography comes
 * first because only a verified signature makes the iat and the kid's key worth judging.
 */
import { issue, type Issue } from '../errors.ts';
import type { SignatureInfo } from '../types.ts';
import { verifyWith } from '../crypto/verify-key.ts';
import type { TrustedKey, TrustStore } from '../trust/trust-store.ts';
import { locateVenueSignature } from '../formats/venue/locate.ts';
import { locateDeclarationSignature } from '../formats/declaration/locate.ts';
import { locatePersonalSignature } from './locate-personal.ts';
import { isIssue, parseSignatureField } from './parse-signature.ts';
import { CLOCK_SKEW_SECONDS } from './profile.ts';

/** The kinds signed with the S1 profile, named by the right a key needs to sign them. */
export type SignedRight = 'personal' | 'venue' | 'declaration';

/** The outcome of {@link verifySigned}. */
export interface VerifyResult {
  info: SignatureInfo;
  errors: Issue[];
  warnings: Issue[];
}

function fmtTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Every policy problem of a key that verified the signature (empty: valid). */
function policy(
  key: TrustedKey,
  right: SignedRight,
  iat: number,
  at: Date,
  credentialId: string,
  trust: TrustStore,
  field: string,
): Issue[] {
  const out: Issue[] = [];
  const who = `key ${key.kid} of ${key.issuer.name}`;
  const iatMs = iat * 1000;
  const atMs = at.getTime();
  if (!key.rights.includes(right)) {
    out.push(issue('KEY_RIGHT_MISSING', `${field}: ${who} may not sign ${right} codes`, field));
  }
  if (key.status === 'revoked') {
    out.push(issue('KEY_REVOKED', `${field}: ${who} is revoked`, field));
  } else if (key.revokedAt !== undefined && key.revokedAt.getTime() <= iatMs) {
    out.push(issue('KEY_REVOKED', `${field}: ${who} was retired before this code was issued`, field));
  }
  const nb = key.notBefore?.getTime();
  if (nb !== undefined && (iatMs < nb || atMs < nb)) {
    out.push(
      issue(
        'KEY_NOT_YET_VALID',
        `${field}: ${who} is valid only from ${key.notBefore!.toISOString()}`,
        field,
      ),
    );
  }
  const na = key.notAfter?.getTime();
  if (na !== undefined && (iatMs > na || atMs > na)) {
    out.push(issue('KEY_EXPIRED', `${field}: ${who} expired at ${key.notAfter!.toISOString()}`, field));
  }
  if (iat > Math.floor(atMs / 1000) + CLOCK_SKEW_SECONDS) {
    out.push(
      issue('ISSUED_IN_FUTURE', `${field}: issued at ${fmtTime(iat)}, after the checking time`, field),
    );
  }
  const cut = trust.revokedBefore(credentialId);
  if (cut !== undefined && iat < cut) {
    out.push(
      issue('CREDENTIAL_REVOKED', `${field}: this code was replaced by one issued at ${fmtTime(cut)}`, field),
    );
  }
  return out;
}

/**
 * Verifies the S1 signature of a personal QR (`right` = 'personal', signature in EXT[4]) or a
 * venue QR ('venue'). Works on the raw text; never throws on hostile text (throws TypeError
 * only for an invalid `at`).
 *
 * @param trust the trust store, or undefined when none was given (state `untrusted`)
 * @param at the checking instant
 * @example const { info, errors } = await verifySigned(text, 'personal', store, new Date())
 */
export async function verifySigned(
  text: string,
  right: SignedRight,
  trust: TrustStore | undefined,
  at: Date,
): Promise<VerifyResult> {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new TypeError('at must be a valid Date');
  const loc =
    right === 'personal'
      ? locatePersonalSignature(text)
      : right === 'venue'
        ? locateVenueSignature(text)
        : locateDeclarationSignature(text);
  if (loc.state === 'unsigned') return { info: { state: 'unsigned' }, errors: [], warnings: [] };
  if (loc.state === 'error') return { info: { state: 'invalid' }, errors: [loc.issue], warnings: [] };
  const fieldText = text.slice(loc.start);
  const parsed = parseSignatureField(fieldText, loc.field);
  if (isIssue(parsed)) return { info: { state: 'invalid' }, errors: [parsed], warnings: [] };
  const { kid, iat, sig } = parsed;
  const base = { kid, iat, alg: 'ES256' };
  if (trust === undefined) {
    return {
      info: { state: 'untrusted', ...base },
      errors: [],
      warnings: [
        issue(
          'SIGNATURE_UNCHECKED',
          `${loc.field}: signed by key ${kid}, but no trust list was given`,
          loc.field,
        ),
      ],
    };
  }
  const candidates = trust.lookup(kid);
  if (candidates.length === 0) {
    return {
      info: { state: 'untrusted', ...base },
      errors: [issue('KEY_NOT_TRUSTED', `${loc.field}: key ${kid} is not on the trust list`, loc.field)],
      warnings: [],
    };
  }
  const signed = new TextEncoder().encode(text.slice(0, loc.start + fieldText.lastIndexOf('.')));
  const verified: TrustedKey[] = [];
  for (const key of candidates) {
    const verifyKey = await trust.verifyKey(key);
    if (verifyKey !== null && (await verifyWith(verifyKey, sig, signed))) verified.push(key);
  }
  if (verified.length === 0) {
    return {
      info: { state: 'invalid', ...base },
      errors: [
        issue('SIGNATURE_INVALID', `${loc.field}: the signature does not verify with key ${kid}`, loc.field),
      ],
      warnings: [],
    };
  }
  let first: { key: TrustedKey; problems: Issue[] } | undefined;
  for (const key of verified) {
    const problems = policy(key, right, iat, at, loc.credentialId, trust, loc.field);
    if (problems.length === 0) {
      return { info: { state: 'valid', issuer: { ...key.issuer }, ...base }, errors: [], warnings: [] };
    }
    first ??= { key, problems };
  }
  return {
    info: { state: 'invalid', issuer: { ...first!.key.issuer }, ...base },
    errors: first!.problems,
    warnings: [],
  };
}
