import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Anonymous refusals (no valid token, a refused credential exchange) counted per fixed window,
// route and code, one row each, instead of one audit row per request: a flood cannot grow the
// audit log by one row a request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_refusal_windows')
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('refusals', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_refusal_windows_pk', ['window_start', 'route', 'code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_refusal_windows').ifExists().execute();
}
