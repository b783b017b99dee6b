import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '../database.ts';

// int8 (bigint) columns hold epoch milliseconds and counters, all far below 2^53:
// read them as numbers so both engines return the same types.
pg.types.setTypeParser(20, (v) => Number(v));

/** Production engine. */
export function openPostgres(url: string, poolSize = 10): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client whose connection drops (server restart, failover) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool discards the client and reconnects.
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL idle connection lost: ${(err as { code?: string }).code ?? err.message}`);
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
