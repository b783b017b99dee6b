import { issue, type Issue } from '../../errors.ts';
import type { ShcPayload } from './payload.ts';
import type { ShcJwk, ShcRevocationList } from './types.ts';

/**
 * Checks a card against its issuer's revocation list (SHC "rid" method): an entry `rid` revokes
 * the card; `rid.timestamp` revokes it when it was issued (nbf) before the timestamp.
 */
export function checkShcRevocation(
  payload: ShcPayload,
  key: ShcJwk,
  crl: ShcRevocationList | undefined,
): { errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (typeof key.crlVersion !== 'number') return { errors, warnings };
  if (!crl) {
    warnings.push(
      issue(
        'SHC_REVOCATION_UNCHECKED',
        'Revocation: the issuer publishes a revocation list; none was given',
        'rid',
      ),
    );
    return { errors, warnings };
  }
  if (typeof crl.ctr === 'number' && crl.ctr < key.crlVersion) {
    warnings.push(
      issue('SHC_CRL_OUTDATED', `Revocation: list version ${crl.ctr} is older than ${key.crlVersion}`, 'rid'),
    );
  }
  const rid = payload.vc.rid;
  if (rid === undefined || !Array.isArray(crl.rids)) return { errors, warnings };
  for (const entry of crl.rids) {
    if (typeof entry !== 'string') continue;
    const dot = entry.indexOf('.');
    const id = dot < 0 ? entry : entry.slice(0, dot);
    if (id !== rid) continue;
    const until = dot < 0 ? Infinity : Number(entry.slice(dot + 1));
    if (!Number.isFinite(until) || payload.nbf < until) {
      errors.push(issue('SHC_REVOKED', `Revocation: the issuer revoked this card (rid ${rid})`, 'rid'));
      break;
    }
  }
  return { errors, warnings };
}
