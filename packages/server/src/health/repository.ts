/** Queries on the health domain's record tables (doses, tests, case status). */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { PersonFragment } from '../registry/service.ts';
import type {
  CaseStatusRow,
  CaseStatusTable,
  ColourRuleRow,
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

/** Everything a colour evaluation reads: the person's rows and the candidate rule versions. */
export interface ColourInputs extends PersonHealthRows {
  /** Versions valid at the instant, of the province's own rule set and of the national default. */
  rules: ColourRuleRow[];
}

/** One row of the union below: k names the source table, the other columns are positional. */
interface InputRow {
  /** null: the person's row of selectPersonAndColourInputs joined to no health row. */
  k: 'v' | 't' | 'c' | 'r' | null;
  s1: string;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  s5: string | null;
  s6: string | null;
  n1: number | null;
  n2: number | null;
  n3: number | null;
}

/**
 * The UNION ALL over the four health tables behind ColourInputs: the person's doses, tests and
 * case status, and the rule versions valid at the instant for `province` (a value, or an SQL
 * expression yielding the province in the caller's statement). Rows come unordered; callers
 * sort (see history.ts, colour-data.ts).
 */
function colourInputsUnion(personId: string, province: unknown, atMs: number) {
  return sql<InputRow>`
    select 'v' as k, id as s1, vaccine_code as s2, vaccine_name as s3, lot as s4,
      administered_on as s5, site as s6, dose_number as n1, total_doses as n2, created_at as n3
      from vaccinations where person_id = ${personId}
    union all
    select 't', id, test_type, result, null, null, null, sampled_at, created_at, null
      from test_results where person_id = ${personId}
    union all
    select 'c', status, null, null, null, null, null, since, recovered_certificate_at, updated_at
      from case_status where person_id = ${personId}
    union all
    select 'r', id, province_code, name, rule, null, null, version, valid_from, created_at
      from colour_rules
      where valid_from <= ${atMs} and (province_code is null or province_code = ${province})
  `;
}

/** ColourInputs in ONE round trip (a scan's hot path). */
export async function selectColourInputs(
  db: Db,
  personId: string,
  province: string | null,
  atMs: number,
): Promise<ColourInputs> {
  const { rows } = await colourInputsUnion(personId, province, atMs).execute(db);
  return toColourInputs(rows, personId);
}

/**
 * The registry's person (`person`, its published fragment: registry/person-query.ts) and their
 * ColourInputs in ONE statement: the fragment is a CTE, the rules are filtered on its province
 * column, and each health row comes joined to the person's columns (no person, no row). The
 * registry decodes its own columns from `row`.
 */
export async function selectPersonAndColourInputs(
  db: Db,
  person: PersonFragment,
  personId: string,
  atMs: number,
): Promise<{ row: Readonly<Record<string, unknown>> | undefined; inputs: ColourInputs }> {
  const province = sql`(select ${sql.ref(person.provinceColumn)} from person)`;
  const { rows } = await sql<InputRow & Record<string, unknown>>`
    with person as (${person.query})
    select * from person left join (${colourInputsUnion(personId, province, atMs)}) h on 1 = 1
  `.execute(db);
  return { row: rows[0], inputs: toColourInputs(rows, personId) };
}

function toColourInputs(rows: readonly InputRow[], personId: string): ColourInputs {
  const out: ColourInputs = { vaccinations: [], tests: [], caseStatus: undefined, rules: [] };
  for (const r of rows) if (r.k !== null) addInputRow(out, r, personId);
  return out;
}

const num = (v: number | null): number => Number(v);

function addInputRow(out: ColourInputs, r: InputRow, personId: string): void {
  if (r.k === 'v') {
    out.vaccinations.push({
      id: r.s1,
      person_id: personId,
      vaccine_code: r.s2 as string,
      vaccine_name: r.s3 as string,
      lot: r.s4,
      dose_number: num(r.n1),
      total_doses: num(r.n2),
      administered_on: r.s5 as string,
      site: r.s6,
      created_at: num(r.n3),
    });
  } else if (r.k === 't') {
    out.tests.push({
      id: r.s1,
      person_id: personId,
      test_type: r.s2 as TestResultRow['test_type'],
      result: r.s3 as TestResultRow['result'],
      sampled_at: num(r.n1),
      created_at: num(r.n2),
    });
  } else if (r.k === 'c') {
    out.caseStatus = {
      person_id: personId,
      status: r.s1 as CaseStatusRow['status'],
      since: num(r.n1),
      recovered_certificate_at: r.n2 === null ? null : num(r.n2),
      updated_at: num(r.n3),
    };
  } else {
    out.rules.push({
      id: r.s1,
      province_code: r.s2,
      name: r.s3 as string,
      rule: r.s4 as string,
      version: num(r.n1),
      valid_from: num(r.n2),
      created_at: num(r.n3),
    });
  }
}

/**
 * Persons with a dose, and with a complete primary series, per the first three digits of their
 * 12-digit ID number (the birth registration province). Counts only.
 */
export async function vaccinatedByIdProvince(
  db: Db,
): Promise<{ prefix: string; vaccinated: number; complete: number }[]> {
  const prefix = sql<string>`substr(${sql.ref('person_id')}, 1, 3)`;
  const rows = await db
    .selectFrom('vaccinations')
    .select([
      prefix.as('prefix'),
      sql<number>`count(distinct ${sql.ref('person_id')})`.as('vaccinated'),
      sql<number>`count(distinct case when ${sql.ref('dose_number')} >= ${sql.ref('total_doses')} then ${sql.ref('person_id')} end)`.as(
        'complete',
      ),
    ])
    .where(sql<boolean>`length(${sql.ref('person_id')}) = 12`)
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({
    prefix: String(r.prefix),
    vaccinated: Number(r.vaccinated),
    complete: Number(r.complete),
  }));
}
