/**
 * EU DCC business rules (the EU gateway's rule shape, CertLogic logic) evaluated offline at a
 * given instant: which rules apply to a DCC in a country of arrival, and each one's outcome,
 * passed / fail / open, as the EU verifier apps report them. The data context is the EU one:
 * `{ payload: <the DCC JSON>, external: { validationClock, valueSets, countryCode, exp, iat } }`.
 */
import { evaluateCertLogic, validateCertLogic } from './certlogic.ts';
import type { RuleCode } from './codes.ts';
import { parseDateTime } from './dates.ts';
import { RuleEngineError } from './errors.ts';
import { OneQRError } from '../errors.ts';

export const DCC_RULE_TYPES = ['Acceptance', 'Invalidation'] as const;
export type DccRuleType = (typeof DCC_RULE_TYPES)[number];

export const DCC_RULE_CERTIFICATE_TYPES = ['General', 'Vaccination', 'Test', 'Recovery'] as const;
export type DccRuleCertificateType = (typeof DCC_RULE_CERTIFICATE_TYPES)[number];

/** One rule as the EU gateway distributes it (validation-rule.schema.json). */
export interface DccRule {
  /** e.g. `VR-EU-0001`, `GR-DE-0002`: kind of certificate, country, number. */
  Identifier: string;
  /** Acceptance rules are the country of arrival's; invalidation rules the issuing country's. */
  Type: DccRuleType;
  /** ISO 3166 alpha-2 country that made the rule. */
  Country: string;
  Region?: string;
  /** Semantic version; the highest version valid at the instant is the one that counts. */
  Version: string;
  SchemaVersion: string;
  Engine: string;
  EngineVersion: string;
  CertificateType: DccRuleCertificateType;
  Description: { lang: string; desc: string }[];
  /** ISO 8601 instants: the rule decides from ValidFrom (inclusive) to ValidTo (exclusive). */
  ValidFrom: string;
  ValidTo: string;
  AffectedFields: string[];
  /** A CertLogic expression over the data context; true passes, false fails. */
  Logic: unknown;
}

/** The value sets as rules see them: value-set id → its codes (`external.valueSets`). */
export type DccRuleValueSets = Readonly<Record<string, readonly string[]>>;

/** What the rules are run against: the DCC JSON and its CWT times (DccLayers fits). */
export interface DccRuleInput {
  /** The DCC payload (hcert claim -260, key 1) as JSON. */
  hcert: unknown;
  /** CWT claims; times in Unix seconds. */
  claims: { iss?: string | undefined; iat?: number | undefined; exp?: number | undefined };
}

export interface DccRuleContext {
  /** The validation clock: the instant the rules are evaluated at. */
  at: Date;
  /** ISO 3166 alpha-2 country of arrival, whose acceptance rules apply. */
  countryCode: string;
  /** A region of that country; its regional rules apply beside the national ones. */
  region?: string;
  valueSets: DccRuleValueSets;
}

export type DccRuleOutcome = 'passed' | 'fail' | 'open';

export interface DccRuleResult {
  identifier: string;
  version: string;
  type: DccRuleType | null;
  country: string | null;
  outcome: DccRuleOutcome;
  /** The rule's English description (else its first), for a verifier to show on failure. */
  description: string | null;
  /** Why the rule is open: it is malformed, needs another engine, threw, or gave a non-boolean. */
  reason?: { code: RuleCode; message: string };
}

export interface DccRulesEvaluation {
  /** fail if any rule fails; else open if any is open or no rule applies; else passed. */
  outcome: DccRuleOutcome;
  /** The applicable rules (and any malformed one, which cannot be ruled out), by identifier. */
  results: DccRuleResult[];
}

/** Rule identifiers as the EU gateway's schema allows them. */
const IDENTIFIER = /^(GR|VR|TR|RR|IR)-[A-Z]{2}-\d{4}$/;
const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const COUNTRY = /^[A-Z]{2}$/;
/** The engine this library runs, and the highest EngineVersion major it accepts. */
const ENGINE = 'CERTLOGIC';
const ENGINE_MAJOR = 1;
/** Rules a verifier evaluates for one DCC: bounded, because rule lists come from outside. */
export const MAX_DCC_RULES = 2000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function semver(text: string): [number, number, number] | null {
  const m = SEMVER.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compareVersions(a: string, b: string): number {
  const x = semver(a) ?? [0, 0, 0];
  const y = semver(b) ?? [0, 0, 0];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** A rule's ValidFrom/ValidTo in ms; NaN when not a date-time. No offset means UTC, never local time. */
function instant(text: unknown): number {
  if (typeof text !== 'string' || !text.includes('T')) return NaN;
  try {
    return parseDateTime(text).getTime();
  } catch {
    return NaN;
  }
}

/** The problems of a rule document against the EU rule shape; empty when it is well formed. */
export function validateDccRule(rule: unknown): string[] {
  if (!isObject(rule)) return ['rule: must be an object'];
  const issues: string[] = [];
  const str = (k: string): string | undefined =>
    typeof rule[k] === 'string' ? (rule[k] as string) : undefined;
  const id = str('Identifier');
  if (id === undefined || !IDENTIFIER.test(id))
    issues.push('Identifier: must match ^(GR|VR|TR|RR|IR)-XX-0000$');
  if (!(DCC_RULE_TYPES as readonly unknown[]).includes(rule.Type))
    issues.push(`Type: must be one of ${DCC_RULE_TYPES.join(', ')}`);
  if (!COUNTRY.test(str('Country') ?? '')) issues.push('Country: must be an ISO 3166 alpha-2 code');
  if (rule.Region !== undefined && typeof rule.Region !== 'string') issues.push('Region: must be a string');
  for (const k of ['Version', 'SchemaVersion', 'EngineVersion'])
    if (semver(str(k) ?? '') === null) issues.push(`${k}: must be a semantic version x.y.z`);
  if (typeof rule.Engine !== 'string' || rule.Engine === '') issues.push('Engine: must be a string');
  if (!(DCC_RULE_CERTIFICATE_TYPES as readonly unknown[]).includes(rule.CertificateType))
    issues.push(`CertificateType: must be one of ${DCC_RULE_CERTIFICATE_TYPES.join(', ')}`);
  const d = rule.Description;
  if (
    !Array.isArray(d) ||
    !d.every((x) => isObject(x) && typeof x.lang === 'string' && typeof x.desc === 'string')
  )
    issues.push('Description: must be an array of { lang, desc }');
  const from = instant(rule.ValidFrom);
  const to = instant(rule.ValidTo);
  if (Number.isNaN(from)) issues.push('ValidFrom: must be an ISO 8601 date-time');
  if (Number.isNaN(to)) issues.push('ValidTo: must be an ISO 8601 date-time');
  if (!Number.isNaN(from) && !Number.isNaN(to) && to <= from) issues.push('ValidTo: must be after ValidFrom');
  if (!Array.isArray(rule.AffectedFields) || !rule.AffectedFields.every((f) => typeof f === 'string'))
    issues.push('AffectedFields: must be an array of strings');
  if (rule.Logic === undefined) issues.push('Logic: missing');
  else for (const issue of validateCertLogic(rule.Logic)) issues.push(`Logic${issue.slice(1)}`);
  return issues;
}

/** The certificate types of a DCC payload, in the rules' spelling. */
function certificateTypes(hcert: unknown): DccRuleCertificateType[] {
  if (!isObject(hcert)) return [];
  const has = (k: string): boolean => Array.isArray(hcert[k]) && (hcert[k] as unknown[]).length > 0;
  const out: DccRuleCertificateType[] = [];
  if (has('v')) out.push('Vaccination');
  if (has('t')) out.push('Test');
  if (has('r')) out.push('Recovery');
  return out;
}

/** The issuing country: the CWT `iss`, else the `co` of the first event. */
function issuerCountry(input: DccRuleInput): string | null {
  if (typeof input.claims.iss === 'string' && COUNTRY.test(input.claims.iss)) return input.claims.iss;
  const h = input.hcert;
  if (!isObject(h)) return null;
  for (const k of ['v', 't', 'r']) {
    const first = Array.isArray(h[k]) ? (h[k] as unknown[])[0] : undefined;
    if (isObject(first) && typeof first.co === 'string') return first.co;
  }
  return null;
}

function descriptionOf(rule: DccRule): string | null {
  const en = rule.Description.find((d) => d.lang === 'en') ?? rule.Description[0];
  return en?.desc ?? null;
}

/** The EU data context for a DCC at the instant. */
export function dccRuleData(input: DccRuleInput, context: DccRuleContext): unknown {
  const iso = (seconds: number | undefined): string | null =>
    seconds === undefined || !Number.isFinite(seconds) ? null : new Date(seconds * 1000).toISOString();
  return {
    payload: input.hcert,
    external: {
      validationClock: context.at.toISOString(),
      valueSets: context.valueSets,
      countryCode: context.countryCode,
      exp: iso(input.claims.exp),
      iat: iso(input.claims.iat),
    },
  };
}

function runOne(rule: DccRule, data: unknown): DccRuleResult {
  const base = {
    identifier: rule.Identifier,
    version: rule.Version,
    type: rule.Type,
    country: rule.Country,
    description: descriptionOf(rule),
  };
  if (rule.Engine !== ENGINE || (semver(rule.EngineVersion)?.[0] ?? Infinity) > ENGINE_MAJOR) {
    return {
      ...base,
      outcome: 'open',
      reason: {
        code: 'RULE_ENGINE_UNSUPPORTED',
        message: `Engine: ${rule.Engine} ${rule.EngineVersion} is not run here (${ENGINE} up to ${ENGINE_MAJOR}.x)`,
      },
    };
  }
  try {
    const value = evaluateCertLogic(rule.Logic, data);
    if (value === true) return { ...base, outcome: 'passed' };
    if (value === false) return { ...base, outcome: 'fail' };
    return {
      ...base,
      outcome: 'open',
      reason: {
        code: 'RULE_NOT_BOOLEAN',
        message: `Logic: evaluated to ${JSON.stringify(value)?.slice(0, 60)}`,
      },
    };
  } catch (err) {
    // Only RuleEngineError is expected; anything else still leaves the rule open, never a pass.
    const code = err instanceof RuleEngineError ? err.code : 'RULE_INVALID_EXPRESSION';
    return { ...base, outcome: 'open', reason: { code, message: `Logic: ${(err as Error).message}` } };
  }
}

/**
 * Evaluates the EU business rules that apply to a DCC at `context.at`: the acceptance rules of
 * the country of arrival (national, and its region's when one is given), the invalidation rules
 * of the issuing country, of the DCC's certificate type or General, valid at the instant; of
 * several versions of one rule, the highest valid one. A malformed rule is reported open (it may
 * have applied). Pure and offline; never throws for any rule list.
 *
 * @example
 * const { layers } = decodeDccLayers(qrText);
 * const r = evaluateDccRules(layers!, rules, { at: new Date(), countryCode: 'VN', valueSets });
 * r.outcome; // 'passed' | 'fail' | 'open'; r.results[i].description says which rule failed
 */
export function evaluateDccRules(
  input: DccRuleInput,
  rules: readonly unknown[],
  context: DccRuleContext,
): DccRulesEvaluation {
  const at = context.at.getTime();
  if (Number.isNaN(at)) throw new OneQRError('INTERNAL', 'context.at: not a valid instant', 'at');
  const types = certificateTypes(input.hcert);
  const issuer = issuerCountry(input);
  const results: DccRuleResult[] = [];
  const chosen = new Map<string, DccRule>();
  // A rule list parsed from a download may be anything: read a non-array as one malformed rule.
  const list: readonly unknown[] = Array.isArray(rules) ? rules : [rules];
  list.slice(0, MAX_DCC_RULES).forEach((raw, i) => {
    const issues = validateDccRule(raw);
    if (issues.length > 0) {
      const id =
        isObject(raw) && typeof raw.Identifier === 'string' ? raw.Identifier.slice(0, 40) : `rules[${i}]`;
      const version = isObject(raw) && typeof raw.Version === 'string' ? raw.Version.slice(0, 20) : '';
      results.push({
        identifier: id,
        version,
        type: null,
        country: null,
        outcome: 'open',
        description: null,
        reason: { code: 'RULE_MALFORMED', message: issues[0] as string },
      });
      return;
    }
    const rule = raw as DccRule;
    const country =
      rule.Type === 'Acceptance'
        ? rule.Country === context.countryCode &&
          (rule.Region === undefined || rule.Region === '' || rule.Region === context.region)
        : rule.Country === issuer;
    const type = rule.CertificateType === 'General' || types.includes(rule.CertificateType);
    const valid = instant(rule.ValidFrom) <= at && at < instant(rule.ValidTo);
    if (!country || !type || !valid) return;
    const key = `${rule.Type}\u0000${rule.Country}\u0000${rule.Region ?? ''}\u0000${rule.Identifier}`;
    const prior = chosen.get(key);
    if (prior === undefined || compareVersions(rule.Version, prior.Version) > 0) chosen.set(key, rule);
  });
  if (list.length > MAX_DCC_RULES) {
    results.push({
      identifier: `rules[${MAX_DCC_RULES}]`,
      version: '',
      type: null,
      country: null,
      outcome: 'open',
      description: null,
      reason: {
        code: 'RULE_MALFORMED',
        message: `rules: more than ${MAX_DCC_RULES}, the rest were not read`,
      },
    });
  }
  const data = dccRuleData(input, context);
  for (const rule of chosen.values()) results.push(runOne(rule, data));
  results.sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  const outcome: DccRuleOutcome = results.some((r) => r.outcome === 'fail')
    ? 'fail'
    : results.length === 0 || results.some((r) => r.outcome === 'open')
      ? 'open'
      : 'passed';
  return { outcome, results };
}

/**
 * The `external.valueSets` map from EU value-set files (`{ valueSetId, valueSetValues: { code:
 * {…} } }`, as in ehn-dcc-schema/valuesets): each id with its codes. Other entries are ignored.
 */
export function dccRuleValueSets(files: readonly unknown[]): Record<string, string[]> {
  // No prototype: a hostile file naming its set "__proto__" stays just a key.
  const out = Object.create(null) as Record<string, string[]>;
  for (const f of files) {
    if (!isObject(f) || typeof f.valueSetId !== 'string' || !isObject(f.valueSetValues)) continue;
    out[f.valueSetId] = Object.keys(f.valueSetValues);
  }
  return out;
}
