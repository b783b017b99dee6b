import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// Health and movement declarations (issue 7): one row per declaration, the answers as JSON
// under the form version they were made with; a movement declaration's vehicle is kept
// normalised beside its date (vehicle exposure), and each declared close contact is one row of
// declaration_contacts (looked up from both ends by tracing).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form', 'text', (c) => c.notNull()) // health | movement
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull()) // the person the declaration is about
    .addColumn('declarer_qid', 'text') // a citizen declaring (for themself or on behalf)
    .addColumn('declarer_client_id', 'text') // the client that submitted it
    .addColumn('on_behalf', 'integer', (c) => c.notNull()) // 1: declared by another than the person
    .addColumn('answers', 'text', (c) => c.notNull()) // JSON
    .addColumn('travel_date', 'text') // movement: YYYY-MM-DD
    .addColumn('vehicle_key', 'text') // movement: e.g. road:51B12345, air:VN123
    .addColumn('qr_payload', 'text')
    .addColumn('expires_at', 'bigint') // movement: end of the QR's validity (Unix ms)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('declarations_person')
    .on('declarations')
    .columns(['person_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('declarations_vehicle')
    .on('declarations')
    .columns(['vehicle_key', 'travel_date'])
    .execute();
  await db.schema.createIndex('declarations_created').on('declarations').columns(['created_at']).execute();
  await db.schema
    .createTable('declaration_contacts')
    .addColumn('declaration_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull()) // who declared the contact
    .addColumn('contact_id', 'text', (c) => c.notNull()) // the contact's ID number
    .addColumn('contact_date', 'text') // YYYY-MM-DD, when declared
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('declaration_contacts_pk', ['declaration_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('declaration_contacts_person')
    .on('declaration_contacts')
    .columns(['person_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('declaration_contacts_contact')
    .on('declaration_contacts')
    .columns(['contact_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('declaration_contacts').ifExists().execute();
  await db.schema.dropTable('declarations').ifExists().execute();
}
