/** Queries over the credentials table. Callers pass `db` or a transaction. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { CredentialRow } from './credentials.table.ts';

type Db = Kysely<DB>;

/** The highest iat issued for a QID (by any app), or undefined. */
export async function lastIatOf(db: Db, qid: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('credentials')
    .select((eb) => eb.fn.max('iat').as('iat'))
    .where('qid', '=', qid)
    .executeTakeFirst();
  return row?.iat === null || row?.iat === undefined ? undefined : Number(row.iat);
}

/** Marks every active credential of the QID superseded (a newer QR replaces them). */
export async function supersede(db: Db, qid: string, at: number): Promise<number> {
  const r = await db
    .updateTable('credentials')
    .set({ status: 'superseded', superseded_at: at })
    .where('qid', '=', qid)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertCredential(db: Db, row: CredentialRow): Promise<void> {
  await db.insertInto('credentials').values(row).execute();
}

/** The newest credential an issuer issued for a QID. */
export function latestByIssuer(db: Db, issuerId: string, qid: string): Promise<CredentialRow | undefined> {
  return db
    .selectFrom('credentials')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('qid', '=', qid)
    .orderBy('iat', 'desc')
    .limit(1)
    .executeTakeFirst();
}
