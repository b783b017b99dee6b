import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  // A QID is never reused: every issued QID stays here, even after its person is deleted.
  await db.schema
    .createTable('registry_qids')
    .addColumn('qid', 'text', (c) => c.primaryKey())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('registry_persons')
    .addColumn('id_number', 'text', (c) => c.primaryKey())
    .addColumn('document_type', 'text', (c) =>
      c.notNull().check(sql`document_type in ('citizen-id', 'cmnd', 'passport')`),
    )
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('male', 'female', 'unknown')`))
    .addColumn('phone', 'text')
    .addColumn('province_code', 'text')
    .addColumn('address', 'text')
    .addColumn('qid', 'text', (c) => c.notNull().unique().references('registry_qids.qid'))
    .addColumn('declarer_qid', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Linkage matches records by folded name + date of birth.
  await db.schema
    .createIndex('registry_persons_name_birth')
    .on('registry_persons')
    .columns(['name_folded', 'birth_date'])
    .execute();
  await db.schema
    .createIndex('registry_persons_declarer')
    .on('registry_persons')
    .column('declarer_qid')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_persons').execute();
  await db.schema.dropTable('registry_qids').execute();
}
