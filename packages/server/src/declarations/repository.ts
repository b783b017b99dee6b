/** Queries over the declarations tables. Callers pass `db` or a transaction. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { DeclarationContactRow, DeclarationRow } from './declarations.table.ts';

type Db = Kysely<DB>;

export async function insertDeclaration(
  db: Db,
  row: DeclarationRow,
  contacts: DeclarationContactRow[],
): Promise<void> {
  await db.insertInto('declarations').values(row).execute();
  if (contacts.length > 0) await db.insertInto('declaration_contacts').values(contacts).execute();
}

export function findDeclarationRow(db: Db, id: string): Promise<DeclarationRow | undefined> {
  return db.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A person's declarations, and those a declarer made on others' behalf, newest first. */
export function declarationsOf(
  db: Db,
  by: { personId: string; declarerQid?: string | undefined },
  limit: number,
): Promise<DeclarationRow[]> {
  return db
    .selectFrom('declarations')
    .selectAll()
    .where((eb) =>
      by.declarerQid === undefined
        ? eb('person_id', '=', by.personId)
        : eb.or([eb('person_id', '=', by.personId), eb('declarer_qid', '=', by.declarerQid)]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The person's movement declaration whose QR is valid at `at` and was issued latest. */
export function currentMovementRow(
  db: Db,
  personId: string,
  at: number,
): Promise<DeclarationRow | undefined> {
  return db
    .selectFrom('declarations')
    .selectAll()
    .where('person_id', '=', personId)
    .where('form', '=', 'movement')
    .where('expires_at', '>=', at)
    .where('created_at', '<=', at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Movement declarations of `personIds` whose travel date is in `fromDate` … `toDate`. */
export function movementsOf(
  db: Db,
  personIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<Pick<DeclarationRow, 'id' | 'person_id' | 'vehicle_key' | 'travel_date' | 'answers'>[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('declarations')
    .select(['id', 'person_id', 'vehicle_key', 'travel_date', 'answers'])
    .where('form', '=', 'movement')
    .where('person_id', 'in', personIds)
    .where('travel_date', '>=', fromDate)
    .where('travel_date', '<=', toDate)
    .where('vehicle_key', 'is not', null)
    .execute();
}

/** Everyone's movement declarations naming the vehicle on the date. */
export function travellersOf(
  db: Db,
  vehicleKey: string,
  date: string,
): Promise<Pick<DeclarationRow, 'id' | 'person_id'>[]> {
  return db
    .selectFrom('declarations')
    .select(['id', 'person_id'])
    .where('vehicle_key', '=', vehicleKey)
    .where('travel_date', '=', date)
    .execute();
}

/** Declared contacts touching any of `personIds` (either end) dated `fromDate` … `toDate`. */
export function contactsTouching(
  db: Db,
  personIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<DeclarationContactRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('declaration_contacts')
    .selectAll()
    .where((eb) => eb.or([eb('person_id', 'in', personIds), eb('contact_id', 'in', personIds)]))
    .where('contact_date', '>=', fromDate)
    .where('contact_date', '<=', toDate)
    .execute();
}

/** Deletes declarations (and their contacts) created before `before`; the counts. */
export async function deleteBefore(
  db: Db,
  before: number,
): Promise<{ declarations: number; contacts: number }> {
  const c = await db.deleteFrom('declaration_contacts').where('created_at', '<', before).executeTakeFirst();
  const d = await db.deleteFrom('declarations').where('created_at', '<', before).executeTakeFirst();
  return { declarations: Number(d.numDeletedRows), contacts: Number(c.numDeletedRows) };
}
