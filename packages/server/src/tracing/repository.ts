/** Queries over the tracing tables. Callers pass `db` or a transaction. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { TracingCaseRow, TracingNotificationRow } from './tracing.table.ts';

type Db = Kysely<DB>;

export async function insertCase(db: Db, row: TracingCaseRow): Promise<void> {
  await db.insertInto('tracing_cases').values(row).execute();
}

export function latestCaseOf(db: Db, personId: string): Promise<TracingCaseRow | undefined> {
  return db
    .selectFrom('tracing_cases')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Queues notifications; one per case and person (a repeated confirmation adds none). */
export async function enqueue(db: Db, rows: TracingNotificationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('tracing_notifications')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
      .execute();
  }
}

export function dueNotifications(db: Db, now: number, limit: number): Promise<TracingNotificationRow[]> {
  return db
    .selectFrom('tracing_notifications')
    .selectAll()
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

export async function updateNotification(
  db: Db,
  id: string,
  set: Partial<TracingNotificationRow>,
): Promise<void> {
  await db.updateTable('tracing_notifications').set(set).where('id', '=', id).execute();
}

export function notificationsOf(db: Db, personId: string): Promise<TracingNotificationRow[]> {
  return db
    .selectFrom('tracing_notifications')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

export async function deleteNotificationsBefore(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('tracing_notifications').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
