/** Queries over the registry's own tables. Every function takes the db or a transaction first. */
import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/store.ts';
import type { DB } from '../store/database.ts';
import type { NewPersonRow, PersonRow } from './registry.table.ts';
import { randomQids } from './qid.ts';

export type Db = Kysely<DB>;

/** Runs `fn` in a transaction, or inside the caller's one when `db` already is a transaction. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export function selectPersonById(db: Db, idNumber: string): Promise<PersonRow | undefined> {
  return db.selectFrom('registry_persons').selectAll().where('id_number', '=', idNumber).executeTakeFirst();
}

/** Which of these ID numbers the register holds (one query per 500). */
export async function selectRegisteredIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('registry_persons')
      .select('id_number')
      .where('id_number', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.id_number);
  }
  return out;
}

export function selectPersonByQid(db: Db, qid: string): Promise<PersonRow | undefined> {
  return db.selectFrom('registry_persons').selectAll().where('qid', '=', qid).executeTakeFirst();
}

export function selectPersonSummaries(db: Db, after: string | null, limit: number) {
  let q = db
    .selectFrom('registry_persons')
    .select(['id_number', 'name_folded', 'birth_date', 'gender', 'phone', 'province_code']);
  if (after !== null) q = q.where('id_number', '>', after);
  return q.orderBy('id_number').limit(limit).execute();
}

export function selectDependents(db: Db, declarerQid: string): Promise<PersonRow[]> {
  return db
    .selectFrom('registry_persons')
    .selectAll()
    .where('declarer_qid', '=', declarerQid)
    .orderBy('id_number')
    .execute();
}

export async function selectPersonsByIds(db: Db, ids: readonly string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('registry_persons').selectAll().where('id_number', 'in', ids).execute();
}

/**
 * Issues `count` new QIDs: each is recorded in registry_qids (never deleted), so a QID already
 * issued, even to a person since deleted, is drawn again instead. `draw` is for tests.
 */
export async function reserveQids(
  db: Db,
  count: number,
  issuedAt: number,
  draw: (n: number) => string[] = randomQids,
): Promise<string[]> {
  const out: string[] = [];
  for (let attempt = 0; out.length < count; attempt++) {
    if (attempt > count / 5000 + 20) throw new Error('could not draw unused QIDs');
    const candidates = [...new Set(draw(Math.min(count - out.length, 5000)))];
    // Inserted in key order (index locality); handed out in draw order, so a person's QID does
    // not follow from their place in the batch.
    const sorted = [...candidates].sort();
    const inserted = await db
      .insertInto('registry_qids')
      .values(sorted.map((qid) => ({ qid, issued_at: issuedAt })))
      .onConflict((oc) => oc.column('qid').doNothing())
      .returning('qid')
      .execute();
    const fresh = new Set(inserted.map((r) => r.qid));
    // Keep the caller's order stable: candidates order, filtered to those really inserted.
    for (const qid of candidates) if (fresh.has(qid)) out.push(qid);
  }
  return out;
}

/** Inserts a person; false when the ID number is taken (also by a concurrent, just-committed insert). */
export async function insertPerson(db: Db, row: NewPersonRow): Promise<boolean> {
  const r = await db
    .insertInto('registry_persons')
    .values(row)
    .onConflict((oc) => oc.column('id_number').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Inserts or updates many persons in one statement. On an existing ID the register fields are
 * replaced, but the QID, the declarer link and created_at are kept (a QID once assigned is kept).
 */
export async function upsertPersons(db: Db, rows: readonly NewPersonRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('registry_persons')
    .values(rows as NewPersonRow[])
    .onConflict((oc) =>
      oc.column('id_number').doUpdateSet((eb) => ({
        document_type: eb.ref('excluded.document_type'),
        full_name: eb.ref('excluded.full_name'),
        name_folded: eb.ref('excluded.name_folded'),
        birth_date: eb.ref('excluded.birth_date'),
        gender: eb.ref('excluded.gender'),
        phone: eb.ref('excluded.phone'),
        province_code: eb.ref('excluded.province_code'),
        address: eb.ref('excluded.address'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deletePersonRow(db: Db, idNumber: string): Promise<boolean> {
  const r = await db.deleteFrom('registry_persons').where('id_number', '=', idNumber).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * For a bulk load on SQLite: a 64 MiB page cache, so a batch's random-key index pages stay in
 * memory instead of spilling to the WAL mid-transaction (3× faster at a million rows). Returns
 * the function that restores the previous size. A no-op on PostgreSQL.
 */
export async function widenSqliteCache(store: Store): Promise<() => Promise<void>> {
  if (store.dialect !== 'sqlite') return async () => {};
  const r = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(store.db);
  const previous = Number(r.rows[0]?.cache_size ?? -2000);
  await sql`PRAGMA cache_size = -65536`.execute(store.db);
  return async () => {
    // PRAGMA takes no bound parameters; the value is an integer we read above, never input.
    if (Number.isInteger(previous)) await sql.raw(`PRAGMA cache_size = ${previous}`).execute(store.db);
  };
}

/** Citizen-ID persons per the first three digits of the ID number (the birth registration province). */
export async function countByIdProvince(db: Db): Promise<{ prefix: string; n: number }[]> {
  const prefix = sql<string>`substr(${sql.ref('id_number')}, 1, 3)`;
  const rows = await db
    .selectFrom('registry_persons')
    .select([prefix.as('prefix'), db.fn.countAll<number>().as('n')])
    .where('document_type', '=', 'citizen-id')
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({ prefix: String(r.prefix), n: Number(r.n) }));
}
