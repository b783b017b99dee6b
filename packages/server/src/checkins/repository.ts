/** Queries over the checkins table. Callers pass `db` or a transaction. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { CheckinRow } from './checkins.table.ts';

type Db = Kysely<DB>;

/** A venue's events in [from, to), by (at, event_id), one page after the cursor. */
export function venueEvents(
  db: Db,
  venueId: string,
  opts: {
    from: number;
    to: number;
    direction?: string;
    after?: { at: number; eventId: string };
    limit: number;
  },
): Promise<CheckinRow[]> {
  let q = db
    .selectFrom('checkins')
    .selectAll()
    .where('venue_id', '=', venueId)
    .where('at', '>=', opts.from)
    .where('at', '<', opts.to);
  if (opts.direction !== undefined) q = q.where('direction', '=', opts.direction);
  const after = opts.after;
  if (after !== undefined) {
    q = q.where((eb) =>
      eb.or([eb('at', '>', after.at), eb.and([eb('at', '=', after.at), eb('event_id', '>', after.eventId)])]),
    );
  }
  return q.orderBy('at').orderBy('event_id').limit(opts.limit).execute();
}

/** Events of a person, or at a venue, with `at` in [from, to], oldest first. */
export function eventsBetween(
  db: Db,
  by: { personId: string } | { venueId: string },
  from: number,
  to: number,
): Promise<CheckinRow[]> {
  let q = db.selectFrom('checkins').selectAll().where('at', '>=', from).where('at', '<=', to);
  q = 'personId' in by ? q.where('person_id', '=', by.personId) : q.where('venue_id', '=', by.venueId);
  return q.orderBy('at').orderBy('event_id').execute();
}

export async function existingEventIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('checkins').select('event_id').where('event_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.event_id));
}

/** Deletes events older than `before` (Unix ms); the count deleted. (SQLite; PostgreSQL drops partitions.) */
export async function deleteBefore(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('checkins').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Entries (`in` events) in [from, to) per Unix hour (`at` / 3,600,000, integer division): no bound
 * parameter in the grouped expression, so both engines see the SELECT and GROUP BY as one.
 */
export async function entriesPerHour(
  db: Db,
  from: number,
  to: number,
): Promise<{ unixHour: number; n: number }[]> {
  const hour = sql<number>`cast(${sql.ref('at')} / 3600000 as integer)`;
  const rows = await db
    .selectFrom('checkins')
    .select([hour.as('hour'), db.fn.countAll<number>().as('n')])
    .where('direction', '=', 'in')
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(hour)
    .execute();
  return rows.map((r) => ({ unixHour: Number(r.hour), n: Number(r.n) }));
}
