/** Queries on the health domain's record tables (doses, tests, case status). */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type {
  CaseStatusRow,
  CaseStatusTable,
  NewVaccinationRow,
  TestResultRow,
  VaccinationRow,
} from './health.table.ts';

export type Db = Kysely<DB>;

export async function insertVaccinations(db: Db, rows: NewVaccinationRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('vaccinations').values(rows).execute();
}

export async function insertTestResults(db: Db, rows: TestResultRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('test_results').values(rows).execute();
}

/** Inserts or replaces the person's one case-status row (portable upsert on both engines). */
export async function upsertCaseStatus(db: Db, row: CaseStatusTable): Promise<void> {
  await db
    .insertInto('case_status')
    .values(row)
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet({
        status: row.status,
        since: row.since,
        recovered_certificate_at: row.recovered_certificate_at,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export interface PersonHealthRows {
  vaccinations: VaccinationRow[];
  tests: TestResultRow[];
  caseStatus: CaseStatusRow | undefined;
}

/** Everything the health domain holds about one person. */
export async function selectPersonHealth(db: Db, personId: string): Promise<PersonHealthRows> {
  // Sequential: three indexed look-ups, and a transaction (trx) runs them one by one anyway.
  const vaccinations = await db
    .selectFrom('vaccinations')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('administered_on')
    .orderBy('dose_number')
    .execute();
  const tests = await db
    .selectFrom('test_results')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('sampled_at', 'desc')
    .execute();
  const caseStatus = await db
    .selectFrom('case_status')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return { vaccinations, tests, caseStatus };
}
