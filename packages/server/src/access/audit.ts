/**
 * The audit log: every disclosure of personal data and every refused request, and the citizen's
 * view of it ("who read my data, when" — SPEC §8).
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { isRole, type AuthClient, type Role } from './roles.ts';
import type { AuditLogRow } from './access.table.ts';
import { HttpError } from '../errors.ts';
import { groupCommitWriter, type GroupCommitWriter } from '../store/group-commit.ts';
import { eventSinkOf } from '../store/event-sink.ts';

export type AuditOutcome = 'disclosed' | 'refused';

/** One audit record, as domains write it. */
export interface AuditEntry {
  /** The caller; null when the request carried no valid token. */
  actor: AuthClient | null;
  /** The person whose data was read (registry id number), or null when unknown. */
  personId: string | null;
  /** Names of the fields disclosed (or that would have been), e.g. ['fullName', 'colour']. */
  fields: string[];
  /** Why the data was read, e.g. 'venue check-in'. */
  purpose: string;
  outcome: AuditOutcome;
  /** The route pattern, e.g. '/v1/scan' — never the raw URL. */
  route: string;
  at: Date;
}

/** One line of a citizen's access log. Holds no data about anyone but the actor's name and role. */
export interface AccessLogEntry {
  /** ISO 8601 instant. */
  at: string;
  actor: { name: string; role: Role } | null;
  fields: string[];
  purpose: string;
  outcome: AuditOutcome;
  route: string;
}

/**
 * Random bytes for ids, drawn 4 KiB at a time: one randomBytes call per audit row was ~3 % of a
 * scan's CPU (each call crosses into OpenSSL). Every id still gets bytes no other id got.
 */
const randomPool = { bytes: Buffer.alloc(0), at: 0 };
function randomHex(n: number): string {
  if (randomPool.at + n > randomPool.bytes.length) {
    randomPool.bytes = crypto.randomBytes(4096);
    randomPool.at = 0;
  }
  randomPool.at += n;
  return randomPool.bytes.toString('hex', randomPool.at - n, randomPool.at);
}

/** Sortable id: time first, then randomness (ties within a millisecond are unordered). */
function auditId(at: Date): string {
  return `au_${at.getTime().toString(36).padStart(10, '0')}${randomHex(6)}`;
}

/** The width of one window of anonymous refusal counts (as the scan look-up budget's, scan/lookup-limit.ts). */
export const REFUSAL_WINDOW_MS = 60_000;

/** Anonymous refusals of one route and code in one window. */
export interface RefusalCount {
  /** ISO 8601 start of the window. */
  windowStart: string;
  route: string;
  code: string;
  count: number;
}

/**
 * Counts one anonymous refusal: one atomic upsert of the (window, route, code) row, the shape of
 * the scan look-up budget, so concurrent refusals on any node each add one.
 */
async function countRefusal(db: Kysely<DB>, route: string, code: string, at: Date): Promise<void> {
  const windowStart = Math.floor(at.getTime() / REFUSAL_WINDOW_MS) * REFUSAL_WINDOW_MS;
  await db
    .insertInto('audit_refusal_windows')
    .values({ window_start: windowStart, route, code, refusals: 1 })
    .onConflict((oc) =>
      oc
        .columns(['window_start', 'route', 'code'])
        .doUpdateSet((eb) => ({ refusals: eb('audit_refusal_windows.refusals', '+', 1) })),
    )
    .execute();
}

/** The anonymous refusal counts, newest window first (at most `limit` rows). */
export async function listRefusalCounts(db: Kysely<DB>, limit = 1000): Promise<RefusalCount[]> {
  const rows = await db
    .selectFrom('audit_refusal_windows')
    .selectAll()
    .orderBy('window_start', 'desc')
    .orderBy('route')
    .orderBy('code')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    windowStart: new Date(Number(r.window_start)).toISOString(),
    route: r.route,
    code: r.code,
    count: Number(r.refusals),
  }));
}

/**
 * Appends one entry to the audit log. Call it inside the same transaction as the read when there is one.
 * Outside one, concurrent entries share a commit (store/group-commit.ts): the promise settles once
 * the entry is durable, so an answer is never sent before its audit record is.
 * A refusal with no caller and no person (no valid token, a refused credential exchange) tells
 * nothing about anyone and costs an attacker nothing to repeat: it is counted per window, route and
 * code instead of written as a row each.
 */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  if (entry.actor === null && entry.personId === null && entry.outcome === 'refused') {
    return countRefusal(db, entry.route, entry.purpose, entry.at);
  }
  const row = auditRow(entry);
  if (db.isTransaction) await db.insertInto('audit_log').values(row).execute();
  else await writeOutside(db, [row]);
}

/**
 * Appends many entries at once (a page or search that read many persons): one commit, all or
 * none — one INSERT per 500 rows inside the caller's transaction, else one group commit.
 */
export async function recordAudits(db: Kysely<DB>, entries: AuditEntry[]): Promise<void> {
  const refusals = entries.filter((e) => e.actor === null && e.personId === null && e.outcome === 'refused');
  for (const e of refusals) await recordAudit(db, e);
  const rows = entries.filter((e) => !refusals.includes(e)).map(auditRow);
  if (rows.length === 0) return;
  if (db.isTransaction) {
    for (let i = 0; i < rows.length; i += AUDIT_CHUNK)
      await db
        .insertInto('audit_log')
        .values(rows.slice(i, i + AUDIT_CHUNK))
        .execute();
  } else await writeOutside(db, rows);
}

/**
 * Rows outside a transaction: published when the handle has an event sink (store/event-sink.ts;
 * message id = the row id, so a retried publish is stored once), else one group commit.
 */
async function writeOutside(db: Kysely<DB>, rows: AuditLogRow[]): Promise<void> {
  const sink = eventSinkOf(db);
  if (sink === undefined) await auditWriter(db).write(rows);
  else
    await sink.publish(
      'audit',
      rows.map((r) => ({ id: r.id, shardKey: r.person_id, row: r })),
    );
}

/** An audit row as the event stream carries it, or null when the message is not one. */
export function auditRowOf(data: unknown): AuditLogRow | null {
  if (typeof data !== 'object' || data === null) return null;
  const r = data as Record<string, unknown>;
  const text = (v: unknown, max = 1000) => typeof v === 'string' && v.length > 0 && v.length <= max;
  const optional = (v: unknown) => v === null || text(v);
  if (
    !(typeof r.id === 'string' && /^au_[0-9a-z]{10,}$/.test(r.id)) ||
    !(typeof r.at === 'number' && Number.isSafeInteger(r.at) && r.at >= 0) ||
    !optional(r.actor_client_id) ||
    !optional(r.actor_role) ||
    !optional(r.actor_name) ||
    !optional(r.person_id) ||
    !(typeof r.fields === 'string' && r.fields.length <= 10_000) ||
    !text(r.purpose) ||
    !(r.outcome === 'disclosed' || r.outcome === 'refused') ||
    !text(r.route)
  )
    return null;
  return {
    id: r.id,
    at: r.at,
    actor_client_id: r.actor_client_id as string | null,
    actor_role: r.actor_role as string | null,
    actor_name: r.actor_name as string | null,
    person_id: r.person_id as string | null,
    fields: r.fields,
    purpose: r.purpose as string,
    outcome: r.outcome,
    route: r.route as string,
  };
}

/**
 * Writes audit rows taken from the event stream (events/consumer.ts): one transaction, a row id
 * already stored left as it is (a redelivery).
 */
export async function applyAuditRows(db: Kysely<DB>, rows: AuditLogRow[]): Promise<void> {
  await insertAuditRows(db, rows, true);
}

/** The audit log's group-commit writer on a database handle (tests read its commit count). */
export function auditWriter(db: Kysely<DB>): GroupCommitWriter<AuditLogRow, null> {
  return groupCommitWriter(db, 'audit_log', commitAuditRows);
}

function auditRow(entry: AuditEntry): AuditLogRow {
  return {
    id: auditId(entry.at),
    at: entry.at.getTime(),
    actor_client_id: entry.actor?.id ?? null,
    actor_role: entry.actor?.role ?? null,
    actor_name: entry.actor?.name ?? null,
    person_id: entry.personId,
    fields: JSON.stringify(entry.fields),
    purpose: entry.purpose,
    outcome: entry.outcome,
    route: entry.route,
  };
}

/** Rows per INSERT: 10 columns each, well under both engines' bound-parameter limits. */
const AUDIT_CHUNK = 500;

/** One INSERT is atomic on its own (one round trip); a larger batch takes a transaction. */
async function commitAuditRows(db: Kysely<DB>, rows: AuditLogRow[]): Promise<null[]> {
  await insertAuditRows(db, rows, false);
  return rows.map(() => null);
}

/**
 * The rows in one statement, or in one transaction of AUDIT_CHUNK-row statements; `redelivered`:
 * a row id already stored is left as it is (the event stream delivers at least once).
 */
async function insertAuditRows(db: Kysely<DB>, rows: AuditLogRow[], redelivered: boolean): Promise<void> {
  if (rows.length === 0) return;
  const insert = (q: Kysely<DB>, chunk: AuditLogRow[]) => {
    const values = q.insertInto('audit_log').values(chunk);
    return (redelivered ? values.onConflict((oc) => oc.column('id').doNothing()) : values).execute();
  };
  if (rows.length <= AUDIT_CHUNK) await insert(db, rows);
  else
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += AUDIT_CHUNK) await insert(trx, rows.slice(i, i + AUDIT_CHUNK));
    });
}

function parseFields(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

function actorOf(name: string | null, role: string | null): { name: string; role: Role } | null {
  return name !== null && isRole(role) ? { name, role } : null;
}

function toEntry(row: AuditLogRow): AccessLogEntry {
  return {
    at: new Date(Number(row.at)).toISOString(),
    actor: actorOf(row.actor_name, row.actor_role),
    fields: parseFields(row.fields),
    purpose: row.purpose,
    outcome: row.outcome === 'refused' ? 'refused' : 'disclosed',
    route: row.route,
  };
}

/** Which of a person's entries to show. */
export interface AccessLogFilter {
  /** Only entries by callers of this role. */
  role?: Role | undefined;
  outcome?: AuditOutcome | undefined;
}

export interface AccessLogQuery extends AccessLogFilter {
  /** At most this many entries (1–1000, default 100). */
  limit?: number | undefined;
  /** From a previous page's nextCursor: continue after its last entry. */
  cursor?: string | undefined;
}

export interface AccessLogPage {
  entries: AccessLogEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * A page position: the (at, id) of the last entry shown, base64url so clients treat it as
 * opaque. Entries are ordered by (at, id), a total order, and a page continues strictly after
 * the position, so entries written while a client pages (newer, hence before the position)
 * neither repeat nor shift what follows. One stamped with an older instant than the position
 * (a node whose clock lags, a write committed late) shows on the next read from the top.
 */
const CURSOR = /^(\d{1,16}):([A-Za-z0-9_]{1,64})$/;

function encodeCursor(row: Pick<AuditLogRow, 'at' | 'id'>): string {
  return Buffer.from(`${Number(row.at)}:${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const m = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
    : null;
  if (!m) throw new HttpError('ACCESS_LOG_CURSOR_INVALID', undefined, { field: 'cursor' });
  return { at: Number(m[1]), id: m[2]! };
}

/** The newest audit entries about one person (the first page of pageAccessLog). */
export async function listAccessLog(
  db: Kysely<DB>,
  personId: string,
  opts: AccessLogQuery = {},
): Promise<AccessLogEntry[]> {
  return (await pageAccessLog(db, personId, opts)).entries;
}

/** One page of the audit entries about one person, newest first. */
export async function pageAccessLog(
  db: Kysely<DB>,
  personId: string,
  opts: AccessLogQuery = {},
): Promise<AccessLogPage> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), 1000);
  const after = opts.cursor === undefined ? undefined : decodeCursor(opts.cursor);
  let q = db.selectFrom('audit_log').selectAll().where('person_id', '=', personId);
  if (opts.role !== undefined) q = q.where('actor_role', '=', opts.role);
  if (opts.outcome !== undefined) q = q.where('outcome', '=', opts.outcome);
  if (after !== undefined) {
    q = q.where((eb) =>
      eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
    );
  }
  // One more than asked: whether there is a next page, without a count.
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map(toEntry),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}

/** How often one reader read (or tried to read) a person's data for one purpose. */
export interface AccessLogSummaryRow {
  actor: { name: string; role: Role } | null;
  purpose: string;
  outcome: AuditOutcome;
  count: number;
  /** ISO 8601 instants of the first and the latest entry. */
  firstAt: string;
  lastAt: string;
}

export interface AccessLogSummary {
  /** Entries matching the filter. */
  total: number;
  /** One row per reader, purpose and outcome, latest first (at most SUMMARY_MAX_ROWS). */
  readers: AccessLogSummaryRow[];
  /** True when there were more rows than SUMMARY_MAX_ROWS. */
  truncated: boolean;
}

export const SUMMARY_MAX_ROWS = 1000;

/**
 * The count per reader and purpose of a person's entries: a flood from one reader is one row,
 * so a rare reader stays in sight. Readers are told apart by client, named by name and role.
 */
export async function summariseAccessLog(
  db: Kysely<DB>,
  personId: string,
  filter: AccessLogFilter = {},
): Promise<AccessLogSummary> {
  let base = db.selectFrom('audit_log').where('person_id', '=', personId);
  if (filter.role !== undefined) base = base.where('actor_role', '=', filter.role);
  if (filter.outcome !== undefined) base = base.where('outcome', '=', filter.outcome);
  const groups = await base
    .select((eb) => [
      'actor_client_id',
      'actor_name',
      'actor_role',
      'purpose',
      'outcome',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min('at').as('first_at'),
      eb.fn.max('at').as('last_at'),
    ])
    .groupBy(['actor_client_id', 'actor_name', 'actor_role', 'purpose', 'outcome'])
    .orderBy('last_at', 'desc')
    .orderBy('n', 'desc')
    .limit(SUMMARY_MAX_ROWS + 1)
    .execute();
  const total = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    total: Number(total.n),
    readers: groups.slice(0, SUMMARY_MAX_ROWS).map((g) => ({
      actor: actorOf(g.actor_name, g.actor_role),
      purpose: g.purpose,
      outcome: g.outcome === 'refused' ? 'refused' : 'disclosed',
      count: Number(g.n),
      firstAt: new Date(Number(g.first_at)).toISOString(),
      lastAt: new Date(Number(g.last_at)).toISOString(),
    })),
    truncated: groups.length > SUMMARY_MAX_ROWS,
  };
}
