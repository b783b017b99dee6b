import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('venue_id', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_client_id').on('tokens').column('client_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_client_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('person_id', 'text')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('disclosed', 'refused')`))
    .addColumn('route', 'text', (c) => c.notNull())
    .execute();
  // "Who read my data": one person's entries, newest first.
  await db.schema.createIndex('audit_log_person_at').on('audit_log').columns(['person_id', 'at']).execute();
  // Retention sweeps by age.
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
  await db.schema.dropTable('tokens').ifExists().execute();
  await db.schema.dropTable('clients').ifExists().execute();
}
