import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Check-in and check-out events: append-only, one row per client-generated event id, so a
// re-uploaded batch stores each event once. `at` is the device's time, `server_at` the
// platform's when it was stored (both Unix ms).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkins')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull()) // in | out
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('server_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // citizen | staff | import
    .addColumn('client_id', 'text')
    .execute();
  await db.schema.createIndex('checkins_venue_at').on('checkins').columns(['venue_id', 'at']).execute();
  await db.schema.createIndex('checkins_person_at').on('checkins').columns(['person_id', 'at']).execute();
  await db.schema.createIndex('checkins_at').on('checkins').columns(['at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('checkins').ifExists().execute();
}
