/**
 * DCC JSON-schema validation against the published schemas (embedded, see data/NOTICE.md) with
 * a standard draft 2020-12 validator that compiles nothing at run time (no `eval`, so it runs
 * under a strict Content-Security-Policy and in any runtime).
 *
 * The EU's documented leniencies (schema README and FAQ, test cases of release 1.3.3):
 * - the schema is chosen by the DCC's own `ver` — the exact release when known, else the newest
 *   of the same major.minor, else the newest of the same major, else the newest;
 * - `date-time` is ISO 8601 as the EU test cases write it: `Z`, `±hh`, `±hhmm` or `±hh:mm`,
 *   any number of fraction digits (RFC 3339, the validator's default, refuses `+02` and `+0200`);
 * - a failure is a warning, never a refusal: the schema "plays a supporting role" to the
 *   business rules (Postel's law in the FAQ), so the fields are still read and shown.
 */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { issue, type Issue } from '../../errors.ts';
import { DCC_SCHEMAS } from './data/schemas.ts';
import type { Json } from './json.ts';

/** The schema releases embedded, oldest first. */
export const DCC_SCHEMA_VERSIONS: readonly string[] = Object.keys(DCC_SCHEMAS).sort(compareVersions);

const DATE_TIME =
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3])(:?[0-5]\\d)?)$';

/** At most this many schema failures are reported (a hostile DCC can fail thousands). */
const MAX_REPORTED = 5;

/**
 * A real DCC holds a few dozen values; validation work grows faster than the payload (a 400-char
 * HC1 of 20,000 empty entries took a second), so a payload with more values is not validated.
 */
export const DCC_SCHEMA_MAX_VALUES = 2000;

/** True when `node` holds more than `max` values (objects, arrays and scalars), counted without recursion. */
function holdsMoreThan(node: Json, max: number): boolean {
  const stack: Json[] = [node];
  let n = 0;
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (++n > max) return true;
    if (typeof v === 'object' && v !== null)
      for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push(c);
  }
  return false;
}

function parts(v: string): number[] {
  return v.split('.').map(Number);
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The release whose schema a DCC of version `ver` is checked against (see the file comment). */
export function dccSchemaVersionFor(ver: unknown): string {
  const newest = DCC_SCHEMA_VERSIONS[DCC_SCHEMA_VERSIONS.length - 1]!;
  if (typeof ver !== 'string') return newest;
  if (DCC_SCHEMA_VERSIONS.includes(ver)) return ver;
  const m = /^(\d+)\.(\d+)\.\d+$/.exec(ver);
  if (!m) return newest;
  const sameMinor = DCC_SCHEMA_VERSIONS.filter((v) => v.startsWith(`${m[1]}.${m[2]}.`));
  const sameMajor = DCC_SCHEMA_VERSIONS.filter((v) => v.startsWith(`${m[1]}.`));
  return sameMinor[sameMinor.length - 1] ?? sameMajor[sameMajor.length - 1] ?? newest;
}

/** The schema with the `date-time` leniency applied: the format becomes an ISO 8601 pattern. */
function lenient(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lenient);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = lenient(v);
  if (out['format'] === 'date-time') {
    delete out['format'];
    const allOf = Array.isArray(out['allOf']) ? out['allOf'] : [];
    out['allOf'] = [...allOf, { pattern: DATE_TIME }];
  }
  return out;
}

const validators = new Map<string, Validator>();

function validatorFor(version: string): Validator {
  let v = validators.get(version);
  if (v === undefined) {
    v = new Validator(lenient(DCC_SCHEMAS[version]) as Schema, '2020-12', false);
    validators.set(version, v);
  }
  return v;
}

/** Keywords that only say "something below failed": the failure below is the one to report. */
const WRAPPERS = new Set([
  'properties',
  'items',
  'prefixItems',
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
  'if',
  'then',
  'else',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'dependentSchemas',
  'propertyNames',
]);

/**
 * The failures worth naming. The validator lists every failure, including those inside the
 * branches of a oneOf/anyOf: of a combinator that passed none matter; of one that failed, those
 * common to every branch (1.3.x: "dob" missing, whichever of v, t, r is present) name the
 * problem, else the combinator's own failure does.
 */
function reportable(errors: OutputUnit[]): OutputUnit[] {
  const failing = new Map(errors.map((e) => [e.keywordLocation, e]));
  const combinators = (e: OutputUnit) => [...e.keywordLocation.matchAll(/\/(?:oneOf|anyOf)\/(\d+)/g)];
  const out: OutputUnit[] = [];
  const groups = new Map<string, { branches: Set<string>; leaves: OutputUnit[] }>();
  for (const e of errors) {
    const found = combinators(e);
    // Inside a combinator that passed: not a failure of the DCC.
    if (
      !found.every((m) => failing.has(e.keywordLocation.slice(0, m.index + m[0].length - m[1]!.length - 1)))
    )
      continue;
    const inner = found[found.length - 1];
    if (inner === undefined) {
      if (!WRAPPERS.has(e.keyword)) out.push(e);
      continue;
    }
    const at = e.keywordLocation.slice(0, inner.index + inner[0].length - inner[1]!.length - 1);
    let g = groups.get(at);
    if (g === undefined) groups.set(at, (g = { branches: new Set(), leaves: [] }));
    g.branches.add(inner[1]!);
    if (!WRAPPERS.has(e.keyword)) g.leaves.push(e);
  }
  for (const [at, g] of groups) {
    const inBranches = new Map<string, Set<string>>();
    for (const e of g.leaves) {
      const key = `${e.instanceLocation}\u0000${e.error}`;
      const branch = /\/(\d+)/.exec(e.keywordLocation.slice(at.length))![1]!;
      if (!inBranches.has(key)) inBranches.set(key, new Set());
      inBranches.get(key)!.add(branch);
    }
    const common = g.leaves.filter(
      (e) => inBranches.get(`${e.instanceLocation}\u0000${e.error}`)!.size === g.branches.size,
    );
    if (common.length > 0) out.push(...common);
    else if (failing.has(at)) out.push(failing.get(at)!);
  }
  return out.length > 0 ? out : errors.slice(0, 1);
}

function fieldOf(instanceLocation: string): string {
  const path = instanceLocation.replace(/^#\/?/, '').replace(/\//g, '.');
  return path === '' ? 'hcert' : path;
}

/**
 * Validates the DCC payload (the JSON under CWT claim -260/1) against the schema of its `ver`
 * (or of the release `options.version` names). Answers one `DCC_SCHEMA` warning per failing
 * field (at most five), or none. Never throws.
 *
 * @example
 * const { layers } = decodeDccLayers(text);
 * if (layers) for (const w of validateDccSchema(layers.hcert)) console.warn(w.message);
 */
export function validateDccSchema(hcert: Json, options: { version?: string } = {}): Issue[] {
  try {
    if (holdsMoreThan(hcert, DCC_SCHEMA_MAX_VALUES))
      return [
        issue(
          'DCC_SCHEMA',
          `Schema: not checked (the payload holds more than ${DCC_SCHEMA_MAX_VALUES} values)`,
          'hcert',
        ),
      ];
    const ver =
      typeof hcert === 'object' && hcert !== null && !Array.isArray(hcert) ? hcert['ver'] : undefined;
    const version = dccSchemaVersionFor(options.version ?? ver);
    const result = validatorFor(version).validate(hcert);
    if (result.valid) return [];
    const chosen = reportable(result.errors);
    const seen = new Set<string>();
    const out: Issue[] = [];
    for (const e of chosen) {
      const field = fieldOf(e.instanceLocation);
      const key = `${field}\u0000${e.error}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(issue('DCC_SCHEMA', `Schema ${version}: ${field}: ${e.error}`, field));
      if (out.length === MAX_REPORTED) break;
    }
    return out;
  } catch {
    return [issue('DCC_SCHEMA', 'Schema: the payload could not be validated', 'hcert')];
  }
}
