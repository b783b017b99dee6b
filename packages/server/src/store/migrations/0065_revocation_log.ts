import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// The revocation log (issue 11, docs/revocations.md): re-issues append rows instead of bumping
// the one trust_list_state row; a writer seals them into signed batches per partition.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('revocation_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('qid', 'text', (c) => c.notNull())
    .addColumn('before_iat', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // The batch that published the entry; null while pending.
    .addColumn('batch_seq', 'integer')
    .execute();
  await db.schema
    .createIndex('revocation_log_pending_idx')
    .on('revocation_log')
    .columns(['part', 'batch_seq'])
    .execute();

  await db.schema
    .createTable('revocation_batches')
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('jws', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('revocation_batches_pk', ['part', 'sequence'])
    .execute();

  // A striped change counter: each append bumps one of 64 rows (by a hash of the QID), so
  // re-issues of different QIDs rarely meet on a row, and the sum still marks every change.
  await db.schema
    .createTable('revocation_stripes')
    .addColumn('stripe', 'integer', (c) => c.primaryKey())
    .addColumn('appended', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('revocation_stripes')
    .values(Array.from({ length: 64 }, (_, stripe) => ({ stripe, appended: 0 })))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('revocation_stripes').ifExists().execute();
  await db.schema.dropTable('revocation_batches').ifExists().execute();
  await db.schema.dropTable('revocation_log').ifExists().execute();
}
