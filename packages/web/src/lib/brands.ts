/**
 * The issuing apps' looks (SPEC §1): the QR is shown under the identity of the app that issued it.
 * Unknown issuers (provincial apps) get a neutral look with their own name from the platform.
 */
export interface Brand {
  id: string;
  /** Shown as the app's name. */
  name: string;
  /** CSS class carrying the app's colours (styles.css). */
  className: string;
  /** Ministry or body that runs it (message key). */
  ownerKey: 'brand.owner.pc-covid' | 'brand.owner.vneid' | 'brand.owner.health-book' | 'brand.owner.other';
}

const KNOWN: Record<string, Omit<Brand, 'id'>> = {
  'pc-covid': { name: 'PC-Covid', className: 'brand-pc-covid', ownerKey: 'brand.owner.pc-covid' },
  vneid: { name: 'VNeID', className: 'brand-vneid', ownerKey: 'brand.owner.vneid' },
  'health-book': {
    name: 'Sổ sức khỏe điện tử',
    className: 'brand-health-book',
    ownerKey: 'brand.owner.health-book',
  },
};

export const KNOWN_APPS = Object.keys(KNOWN);

export function brandOf(issuerId: string, name?: string): Brand {
  const known = KNOWN[issuerId];
  if (known) return { id: issuerId, ...known };
  return { id: issuerId, name: name ?? issuerId, className: 'brand-other', ownerKey: 'brand.owner.other' };
}
