import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  // Every personal QR the platform signed. The payload itself is not kept (it is personal data
  // the person's app holds); its SHA-256 proves which payload a row stands for.
  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('qid', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('iat', 'bigint', (c) => c.notNull()) // Unix seconds, as signed into the QR
    .addColumn('payload_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'active' | 'superseded'
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('superseded_at', 'bigint')
    .execute();
  // iat strictly increasing per QID: two issues in one second cannot both land.
  await db.schema
    .createIndex('credentials_qid_iat_uq')
    .on('credentials')
    .columns(['qid', 'iat'])
    .unique()
    .execute();
  await db.schema
    .createIndex('credentials_issuer_qid_idx')
    .on('credentials')
    .columns(['issuer_id', 'qid'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('credentials').ifExists().execute();
}
