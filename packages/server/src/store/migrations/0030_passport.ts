import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// The vaccine passport (Decision 5772): CSCA → DSC chain and the EU DCCs issued.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('passport_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // csca | dsc
    .addColumn('alg', 'text', (c) => c.notNull()) // ES256 | PS256
    .addColumn('certificate', 'text', (c) => c.notNull()) // DER, base64
    .addColumn('private_jwk', 'text', (c) => c.notNull()) // sealed when a master key is set
    .addColumn('issuer_kid', 'text', (c) => c.notNull())
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('not_after', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('passport_certificates')
    .addColumn('uvci', 'text', (c) => c.primaryKey())
    .addColumn('uvci_hash', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('dose_id', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('hc1', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // current | superseded | revoked
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('passport_certificates_person')
    .on('passport_certificates')
    .columns(['person_id', 'status'])
    .execute();
  await db.schema
    .createIndex('passport_certificates_revoked')
    .on('passport_certificates')
    .columns(['status', 'kid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('passport_certificates').ifExists().execute();
  await db.schema.dropTable('passport_keys').ifExists().execute();
}
