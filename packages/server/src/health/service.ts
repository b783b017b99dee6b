/**
 * The health domain's functions for routes and other domains: recording doses, tests and case
 * status, a person's history, and the colour card at an instant under the province's rules.
 */
import crypto from 'node:crypto';
import {
  MIN_BIRTH_DATE,
  RuleEngineError,
  decideColour,
  isIsoDate,
  vietnamToday,
  type Colour,
} from '@oneqr/qr';
import { HttpError } from '../errors.ts';
import {
  findPerson,
  personFragment,
  personsByIdProvince,
  registeredIds,
  type Person,
} from '../registry/service.ts';
import type { CaseStatusRow, TestResultRow, VaccinationRow } from './health.table.ts';
import {
  insertTestResults,
  insertVaccinations,
  selectColourInputs,
  selectPersonAndColourInputs,
  selectPersonHealth,
  upsertCaseStatus,
  vaccinatedByIdProvince,
  type Db,
  type PersonHealthRows,
} from './repository.ts';
import { buildColourData } from './colour-data.ts';
import { chooseRuleSet, type RuleSetVersion } from './rules.ts';
import { toCase, toHistory, toTest, toVaccination } from './history.ts';
import { vaccineByCode } from './vaccines.ts';

export {
  ensureDefaultRules,
  listRuleSets,
  addRuleVersion,
  type RuleSetVersion,
  type NewRuleVersion,
} from './rules.ts';
export { COLOURS, type Colour } from '@oneqr/qr';
export { VACCINES, vaccineByCode, type VaccineProduct } from './vaccines.ts';
// The shapes other domains' answers embed (the scan view of a health officer).
export { CaseView, ColourAnswerView, ColourSchema, TestView, VaccinationView } from './schemas.ts';

export const TEST_TYPES = ['pcr', 'rapid-antigen'] as const;
export const TEST_RESULTS = ['negative', 'positive'] as const;
export const CASE_STATUSES = ['none', 'f0', 'f1', 'recovered'] as const;
export type TestType = (typeof TEST_TYPES)[number];
export type TestOutcome = (typeof TEST_RESULTS)[number];
export type CaseStatusValue = (typeof CASE_STATUSES)[number];

export interface Vaccination {
  id: string;
  personId: string;
  vaccineCode: string;
  vaccineName: string;
  lot: string | null;
  doseNumber: number;
  totalDoses: number;
  /** YYYY-MM-DD */
  administeredOn: string;
  site: string | null;
  createdAt: string;
}

export interface TestResult {
  id: string;
  personId: string;
  testType: TestType;
  result: TestOutcome;
  sampledAt: string;
  createdAt: string;
}

export interface CaseStatus {
  personId: string;
  status: CaseStatusValue;
  since: string;
  recoveredCertificateAt: string | null;
  updatedAt: string;
}

export interface HealthHistory {
  vaccinations: Vaccination[];
  tests: TestResult[];
  caseStatus: CaseStatus | null;
}

/** The colour card and the rule that decided it (rule set id, version, province, clause id). */
export interface ColourAnswer {
  colour: Colour;
  rule: { id: string; version: number; province: string | null; clause: string };
}

export interface VaccinationInput {
  personId: string;
  /** EU value-set product code of one of the eight vaccines licensed in Vietnam. */
  vaccineCode: string;
  vaccineName?: string | undefined;
  lot?: string | null | undefined;
  doseNumber: number;
  /** Defaults to the product's primary series length. */
  totalDoses?: number | undefined;
  administeredOn: string;
  site?: string | null | undefined;
}

/** Clock skew tolerated on instants sent by sites and labs. */
const SKEW_MS = 5 * 60_000;

function notInFuture(at: Date, now: Date, field: string): void {
  if (Number.isNaN(at.getTime()))
    throw new HttpError('HEALTH_DATE_INVALID', `${field} is not a valid instant`, { field });
  if (at.getTime() > now.getTime() + SKEW_MS)
    throw new HttpError('HEALTH_DATE_IN_FUTURE', `${field} is later than now`, { field });
}

async function requirePerson(db: Db, personId: string): Promise<void> {
  if (!(await findPerson(db, personId)))
    throw new HttpError('HEALTH_PERSON_NOT_FOUND', undefined, { field: 'personId' });
}

/** The row of one dose, checked (product, dose numbers, date); throws HttpError on invalid input. */
function vaccinationRow(input: VaccinationInput, now: Date): VaccinationRow {
  const product = vaccineByCode(input.vaccineCode);
  if (!product) throw new HttpError('HEALTH_VACCINE_UNKNOWN', undefined, { field: 'vaccineCode' });
  const totalDoses = input.totalDoses ?? product.totalDoses;
  if (!Number.isInteger(input.doseNumber) || input.doseNumber < 1 || input.doseNumber > 10) {
    throw new HttpError('HEALTH_DOSE_INVALID', 'doseNumber must be an integer from 1 to 10', {
      field: 'doseNumber',
    });
  }
  if (!Number.isInteger(totalDoses) || totalDoses < 1 || totalDoses > 5) {
    throw new HttpError('HEALTH_DOSE_INVALID', 'totalDoses must be an integer from 1 to 5', {
      field: 'totalDoses',
    });
  }
  if (!isIsoDate(input.administeredOn)) {
    throw new HttpError('HEALTH_DATE_INVALID', 'administeredOn is not a YYYY-MM-DD calendar date', {
      field: 'administeredOn',
    });
  }
  // No dose predates the oldest person the registry accepts.
  if (input.administeredOn < MIN_BIRTH_DATE) {
    throw new HttpError('HEALTH_DATE_INVALID', `administeredOn is before ${MIN_BIRTH_DATE}`, {
      field: 'administeredOn',
    });
  }
  // Doses are recorded on Viet Nam's calendar.
  if (input.administeredOn > vietnamToday(now)) {
    throw new HttpError('HEALTH_DATE_IN_FUTURE', 'administeredOn is later than today', {
      field: 'administeredOn',
    });
  }
  return {
    id: crypto.randomUUID(),
    person_id: input.personId,
    vaccine_code: product.code,
    vaccine_name: input.vaccineName ?? product.name,
    lot: input.lot ?? null,
    dose_number: input.doseNumber,
    total_doses: totalDoses,
    administered_on: input.administeredOn,
    site: input.site ?? null,
    created_at: now.getTime(),
  };
}

/** Records one administered dose of a registered person. Throws HttpError on invalid input. */
export async function recordVaccination(db: Db, input: VaccinationInput, now: Date): Promise<Vaccination> {
  const row = vaccinationRow(input, now);
  await requirePerson(db, input.personId);
  await insertVaccinations(db, [row]);
  return toVaccination(row);
}

/**
 * Records many doses at once (bulk linkage): each checked as recordVaccination checks it, the
 * persons looked up together, the accepted rows inserted together. Returns, in input order, the
 * vaccination or the HttpError that refused that dose.
 */
export async function recordVaccinations(
  db: Db,
  inputs: readonly VaccinationInput[],
  now: Date,
): Promise<(Vaccination | HttpError)[]> {
  const checked = inputs.map((input) => {
    try {
      return vaccinationRow(input, now);
    } catch (err) {
      if (err instanceof HttpError) return err;
      throw err;
    }
  });
  const known = await registeredIds(db, [
    ...new Set(checked.flatMap((r) => (r instanceof HttpError ? [] : [r.person_id]))),
  ]);
  const out = checked.map((r) =>
    r instanceof HttpError || known.has(r.person_id)
      ? r
      : new HttpError('HEALTH_PERSON_NOT_FOUND', undefined, { field: 'personId' }),
  );
  const rows = out.filter((r): r is VaccinationRow => !(r instanceof HttpError));
  for (let i = 0; i < rows.length; i += 500) await insertVaccinations(db, rows.slice(i, i + 500));
  return out.map((r) => (r instanceof HttpError ? r : toVaccination(r)));
}

/** Records one test result of a registered person. */
export async function recordTest(
  db: Db,
  input: { personId: string; testType: TestType; result: TestOutcome; sampledAt: Date },
  now: Date,
): Promise<TestResult> {
  notInFuture(input.sampledAt, now, 'sampledAt');
  await requirePerson(db, input.personId);
  const row: TestResultRow = {
    id: crypto.randomUUID(),
    person_id: input.personId,
    test_type: input.testType,
    result: input.result,
    sampled_at: input.sampledAt.getTime(),
    created_at: now.getTime(),
  };
  await insertTestResults(db, [row]);
  return toTest(row);
}

/**
 * Sets a registered person's case status (one current status). `since` defaults to now;
 * `recoveredCertificateAt` only with status 'recovered'.
 */
export async function setCaseStatus(
  db: Db,
  input: {
    personId: string;
    status: CaseStatusValue;
    since?: Date | undefined;
    recoveredCertificateAt?: Date | null | undefined;
  },
  now: Date,
): Promise<CaseStatus> {
  const since = input.since ?? now;
  notInFuture(since, now, 'since');
  const cert = input.recoveredCertificateAt ?? null;
  if (cert !== null) {
    if (input.status !== 'recovered')
      throw new HttpError('HEALTH_CASE_INVALID', undefined, { field: 'recoveredCertificateAt' });
    notInFuture(cert, now, 'recoveredCertificateAt');
  }
  await requirePerson(db, input.personId);
  const row: CaseStatusRow = {
    person_id: input.personId,
    status: input.status,
    since: since.getTime(),
    recovered_certificate_at: cert?.getTime() ?? null,
    updated_at: now.getTime(),
  };
  await upsertCaseStatus(db, row);
  return toCase(row);
}

/** Everything recorded about the person: doses (oldest first), tests (newest first), case status. */
export async function healthHistory(db: Db, personId: string): Promise<HealthHistory> {
  return toHistory(await selectPersonHealth(db, personId));
}

/**
 * The person's colour card at `at` under the rules of `provinceCode` (its own rule set, else the
 * national default), naming the rule set version and the clause that decided.
 * Throws HEALTH_RULES_MISSING when no rule set is loaded (call ensureDefaultRules at startup).
 */
export async function evaluateColour(
  db: Db,
  personId: string,
  provinceCode: string | null,
  at: Date,
): Promise<ColourAnswer> {
  const inputs = await selectColourInputs(db, personId, provinceCode, at.getTime());
  return decide(chooseRuleSet(inputs.rules, provinceCode), inputs, at);
}

/**
 * evaluateColour and healthHistory together, from one read of the person's rows (one query):
 * what a health officer's scan shows.
 */
export async function evaluateColourAndHistory(
  db: Db,
  personId: string,
  provinceCode: string | null,
  at: Date,
): Promise<{ colour: ColourAnswer; history: HealthHistory }> {
  const inputs = await selectColourInputs(db, personId, provinceCode, at.getTime());
  const colour = decide(chooseRuleSet(inputs.rules, provinceCode), inputs, at);
  return { colour, history: toHistory(inputs) };
}

/** A registry person read together with the health rows their colour is decided from. */
export interface PersonWithHealth {
  person: Person;
  /** evaluateColour at the instant of the read, from the rows already read (no query). */
  colour(): ColourAnswer;
  /** evaluateColourAndHistory at the instant of the read, from the rows already read (no query). */
  colourAndHistory(): { colour: ColourAnswer; history: HealthHistory };
}

/**
 * The registry's person with this ID number and their colour inputs in ONE round trip (a scan's
 * hot path: findPerson then evaluateColour cost two). The domains stay apart: the registry
 * publishes the person read as a query fragment (personFragment) and decodes it; health joins
 * it to its own tables. Undefined when the registry holds no such person. The colour is decided
 * only when asked (a caller may refuse the identity first).
 */
export async function readPersonWithHealth(
  db: Db,
  idNumber: string,
  at: Date,
): Promise<PersonWithHealth | undefined> {
  const fragment = personFragment(idNumber);
  const { row, inputs } = await selectPersonAndColourInputs(db, fragment, idNumber, at.getTime());
  const person = row && fragment.decode(row);
  if (person === undefined) return undefined;
  const colour = (): ColourAnswer => decide(chooseRuleSet(inputs.rules, person.provinceCode), inputs, at);
  return { person, colour, colourAndHistory: () => ({ colour: colour(), history: toHistory(inputs) }) };
}

function decide(ruleSet: RuleSetVersion, rows: PersonHealthRows, at: Date): ColourAnswer {
  try {
    const clause = decideColour(ruleSet.clauses, buildColourData(rows, at));
    return {
      colour: clause.colour,
      rule: { id: ruleSet.id, version: ruleSet.version, province: ruleSet.province, clause: clause.id },
    };
  } catch (err) {
    if (!(err instanceof RuleEngineError)) throw err;
    throw new HttpError(
      'HEALTH_RULE_EVALUATION_FAILED',
      `rule set ${ruleSet.id} v${ruleSet.version}: ${err.message}`,
    );
  }
}

export interface ProvinceCoverage {
  /** 2-digit GSO code of the ID number's birth registration province. */
  provinceCode: string;
  registered: number;
  /** Persons with at least one dose. */
  vaccinated: number;
  /** Persons with a complete primary series. */
  complete: number;
}

/**
 * Vaccination coverage per province, by the province the ID number was registered in (its first
 * three digits, as the linkage report's byProvince): counts only, no person. Provinces with no
 * registered person are left out.
 */
export async function coverageByProvince(db: Db): Promise<ProvinceCoverage[]> {
  const registered = await personsByIdProvince(db);
  const doses = new Map((await vaccinatedByIdProvince(db)).map((r) => [r.prefix.slice(1), r]));
  return [...registered.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provinceCode, n]) => ({
      provinceCode,
      registered: n,
      vaccinated: doses.get(provinceCode)?.vaccinated ?? 0,
      complete: doses.get(provinceCode)?.complete ?? 0,
    }));
}
