import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// One row: a counter bumped by every change that revokes access (a disabled client, a revoked
// token), so each API node's token cache learns of it with one cheap read (store/change-watch.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
  await (db as Kysely<any>).insertInto('access_changes').values({ id: 1, version: 0 }).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('access_changes').ifExists().execute();
}
