import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Confirmed cases (F0) with their infectious window, and the notifications outbox: one row per
// exposed person and case, retried until delivered; a person's rows are their feed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tracing_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint', (c) => c.notNull())
    .addColumn('window_from', 'bigint', (c) => c.notNull())
    .addColumn('window_to', 'bigint', (c) => c.notNull())
    .addColumn('window_minutes', 'integer', (c) => c.notNull())
    .addColumn('officer_client_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tracing_cases_person').on('tracing_cases').columns(['person_id']).execute();
  await db.schema
    .createTable('tracing_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // JSON
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('last_error', 'text')
    .addUniqueConstraint('tracing_notifications_once', ['case_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('tracing_notifications_person')
    .on('tracing_notifications')
    .columns(['person_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('tracing_notifications_due')
    .on('tracing_notifications')
    .columns(['delivered_at', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tracing_notifications').ifExists().execute();
  await db.schema.dropTable('tracing_cases').ifExists().execute();
}
