import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Venues (SPEC §6): one row per place, with the signed venue QR it was given.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text')
    .addColumn('commune_code', 'text')
    .addColumn('owner_name', 'text')
    .addColumn('owner_phone', 'text')
    // The venue-owner client that registered it (null: registered by an admin or officer).
    .addColumn('owner_client_id', 'text')
    .addColumn('opening_hours', 'text') // JSON, or null
    .addColumn('staff_client_ids', 'text', (c) => c.notNull()) // JSON array of client ids
    .addColumn('status', 'text', (c) => c.notNull()) // active | suspended | closed
    .addColumn('qr_payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venues_owner').on('venues').columns(['owner_client_id']).execute();
  await db.schema.createIndex('venues_province').on('venues').columns(['province_code']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('venues').ifExists().execute();
}
