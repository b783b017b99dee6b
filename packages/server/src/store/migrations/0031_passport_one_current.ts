import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// At most one current vaccine passport per person: two parallel first requests cannot both
// insert one (the loser re-reads the winner's).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('passport_certificates_one_current')
    .on('passport_certificates')
    .column('person_id')
    .unique()
    .where(sql.ref('status'), '=', 'current')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('passport_certificates_one_current').ifExists().execute();
}
