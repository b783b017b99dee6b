/** Roles of SPEC §8. Each sees only what its task needs (least privilege). */
export const ROLES = [
  'admin',
  'app', // an issuing platform (PC-Covid, VNeID, Health Book, provincial apps)
  'venue-staff',
  'checkpoint-officer',
  'health-officer',
  'citizen',
  'venue-owner', // registers and manages its own venues, sees their check-ins
  'provincial-officer', // manages every venue
  'vaccination-site', // uploads the dose records of its own site (issue 8), sees its own imports
] as const;

export type Role = (typeof ROLES)[number];

/** The authenticated caller, as every route sees it. */
export interface AuthClient {
  id: string;
  name: string;
  role: Role;
  /** The issuing app this client is registered under (apps themselves, and scanners of an app). */
  issuerId?: string;
  /** For citizens: the person (registry id number) whose data this client may read. */
  personId?: string;
  /** For venue staff: the venue they scan for. */
  venueId?: string;
  /** For vaccination sites: the site whose dose records the client uploads. */
  siteId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Roles that see a person's full registry identity, and so may learn which field of a claimed
 * identity the registry refused. Every other role gets one refusal for any mismatch and for a
 * person not in the registry: naming the field would tell it which part of its guess was right.
 */
export const FULL_IDENTITY_ROLES: readonly Role[] = ['health-officer', 'admin'];

export function seesFullIdentity(role: Role): boolean {
  return FULL_IDENTITY_ROLES.includes(role);
}
