/**
 * Test fixtures (used by the tests of signature/, trust/ and formats/venue/; not exported by
 * the package): a trust list with one issuer per situation a verifier must tell apart.
 */
import { generateKeyPair, type Es256KeyPair } from '../crypto/es256.ts';
import { buildTrustList } from './build.ts';
import { TrustStore } from './trust-store.ts';
import type { TrustListDocument } from './types.ts';

/** The checking instant of the fixtures, and a typical issue time one hour before. */
export const AT = new Date('2025-06-01T00:00:00Z');
export const IAT = AT.getTime() / 1000 - 3600;
export const REVOKED_QID = '900000000000000001';

export interface Fixture {
  keys: {
    /** pc-covid: personal + venue, valid 2024-01-01 … 2030-01-01. */
    main: Es256KeyPair;
    /** venue-only: venue right only. */
    venueOnly: Es256KeyPair;
    /** status revoked. */
    revoked: Es256KeyPair;
    /** active, retired (revokedAt) at 2025-05-01. */
    retired: Es256KeyPair;
    /** notAfter 2025-01-01. */
    expired: Es256KeyPair;
    /** notBefore 2026-01-01. */
    future: Es256KeyPair;
    /** on no list. */
    stranger: Es256KeyPair;
  };
  root: Es256KeyPair;
  doc: TrustListDocument;
  store: TrustStore;
}

/** Builds the fixture (fresh keys each call). */
export async function makeFixture(): Promise<Fixture> {
  const [main, venueOnly, revoked, retired, expired, future, stranger, root] = await Promise.all(
    Array.from({ length: 8 }, () => generateKeyPair()),
  );
  const keys = {
    main: main!,
    venueOnly: venueOnly!,
    revoked: revoked!,
    retired: retired!,
    expired: expired!,
  };
  const doc = await buildTrustList({
    issuedAt: new Date('2025-05-30T00:00:00Z'),
    nextUpdate: new Date('2025-06-30T00:00:00Z'),
    issuers: [
      {
        id: 'pc-covid',
        name: 'PC-Covid',
        rights: ['personal', 'venue'],
        keys: [
          { ...keys.main.publicJwk, notBefore: '2024-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z' },
        ],
      },
      { id: 'venue-only', name: 'Venue Registry', rights: ['venue'], keys: [keys.venueOnly.publicJwk] },
      {
        id: 'revoked-co',
        name: 'Revoked Co',
        rights: ['personal'],
        keys: [{ ...keys.revoked.publicJwk, status: 'revoked' }],
      },
      {
        id: 'retired-co',
        name: 'Retired Co',
        rights: ['personal'],
        keys: [{ ...keys.retired.publicJwk, revokedAt: '2025-05-01T00:00:00Z' }],
      },
      {
        id: 'expired-co',
        name: 'Expired Co',
        rights: ['personal'],
        keys: [{ ...keys.expired.publicJwk, notAfter: '2025-01-01T00:00:00Z' }],
      },
      {
        id: 'future-co',
        name: 'Future Co',
        rights: ['personal'],
        keys: [{ ...future!.publicJwk, notBefore: '2026-01-01T00:00:00Z' }],
      },
    ],
    revocations: [{ qid: REVOKED_QID, before: IAT }],
  });
  return {
    keys: { ...keys, future: future!, stranger: stranger! },
    root: root!,
    doc,
    store: TrustStore.from([doc]),
  };
}

/** The kid carried by a generated JWK. */
export function kidOfPair(pair: Es256KeyPair): string {
  return (pair.publicJwk as { kid: string }).kid;
}
