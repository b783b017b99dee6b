/** Queries over the passport tables. Callers pass `db` or a transaction. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { PassportCertificateRow, PassportKeyRow } from './passport.table.ts';

export type Db = Kysely<DB>;

export function insertKeyRow(db: Db, row: PassportKeyRow): Promise<unknown> {
  return db.insertInto('passport_keys').values(row).execute();
}

export function listKeyRows(db: Db, kind?: 'csca' | 'dsc'): Promise<PassportKeyRow[]> {
  let q = db.selectFrom('passport_keys').selectAll();
  if (kind !== undefined) q = q.where('kind', '=', kind);
  return q.orderBy('created_at', 'desc').orderBy('kid').execute();
}

export function insertCertificateRow(db: Db, row: PassportCertificateRow): Promise<unknown> {
  return db.insertInto('passport_certificates').values(row).execute();
}

/** The person's current certificate (at most one), or undefined. */
export function findCurrentCertificate(
  db: Db,
  personId: string,
): Promise<PassportCertificateRow | undefined> {
  return db
    .selectFrom('passport_certificates')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '=', 'current')
    .orderBy('issued_at', 'desc')
    .executeTakeFirst();
}

export function findCertificate(db: Db, uvci: string): Promise<PassportCertificateRow | undefined> {
  return db.selectFrom('passport_certificates').selectAll().where('uvci', '=', uvci).executeTakeFirst();
}

/** Marks one current certificate superseded (a re-issue); false when it no longer is current. */
export async function supersede(db: Db, uvci: string): Promise<boolean> {
  const r = await db
    .updateTable('passport_certificates')
    .set({ status: 'superseded' })
    .where('uvci', '=', uvci)
    .where('status', '=', 'current')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes unless already revoked; true when this call revoked it. */
export async function markRevoked(db: Db, uvci: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('passport_certificates')
    .set({ status: 'revoked', revoked_at: at })
    .where('uvci', '=', uvci)
    .where('status', '!=', 'revoked')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revoked certificates not yet expired at `now`: the revocation list's entries. */
export function listRevoked(
  db: Db,
  now: number,
): Promise<Pick<PassportCertificateRow, 'uvci_hash' | 'kid' | 'expires_at'>[]> {
  return db
    .selectFrom('passport_certificates')
    .select(['uvci_hash', 'kid', 'expires_at'])
    .where('status', '=', 'revoked')
    .where('expires_at', '>', now)
    .orderBy('kid')
    .orderBy('uvci_hash')
    .execute();
}

/**
 * What the scan trust built from this domain depends on, cheap to read on every scan: the DSCs
 * (rows are only added) and the revocations (a certificate is revoked once, never un-revoked).
 */
export async function trustStamp(db: Db): Promise<string> {
  const keys = await db
    .selectFrom('passport_keys')
    .where('kind', '=', 'dsc')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')])
    .executeTakeFirst();
  const revoked = await db
    .selectFrom('passport_certificates')
    .where('status', '=', 'revoked')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('revoked_at').as('last')])
    .executeTakeFirst();
  const part = (s: { n: unknown; last: unknown } | undefined) =>
    `${Number(s?.n ?? 0)}:${String(s?.last ?? '')}`;
  return `${part(keys)}/${part(revoked)}`;
}
