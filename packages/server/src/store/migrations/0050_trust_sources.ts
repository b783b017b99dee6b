import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Foreign trust sources (issue 9): EU gateway DSC lists and SHC key sets / revocation lists an
// admin imported; HC1 and shc:/ scans verify against them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('trust_sources')
    // sha256 of the content, hex: the same file imported twice is one source.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // eu-dsc-list | shc-jwks | shc-crl
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('trust_sources').ifExists().execute();
}
