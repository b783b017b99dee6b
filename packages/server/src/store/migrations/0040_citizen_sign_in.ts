import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Citizen sign-in (issue 10): one-time codes by phone, citizen accounts, citizen sessions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('citizen_otps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    // sha256(salt ‖ code), hex: the code itself is never stored.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute();
  // Rate limits count one phone's recent challenges.
  await db.schema
    .createIndex('citizen_otps_phone_created')
    .on('citizen_otps')
    .columns(['phone', 'created_at'])
    .execute();

  await db.schema
    .createTable('citizen_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    // The person (registry id number) the account is linked to; one account per person.
    .addColumn('person_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('linked_at', 'bigint')
    // Failed link attempts in the current window, and when the window started.
    .addColumn('link_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('link_window_at', 'bigint')
    .execute();

  await db.schema
    .createTable('citizen_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('citizen_accounts.id').onDelete('cascade'))
    // The issuing app the citizen signed in through (its QR is issued under this app).
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('citizen_sessions_account')
    .on('citizen_sessions')
    .column('account_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('citizen_sessions').ifExists().execute();
  await db.schema.dropTable('citizen_accounts').ifExists().execute();
  await db.schema.dropTable('citizen_otps').ifExists().execute();
}
