import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// The scan look-up budget per client and minute, and a paging index for the citizen's access
// log (newest first by (at, id) within one person), which replaces the (person_id, at) one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scan_lookup_windows')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('lookups', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('scan_lookup_windows_pk', ['client_id', 'window_start'])
    .execute();
  await db.schema
    .createIndex('audit_log_person_at_id')
    .on('audit_log')
    .columns(['person_id', 'at', 'id'])
    .execute();
  await db.schema.dropIndex('audit_log_person_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_person_at').on('audit_log').columns(['person_id', 'at']).execute();
  await db.schema.dropIndex('audit_log_person_at_id').execute();
  await db.schema.dropTable('scan_lookup_windows').ifExists().execute();
}
