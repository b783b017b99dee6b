/** Issuer keys: creation, rotation with overlap, revocation, and choosing the signing key. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { generateKeyPair, kidOf } from '@oneqr/qr';
import type { IssuerKeyRow } from './issuers.table.ts';
import { masterKeyFromEnv, openPrivateJwk, sealPrivateJwk } from './key-envelope.ts';
import * as repo from './repository.ts';

/** A key as the admin API shows it (never the private part). */
export interface IssuerKeyView {
  kid: string;
  issuerId: string;
  publicJwk: JsonWebKey;
  /** ISO 8601: first instant the key may sign. */
  notBefore: string;
  /** ISO 8601: the key signs nothing issued at or after this instant (null: current key). */
  notAfter: string | null;
  status: 'active' | 'revoked';
  revokedAt: string | null;
  createdAt: string;
}

/** Days an older key may still sign after a rotation: the default, and the most allowed. */
export const OVERLAP_DAYS = { default: 30, max: 365 } as const;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

export function keyView(row: IssuerKeyRow): IssuerKeyView {
  return {
    kid: row.kid,
    issuerId: row.issuer_id,
    publicJwk: JSON.parse(row.public_jwk) as JsonWebKey,
    notBefore: iso(row.not_before)!,
    notAfter: iso(row.not_after),
    status: row.status === 'revoked' ? 'revoked' : 'active',
    revokedAt: iso(row.revoked_at),
    createdAt: iso(row.created_at)!,
  };
}

/**
 * Generates and stores a new active key for the issuer (no other key is touched). notBefore is
 * `now` truncated to the second: QR iat is whole seconds, and a QR signed in this very second
 * must fall inside the key's period.
 */
export async function insertNewKey(db: Kysely<DB>, issuerId: string, now: Date): Promise<IssuerKeyRow> {
  const masterKey = masterKeyFromEnv();
  for (let attempt = 0; ; attempt++) {
    const pair = await generateKeyPair();
    const kid = await kidOf(pair.publicJwk);
    // A kid is 48 bits: a collision with a stored key is astronomically rare, but cheap to avoid.
    if ((await repo.findKeyRow(db, kid)) !== undefined) {
      if (attempt < 3) continue;
      throw new Error('could not generate a key with a fresh kid');
    }
    const row: IssuerKeyRow = {
      kid,
      issuer_id: issuerId,
      public_jwk: JSON.stringify(pair.publicJwk),
      private_jwk: sealPrivateJwk(pair.privateJwk, kid, masterKey),
      not_before: Math.floor(now.getTime() / 1000) * 1000,
      not_after: null,
      status: 'active',
      revoked_at: null,
      created_at: now.getTime(),
    };
    await repo.insertKeyRow(db, row);
    return row;
  }
}

/** The newest active key whose signing period contains `now`, or undefined. */
export function signingKeyOf(rows: readonly IssuerKeyRow[], now: Date): IssuerKeyRow | undefined {
  const t = now.getTime();
  return rows
    .filter(
      (r) =>
        r.status === 'active' &&
        Number(r.not_before) <= t &&
        (r.not_after === null || t < Number(r.not_after)),
    )
    .sort((a, b) => Number(b.created_at) - Number(a.created_at) || (a.kid < b.kid ? 1 : -1))[0];
}

/** The private JWK of a stored key (unwrapped with ONEQR_MASTER_KEY when it is sealed). */
export function privateJwkOf(row: IssuerKeyRow): JsonWebKey {
  return openPrivateJwk(row.private_jwk, row.kid, masterKeyFromEnv());
}

/** Throws ISSUERS_KEY_NOT_FOUND when absent. */
export async function requireKey(db: Kysely<DB>, kid: string): Promise<IssuerKeyRow> {
  const row = await repo.findKeyRow(db, kid);
  if (row === undefined) throw new HttpError('ISSUERS_KEY_NOT_FOUND', `No issuer key with kid ${kid}`);
  return row;
}
