import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Vaccination sites (issue 8): a client bound to its site, and the record of each HTTP upload
// (counts and the first row errors) that the site reads back.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('site_id', 'text').execute();
  await db.schema
    .createTable('dose_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    // 'running' until the upload ends; 'done', or 'failed' with the reason.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of the first row errors ({line, field, code, message}).
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('dose_imports_site_started')
    .on('dose_imports')
    .columns(['site', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dose_imports').ifExists().execute();
  await db.schema.alterTable('clients').dropColumn('site_id').execute();
}
