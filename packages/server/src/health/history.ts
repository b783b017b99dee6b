/** From health table rows to the history the API answers (doses oldest first, tests newest first). */
import type { CaseStatusRow, TestResultRow, VaccinationRow } from './health.table.ts';
import type { PersonHealthRows } from './repository.ts';
import type { CaseStatus, HealthHistory, TestResult, Vaccination } from './service.ts';

const iso = (ms: number | bigint): string => new Date(Number(ms)).toISOString();

export const toVaccination = (r: VaccinationRow): Vaccination => ({
  id: r.id,
  personId: r.person_id,
  vaccineCode: r.vaccine_code,
  vaccineName: r.vaccine_name,
  lot: r.lot,
  doseNumber: Number(r.dose_number),
  totalDoses: Number(r.total_doses),
  administeredOn: r.administered_on,
  site: r.site,
  createdAt: iso(r.created_at),
});

export const toTest = (r: TestResultRow): TestResult => ({
  id: r.id,
  personId: r.person_id,
  testType: r.test_type,
  result: r.result,
  sampledAt: iso(r.sampled_at),
  createdAt: iso(r.created_at),
});

export const toCase = (r: CaseStatusRow): CaseStatus => ({
  personId: r.person_id,
  status: r.status,
  since: iso(r.since),
  recoveredCertificateAt: r.recovered_certificate_at == null ? null : iso(r.recovered_certificate_at),
  updatedAt: iso(r.updated_at),
});

// The same orders as the SQL of selectPersonHealth (stable: ties keep the rows' order).
const byDose = (a: VaccinationRow, b: VaccinationRow): number =>
  a.administered_on < b.administered_on
    ? -1
    : a.administered_on > b.administered_on
      ? 1
      : Number(a.dose_number) - Number(b.dose_number);
const newestTestFirst = (a: TestResultRow, b: TestResultRow): number =>
  Number(b.sampled_at) - Number(a.sampled_at);

/** The history of rows in any order. */
export function toHistory(rows: PersonHealthRows): HealthHistory {
  return {
    vaccinations: [...rows.vaccinations].sort(byDose).map(toVaccination),
    tests: [...rows.tests].sort(newestTestFirst).map(toTest),
    caseStatus: rows.caseStatus ? toCase(rows.caseStatus) : null,
  };
}
