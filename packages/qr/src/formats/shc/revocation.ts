import { issue, type Issue } from '../../errors.ts';
import type { ShcPayload } from './payload.ts';
import type { ShcJwk, ShcRevocationList } from './types.ts';

/** A revocation id (SHC "rid" method): base64url, at most 24 characters. */
const RID = /^[A-Za-z0-9_-]{1,24}$/;
/** A list entry: a rid, optionally `.timestamp` (Unix seconds). */
const ENTRY = /^([A-Za-z0-9_-]{1,24})(?:\.(\d{1,12}))?$/;

/** Whether `rid` is a well-formed SHC revocation id. */
export function isShcRid(rid: string): boolean {
  return RID.test(rid);
}

/**
 * Checks a card against its issuer's revocation list (SHC "rid" method): an entry `rid` revokes
 * the card; `rid.timestamp` revokes it when it was issued (nbf) before the timestamp. The list
 * itself is checked as the SMART dev tools do (its kid, method, version counter, entries,
 * duplicates); a list that cannot be applied leaves a warning, never a silent pass.
 */
export function checkShcRevocation(
  payload: ShcPayload,
  key: ShcJwk,
  crl: ShcRevocationList | undefined,
): { errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const warn = (code: Parameters<typeof issue>[0], message: string) =>
    warnings.push(issue(code, `Revocation: ${message}`, 'rid'));
  if (typeof key.crlVersion !== 'number') return { errors, warnings };
  if (!crl) {
    warn('SHC_REVOCATION_UNCHECKED', 'the issuer publishes a revocation list; none was given');
    return { errors, warnings };
  }
  if (typeof crl !== 'object' || !Array.isArray(crl.rids) || typeof crl.ctr !== 'number') {
    warn('SHC_CRL_INVALID', 'the list is not {kid, method, ctr, rids}; the card is unchecked');
    return { errors, warnings };
  }
  if (typeof key.kid === 'string' && crl.kid !== key.kid) {
    warn('SHC_CRL_INVALID', `the list's kid ${JSON.stringify(crl.kid)} is not the key's; not applied`);
    return { errors, warnings };
  }
  if (crl.method !== 'rid') {
    warn('SHC_CRL_METHOD', `method ${JSON.stringify(crl.method)} is not "rid"; the card is unchecked`);
    return { errors, warnings };
  }
  if (crl.ctr < key.crlVersion) {
    warn('SHC_CRL_OUTDATED', `list version ${crl.ctr} is older than ${key.crlVersion}`);
  } else if (crl.ctr > key.crlVersion) {
    warn('SHC_CRL_AHEAD', `list version ${crl.ctr} is newer than the key's crlVersion ${key.crlVersion}`);
  }
  const seen = new Set<string>();
  let bad = 0;
  let duplicates = 0;
  let revoked = false;
  const rid = payload.vc.rid;
  for (const entry of crl.rids) {
    const m = typeof entry === 'string' ? ENTRY.exec(entry) : null;
    if (!m) {
      bad++;
      continue;
    }
    const id = m[1]!;
    if (seen.has(id)) duplicates++;
    seen.add(id);
    if (id !== rid) continue;
    const until = m[2] === undefined ? Infinity : Number(m[2]);
    if (payload.nbf < until) revoked = true;
  }
  if (bad > 0)
    warn('SHC_CRL_RID', `${bad} entr${bad === 1 ? 'y is' : 'ies are'} not base64url rids of ≤ 24 characters`);
  if (duplicates > 0) warn('SHC_CRL_DUPLICATE', `${duplicates} rid(s) listed more than once`);
  if (revoked)
    errors.push(issue('SHC_REVOKED', `Revocation: the issuer revoked this card (rid ${rid})`, 'rid'));
  return { errors, warnings };
}
