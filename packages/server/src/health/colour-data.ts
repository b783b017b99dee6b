/**
 * Builds the data object colour rules are evaluated over (ColourData, defined with the rule
 * engine in @oneqr/qr) from the person's stored health rows.
 */
import type { ColourData } from '@oneqr/qr';
import type { CaseStatusRow, TestResultRow, VaccinationRow } from './health.table.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * Builds the data object at `at`. Records dated after `at` are left out; the case status counts
 * only from its `since` (before that, nothing is known, so 'none'). A person is a close contact
 * (F1) from the status' `since`: that is the last close contact the platform knows of.
 */
export function buildColourData(
  rows: { vaccinations: VaccinationRow[]; tests: TestResultRow[]; caseStatus: CaseStatusRow | undefined },
  at: Date,
): ColourData {
  const atMs = at.getTime();
  // Dose dates are Vietnamese calendar days (UTC+7), whatever the server's time zone.
  const today = iso(atMs + VIETNAM_OFFSET_MS).slice(0, 10);
  const vaccinations = rows.vaccinations
    .filter((v) => v.administered_on <= today)
    .sort((a, b) => a.administered_on.localeCompare(b.administered_on) || a.dose_number - b.dose_number)
    .map((v) => ({
      date: `${v.administered_on}T00:00:00+07:00`,
      dose: v.dose_number,
      totalDoses: v.total_doses,
      product: v.vaccine_code,
    }));
  const tests = rows.tests
    .filter((t) => Number(t.sampled_at) <= atMs)
    .sort((a, b) => Number(b.sampled_at) - Number(a.sampled_at))
    .map((t) => ({ type: t.test_type, result: t.result, sampledAt: iso(Number(t.sampled_at)) }));
  const cs = rows.caseStatus && Number(rows.caseStatus.since) <= atMs ? rows.caseStatus : undefined;
  const cert = cs?.recovered_certificate_at == null ? null : Number(cs.recovered_certificate_at);
  return {
    now: iso(atMs),
    vaccinations,
    tests,
    case: {
      status: cs?.status ?? 'none',
      since: cs ? iso(Number(cs.since)) : null,
      recoveredCertificateAt: cert !== null && cert <= atMs ? iso(cert) : null,
    },
    contacts: { lastCloseContactAt: cs?.status === 'f1' ? iso(Number(cs.since)) : null },
  };
}
