/** Queries over the venues table. Callers pass `db` or a transaction. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { VenueRow } from './venues.table.ts';

type Db = Kysely<DB>;

export function findVenueRow(db: Db, id: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts unless the id exists; true when inserted. */
export async function insertVenueRow(db: Db, row: VenueRow): Promise<boolean> {
  const r = await db
    .insertInto('venues')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function updateVenueRow(db: Db, id: string, set: Partial<VenueRow>): Promise<void> {
  await db.updateTable('venues').set(set).where('id', '=', id).execute();
}

/** Venues by id, after `after`; only those of `ownerClientId` when given. */
export function listVenueRows(
  db: Db,
  opts: { ownerClientId?: string; after?: string; limit: number },
): Promise<VenueRow[]> {
  let q = db.selectFrom('venues').selectAll();
  if (opts.ownerClientId !== undefined) q = q.where('owner_client_id', '=', opts.ownerClientId);
  if (opts.after !== undefined) q = q.where('id', '>', opts.after);
  return q.orderBy('id').limit(opts.limit).execute();
}
