import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Timestamps are epoch milliseconds (bigint); JSON and JWKs are text.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issuers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rights', 'text', (c) => c.notNull()) // JSON array of 'personal' | 'venue' | 'vaccine'
    .addColumn('status', 'text', (c) => c.notNull()) // 'active' | 'suspended'
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('issuer_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull()) // plain JSON, or an `enc:v1:` envelope
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('not_after', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull()) // 'active' | 'revoked'
    .addColumn('revoked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('issuer_keys_issuer_idx')
    .on('issuer_keys')
    .columns(['issuer_id', 'created_at'])
    .execute();

  // Keys of the national platform itself (the trust-list root), one row per purpose.
  await db.schema
    .createTable('platform_keys')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // Revocation by (QID, iat) below a cut-off (SPEC §2.1): one row per QID, the highest cut-off.
  await db.schema
    .createTable('trust_revocations')
    .addColumn('qid', 'text', (c) => c.primaryKey())
    .addColumn('before_iat', 'bigint', (c) => c.notNull()) // iat, Unix SECONDS, as in the QR
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // One row: the trust list's sequence number, bumped by every change in the same transaction.
  await db.schema
    .createTable('trust_list_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    // The last signed list, shared by every API node so all serve the same bytes and ETag.
    .addColumn('signed_sequence', 'bigint')
    .addColumn('signed_at', 'bigint')
    .addColumn('signed_etag', 'text')
    .addColumn('signed_body', 'text')
    .execute();
  await db.insertInto('trust_list_state').values({ id: 1, sequence: 0, changed_at: 0 }).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('trust_list_state').ifExists().execute();
  await db.schema.dropTable('trust_revocations').ifExists().execute();
  await db.schema.dropTable('platform_keys').ifExists().execute();
  await db.schema.dropTable('issuer_keys').ifExists().execute();
  await db.schema.dropTable('issuers').ifExists().execute();
}
