/**
 * PostgreSQL keeps check-ins in one partition per UTC day of `at` (declarative range
 * partitioning, migration 0019), so the retention purge drops whole days instead of deleting
 * millions of rows, and a query over a time range reads only its days. There is no default
 * partition: a day's partition is created before its first row (the writer asks; the retention
 * job creates the coming days ahead). SQLite keeps one table.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/database.ts';

export const DAY_MS = 86_400_000;
/** Days created ahead of the server clock by the retention job (device skew is minutes). */
export const DAYS_AHEAD = 2;

/** `checkins_pYYYYMMDD` for the UTC day holding `ms`. Built from an integer: never input. */
export function partitionName(dayStart: number): string {
  return `checkins_p${new Date(dayStart).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

const PARTITION_NAME = /^checkins_p(\d{4})(\d{2})(\d{2})$/;

/** The UTC day start (Unix ms) a partition name stands for, or null for another table. */
function dayOfName(name: string): number | null {
  const m = PARTITION_NAME.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export const dayStartOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** Days whose partition this process knows exists, per database handle. */
const known = new WeakMap<object, Set<number>>();

function knownDays(db: Kysely<DB>): Set<number> {
  // Transactions of one handle share its executor's connection provider; key by the pool.
  const key = db.getExecutor().adapter;
  let s = known.get(key);
  if (s === undefined) {
    s = new Set();
    known.set(key, s);
  }
  return s;
}

/**
 * Creates the partitions of the given days that do not exist yet (each in its own statement,
 * outside any transaction of the caller: CREATE … PARTITION OF locks the parent briefly).
 * Safe when another node creates the same day at the same moment.
 */
export async function ensurePartitions(db: Kysely<DB>, dayStarts: Iterable<number>): Promise<void> {
  const days = knownDays(db);
  for (const day of new Set(dayStarts)) {
    if (days.has(day)) continue;
    try {
      await sql`create table if not exists ${sql.id(partitionName(day))} partition of checkins
        for values from (${sql.lit(day)}) to (${sql.lit(day + DAY_MS)})`.execute(db);
    } catch (err) {
      // Two creators of one day: the loser's catalog insert collides; the partition exists.
      const code = (err as { code?: string }).code;
      if (code !== '42P07' && code !== '23505') throw err;
    }
    days.add(day);
  }
}

/** Forgets what this process knew (after a drop, or an insert that found no partition). */
export function forgetPartitions(db: Kysely<DB>): void {
  knownDays(db).clear();
}

/** True for PostgreSQL's "no partition of relation found for row" (23514 on a partitioned insert). */
export function isNoPartition(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23514' && /no partition/i.test(e.message ?? '');
}

/** The day partitions of checkins, oldest first. */
export async function listPartitions(db: Kysely<DB>): Promise<{ name: string; dayStart: number }[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
    where p.relname = 'checkins' and p.relnamespace = current_schema()::regnamespace`.execute(db);
  return r.rows
    .map((row) => ({ name: row.name, dayStart: dayOfName(row.name) }))
    .filter((p): p is { name: string; dayStart: number } => p.dayStart !== null)
    .sort((a, b) => a.dayStart - b.dayStart);
}

/**
 * Removes check-ins with `at` < `before`: whole partitions of days that end by then are counted
 * and dropped; the day that straddles `before` loses its older rows by DELETE. The counts.
 */
export async function dropBefore(
  db: Kysely<DB>,
  before: number,
): Promise<{ deleted: number; partitionsDropped: number }> {
  let deleted = 0;
  let partitionsDropped = 0;
  for (const p of await listPartitions(db)) {
    if (p.dayStart + DAY_MS > before) break;
    const n = await sql<{ n: number }>`select count(*)::int8 as n from ${sql.id(p.name)}`.execute(db);
    await sql`drop table if exists ${sql.id(p.name)}`.execute(db);
    deleted += Number(n.rows[0]?.n ?? 0);
    partitionsDropped++;
  }
  if (partitionsDropped > 0) forgetPartitions(db);
  const r = await db.deleteFrom('checkins').where('at', '<', before).executeTakeFirst();
  deleted += Number(r.numDeletedRows);
  return { deleted, partitionsDropped };
}
