/**
 * Province colour rules (SPEC §5): a rule set is an ordered list of clauses `{ id, colour, when }`,
 * each `when` a CertLogic expression over the colour data object (ColourData); the first clause
 * whose `when` is truthy decides; the last clause must be the unconditional fallback
 * (`"when": true`). The server stores the versions; the evaluation is here, so a scanner holding
 * the rule set decides offline exactly as the server does.
 */
import { evaluateCertLogic, isCertLogicTruthy, validateCertLogic } from './certlogic.ts';

export const COLOURS = ['green', 'yellow', 'red', 'default-green'] as const;
export type Colour = (typeof COLOURS)[number];

export interface ColourClause {
  id: string;
  colour: Colour;
  /** CertLogic expression; truthy → this clause decides. */
  when: unknown;
}

/**
 * The data object colour rules are evaluated over: what was known about a person at an instant,
 * in plain JSON (ISO strings for instants) so a scanner can build the same object offline.
 */
export interface ColourData {
  /** The instant of evaluation, ISO 8601 UTC. */
  now: string;
  /**
   * Doses administered on or before `now`'s date in Vietnam, oldest first. `date` is the instant
   * the dose's calendar day began in Vietnam (`YYYY-MM-DDT00:00:00+07:00`), so "14 days after the
   * dose" ends at midnight in Vietnam, not at 07:00 (UTC midnight).
   */
  vaccinations: { date: string; dose: number; totalDoses: number; product: string }[];
  /** Tests sampled at or before `now`, newest first. */
  tests: { type: string; result: string; sampledAt: string }[];
  case: { status: string; since: string | null; recoveredCertificateAt: string | null };
  contacts: { lastCloseContactAt: string | null };
}

export const CLAUSE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const MAX_CLAUSES = 32;

const CLAUSE_ID = new RegExp(CLAUSE_ID_PATTERN);

/** Data objects every rule set must evaluate without error: nothing known, and a busy record. */
const DRY_RUN_DATA: ColourData[] = [
  {
    now: '2022-03-01T00:00:00.000Z',
    vaccinations: [],
    tests: [],
    case: { status: 'none', since: null, recoveredCertificateAt: null },
    contacts: { lastCloseContactAt: null },
  },
  {
    now: '2022-03-01T00:00:00.000Z',
    vaccinations: [
      { date: '2021-10-01T00:00:00+07:00', dose: 1, totalDoses: 2, product: 'EU/1/21/1529' },
      { date: '2021-11-01T00:00:00+07:00', dose: 2, totalDoses: 2, product: 'EU/1/21/1529' },
    ],
    tests: [
      { type: 'pcr', result: 'negative', sampledAt: '2022-02-28T08:00:00.000Z' },
      { type: 'rapid-antigen', result: 'positive', sampledAt: '2022-01-10T08:00:00.000Z' },
    ],
    case: {
      status: 'recovered',
      since: '2022-01-10T08:00:00.000Z',
      recoveredCertificateAt: '2022-01-24T00:00:00.000Z',
    },
    contacts: { lastCloseContactAt: '2022-01-05T00:00:00.000Z' },
  },
];

/**
 * Checks the clauses: ids, colours, CertLogic validity of every `when`, the final fallback, and a
 * dry run on sample data (a rule set must never throw on real input). Returns the problems found.
 */
export function validateColourClauses(clauses: unknown): string[] {
  if (!Array.isArray(clauses) || clauses.length === 0) return ['clauses: must be a non-empty array'];
  if (clauses.length > MAX_CLAUSES) return [`clauses: at most ${MAX_CLAUSES} clauses`];
  const issues: string[] = [];
  const seen = new Set<string>();
  clauses.forEach((c: unknown, i) => {
    const at = `clauses[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) {
      issues.push(`${at}: must be an object { id, colour, when }`);
      return;
    }
    const { id, colour, when } = c as Record<string, unknown>;
    if (typeof id !== 'string' || !CLAUSE_ID.test(id))
      issues.push(`${at}.id: must match ${CLAUSE_ID_PATTERN}`);
    else if (seen.has(id)) issues.push(`${at}.id: "${id}" is used twice`);
    else seen.add(id);
    if (!(COLOURS as readonly unknown[]).includes(colour))
      issues.push(`${at}.colour: must be one of ${COLOURS.join(', ')}`);
    if (when === undefined) issues.push(`${at}.when: missing`);
    else for (const issue of validateCertLogic(when)) issues.push(`${at}.when${issue.slice(1)}`);
  });
  const last = clauses[clauses.length - 1] as { when?: unknown } | undefined;
  if (last?.when !== true)
    issues.push(`clauses[${clauses.length - 1}].when: the last clause must be the fallback, "when": true`);
  if (issues.length > 0) return issues;
  for (const data of DRY_RUN_DATA) {
    try {
      decideColour(clauses as ColourClause[], data);
    } catch (err) {
      issues.push(`dry run: ${(err as Error).message}`);
      break;
    }
  }
  return issues;
}

/** The first clause whose `when` is truthy. Throws RuleEngineError if an expression fails. */
export function decideColour(clauses: readonly ColourClause[], data: ColourData): ColourClause {
  for (const clause of clauses) {
    if (isCertLogicTruthy(evaluateCertLogic(clause.when, data))) return clause;
  }
  // Unreachable for a validated rule set (the last clause is `when: true`).
  throw new Error('no clause matched: the rule set has no fallback');
}
