/**
 * Colour rule sets in the store: the bundled defaults (rules/*.json), versions added by an
 * admin, and the look-up "newest version valid at this instant" for a province.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import type { ColourRuleRow } from './health.table.ts';
import { validateColourClauses, type ColourClause } from '@oneqr/qr';

/** A colour rule set as files and the API carry it (the stored version adds version and validFrom). */
export interface RuleSetDocument {
  id: string;
  /** 2-digit GSO province code; null for the national default. */
  province: string | null;
  name: string;
  clauses: ColourClause[];
}

export const RULE_SET_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

/** A stored version of a rule set, as the API and the evaluator see it. */
export interface RuleSetVersion extends RuleSetDocument {
  version: number;
  /** ISO instant from which this version decides. */
  validFrom: string;
  createdAt: string;
}

/** A bundled rule file: a rule set plus the instant it took effect. */
interface BundledRuleSet extends RuleSetDocument {
  validFrom: string;
}

export const BUNDLED_RULE_FILES = ['national-default.json', 'khanh-hoa.json', 'ho-chi-minh.json'] as const;

/** The rule sets shipped with the platform, read from health/rules/. Throws if one is invalid. */
export function bundledRuleSets(): BundledRuleSet[] {
  return BUNDLED_RULE_FILES.map((file) => {
    const doc = JSON.parse(
      fs.readFileSync(new URL(`./rules/${file}`, import.meta.url), 'utf8'),
    ) as BundledRuleSet;
    const issues = validateColourClauses(doc.clauses);
    if (issues.length > 0) throw new Error(`health/rules/${file} is invalid: ${issues.join('; ')}`);
    return doc;
  });
}

function toVersion(row: ColourRuleRow): RuleSetVersion {
  return {
    id: row.id,
    province: row.province_code,
    version: Number(row.version),
    name: row.name,
    validFrom: new Date(Number(row.valid_from)).toISOString(),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    clauses: JSON.parse(row.rule) as ColourClause[],
  };
}

/**
 * Loads the bundled rule sets into the store: each whose id has no stored version yet becomes
 * version 1, valid from the date in its file. Idempotent; safe when several nodes boot at once.
 */
export async function ensureDefaultRules(db: Kysely<DB>, now: Date): Promise<void> {
  const bundled = bundledRuleSets();
  const present = new Set(
    (await db.selectFrom('colour_rules').select('id').distinct().execute()).map((r) => r.id),
  );
  const missing = bundled.filter((b) => !present.has(b.id));
  if (missing.length === 0) return;
  await db
    .insertInto('colour_rules')
    .values(
      missing.map((b) => ({
        id: b.id,
        province_code: b.province,
        version: 1,
        name: b.name,
        rule: JSON.stringify(b.clauses),
        valid_from: Date.parse(b.validFrom),
        created_at: now.getTime(),
      })),
    )
    .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
    .execute();
}

/**
 * Rule set versions built from their rows, by id and version: a scan decides a colour from rows
 * it has just read, and parsing the clauses and formatting the instants again each time was
 * waste. An entry is reused only while its row is unchanged.
 */
const builtVersions = new Map<string, { row: ColourRuleRow; version: RuleSetVersion }>();
const MAX_PARSED = 256;

const sameRow = (a: ColourRuleRow, b: ColourRuleRow): boolean =>
  a.rule === b.rule &&
  a.name === b.name &&
  a.province_code === b.province_code &&
  Number(a.valid_from) === Number(b.valid_from) &&
  Number(a.created_at) === Number(b.created_at);

function versionOf(row: ColourRuleRow): RuleSetVersion {
  const key = `${row.id}\u0000${row.version}`;
  const hit = builtVersions.get(key);
  if (hit !== undefined && sameRow(hit.row, row)) return hit.version;
  const version = toVersion(row);
  if (builtVersions.size >= MAX_PARSED) builtVersions.clear();
  builtVersions.set(key, { row, version });
  return version;
}

/** The newest version (highest number) among `rows` of one province (null: the national default). */
function newestOf(rows: readonly ColourRuleRow[], province: string | null): ColourRuleRow | undefined {
  let best: ColourRuleRow | undefined;
  for (const r of rows) {
    if (r.province_code === province && (best === undefined || Number(r.version) > Number(best.version)))
      best = r;
  }
  return best;
}

/**
 * effectiveRuleSet over rows already read (all versions valid at the instant, of the province
 * and of the national default): the same choice, with no query. The version is shared, read-only.
 */
export function chooseRuleSet(rows: readonly ColourRuleRow[], province: string | null): RuleSetVersion {
  const row = (province === null ? undefined : newestOf(rows, province)) ?? newestOf(rows, null);
  if (!row) throw new HttpError('HEALTH_RULES_MISSING');
  return versionOf(row);
}

/**
 * For scanners' offline cache: for every rule set, the version deciding at `at` and any newer
 * versions scheduled after it (each with its validFrom), by id then version.
 */
export async function listRuleSets(db: Kysely<DB>, at: Date): Promise<RuleSetVersion[]> {
  const rows = await db.selectFrom('colour_rules').selectAll().orderBy('id').orderBy('version').execute();
  const atMs = at.getTime();
  const activeOf = new Map<string, number>(); // rule set id → the version deciding at `at`
  for (const r of rows) {
    if (Number(r.valid_from) <= atMs)
      activeOf.set(r.id, Math.max(Number(r.version), activeOf.get(r.id) ?? 0));
  }
  return rows.filter((r) => Number(r.version) >= (activeOf.get(r.id) ?? 0)).map((r) => toVersion(r));
}

export interface NewRuleVersion {
  /** The rule set's id; required the first time a province gets one, else must match. */
  id?: string | undefined;
  name: string;
  clauses: unknown;
  validFrom: Date;
}

/**
 * Stores a new version of the province's rule set (province null: the national default),
 * validated first. Versions are numbered per rule set; validFrom must not be in the past.
 */
export async function addRuleVersion(
  db: Kysely<DB>,
  province: string | null,
  input: NewRuleVersion,
  now: Date,
): Promise<RuleSetVersion> {
  const issues = validateColourClauses(input.clauses);
  if (issues.length > 0)
    throw new HttpError('HEALTH_RULE_INVALID', `clauses: ${issues[0]}`, { field: 'clauses', issues });
  if (input.validFrom.getTime() < now.getTime()) {
    throw new HttpError('HEALTH_RULE_BACKDATED', undefined, { field: 'validFrom' });
  }
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('colour_rules').select(['id', 'version']);
    q = province === null ? q.where('province_code', 'is', null) : q.where('province_code', '=', province);
    const existing = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
    const id = existing?.id ?? input.id ?? (province === null ? 'national-default' : `province-${province}`);
    if (existing && input.id !== undefined && input.id !== existing.id) {
      throw new HttpError(
        'HEALTH_RULE_ID_MISMATCH',
        `The province's rule set is "${existing.id}", not "${input.id}"`,
        {
          field: 'id',
        },
      );
    }
    if (!existing) {
      // A fresh id must not already belong to another province's rule set.
      const clash = await trx.selectFrom('colour_rules').select('id').where('id', '=', id).executeTakeFirst();
      if (clash)
        throw new HttpError('HEALTH_RULE_ID_MISMATCH', `The id "${id}" belongs to another province`, {
          field: 'id',
        });
    }
    const row = {
      id,
      province_code: province,
      version: Number(existing?.version ?? 0) + 1,
      name: input.name,
      rule: JSON.stringify(input.clauses),
      valid_from: input.validFrom.getTime(),
      created_at: now.getTime(),
    };
    await trx.insertInto('colour_rules').values(row).execute();
    return toVersion(row);
  });
}
