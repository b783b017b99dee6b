import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Linkage: dose records as sites sent them, their linkage decisions, and the review log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dose_records')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('gender', 'text')
    .addColumn('phone', 'text')
    .addColumn('vaccine_code', 'text', (c) => c.notNull())
    .addColumn('vaccine_input', 'text', (c) => c.notNull())
    .addColumn('lot', 'text')
    .addColumn('vaccination_date', 'text', (c) => c.notNull())
    .addColumn('dose_number', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dose_records_pk', ['site', 'record_id'])
    .execute();
  await db.schema
    .createTable('dose_links')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('check_result', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('score', 'double precision')
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .addColumn('vaccination_id', 'text')
    .addPrimaryKeyConstraint('dose_links_pk', ['site', 'record_id'])
    .execute();
  await db.schema.createIndex('dose_links_decision_idx').on('dose_links').columns(['decision']).execute();
  await db.schema.createIndex('dose_links_person_idx').on('dose_links').columns(['person_id']).execute();
  await db.schema
    .createTable('link_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('officer', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('link_reviews_record_idx')
    .on('link_reviews')
    .columns(['site', 'record_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['link_reviews', 'dose_links', 'dose_records']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
