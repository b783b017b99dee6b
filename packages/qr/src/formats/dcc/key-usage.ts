import { issue, type Issue } from '../../errors.ts';
import type { Json } from './json.ts';

export type DccType = 'test' | 'vaccination' | 'recovery';

/** DCC-type extended key usages: `…1847.2021.1.{1,2,3}`, in both published OID families. */
const EKU_TYPES: Record<string, DccType> = {};
for (const base of ['1.3.6.1.4.1.1847.2021.1', '1.3.6.1.4.1.0.1847.2021.1']) {
  EKU_TYPES[`${base}.1`] = 'test';
  EKU_TYPES[`${base}.2`] = 'vaccination';
  EKU_TYPES[`${base}.3`] = 'recovery';
}

/** The entry kinds a DCC carries (`t`, `v`, `r`). */
export function dccTypes(hcert: Json): DccType[] {
  if (typeof hcert !== 'object' || hcert === null || Array.isArray(hcert)) return [];
  const out: DccType[] = [];
  if (hcert['t'] !== undefined) out.push('test');
  if (hcert['v'] !== undefined) out.push('vaccination');
  if (hcert['r'] !== undefined) out.push('recovery');
  return out;
}

/**
 * The certificate's extended key usage must allow every kind the DCC carries. A certificate with
 * no DCC-type EKU may sign every kind.
 */
export function checkDccKeyUsage(types: DccType[], extendedKeyUsage: string[]): Issue[] {
  const allowed = new Set(extendedKeyUsage.map((oid) => EKU_TYPES[oid]).filter((t) => t !== undefined));
  if (allowed.size === 0) return [];
  return types
    .filter((t) => !allowed.has(t))
    .map((t) =>
      issue(
        'DCC_KEY_USAGE',
        `Certificate: extended key usage does not allow signing a ${t} certificate`,
        'kid',
      ),
    );
}
