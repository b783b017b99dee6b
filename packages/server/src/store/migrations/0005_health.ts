import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Health: doses, tests, case status, versioned colour rules; plus the demo seed's marker table
// (the seed has no migration of its own).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vaccinations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('vaccine_code', 'text', (c) => c.notNull())
    .addColumn('vaccine_name', 'text', (c) => c.notNull())
    .addColumn('lot', 'text')
    .addColumn('dose_number', 'integer', (c) => c.notNull())
    .addColumn('total_doses', 'integer', (c) => c.notNull())
    .addColumn('administered_on', 'text', (c) => c.notNull())
    .addColumn('site', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('vaccinations_person_idx')
    .on('vaccinations')
    .columns(['person_id', 'administered_on'])
    .execute();

  await db.schema
    .createTable('test_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('test_type', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('sampled_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('test_results_person_idx')
    .on('test_results')
    .columns(['person_id', 'sampled_at'])
    .execute();

  await db.schema
    .createTable('case_status')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('recovered_certificate_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('colour_rules')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('colour_rules_pk', ['id', 'version'])
    .execute();
  await db.schema
    .createIndex('colour_rules_province_idx')
    .on('colour_rules')
    .columns(['province_code', 'valid_from'])
    .execute();

  await db.schema
    .createTable('seed_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', 'bigint', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['seed_runs', 'colour_rules', 'case_status', 'test_results', 'vaccinations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
