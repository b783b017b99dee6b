/**
 * Serialising writers of one thing across connections and API nodes. PostgreSQL runs each
 * transaction on its own connection, so two writers of one QID interleave and can deadlock;
 * SQLite has one writer at a time already (one connection, and BEGIN IMMEDIATE across processes).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from './database.ts';

/** True when `db` (or a transaction of it) runs on PostgreSQL. */
export function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Takes a lock named `key` until the transaction `trx` ends: a second transaction asking for the
 * same key waits for the first to commit (and then sees its writes). A transaction-scoped
 * advisory lock on PostgreSQL (no table, released on commit or rollback, even on a lost
 * connection); nothing to do on SQLite.
 */
export async function lockKey(trx: Kysely<DB>, key: string): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockKey needs a transaction');
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/**
 * A failure the same transaction may simply be run again after: a deadlock (40P01) or a
 * serialization failure (40001) on PostgreSQL, a busy database on SQLite.
 */
export function isTransientConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

/** A unique-index violation on either engine (two writers raced for one key). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
