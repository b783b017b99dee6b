/**
 * The audit log: every disclosure of personal data and every refused request, and the citizen's
 * view of it ("who read my data, when" — SPEC §8).
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { isRole, type AuthClient, type Role } from './roles.ts';
import type { AuditLogRow } from './access.table.ts';

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

/** Sortable id: time first, then randomness (ties within a millisecond are unordered). */
function auditId(at: Date): string {
  return `au_${at.getTime().toString(36).padStart(10, '0')}${crypto.randomBytes(6).toString('hex')}`;
}

/** Appends one entry to the audit log. Call it inside the same transaction as the read when there is one. */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
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
    })
    .execute();
}

function parseFields(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

function toEntry(row: AuditLogRow): AccessLogEntry {
  const role = row.actor_role;
  return {
    at: new Date(Number(row.at)).toISOString(),
    actor: row.actor_name !== null && isRole(role) ? { name: row.actor_name, role } : null,
    fields: parseFields(row.fields),
    purpose: row.purpose,
    outcome: row.outcome === 'refused' ? 'refused' : 'disclosed',
    route: row.route,
  };
}

/** The audit entries about one person, newest first (at most `limit`, default 100, max 1000). */
export async function listAccessLog(
  db: Kysely<DB>,
  personId: string,
  opts: { limit?: number } = {},
): Promise<AccessLogEntry[]> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), 1000);
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}
