import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '../database.ts';

// int8 (bigint) columns hold epoch milliseconds and counters, all far below 2^53:
// read them as numbers so both engines return the same types.
pg.types.setTypeParser(20, (v) => Number(v));

/** Distinct SQL texts given a statement name; past it, queries run unnamed (parsed each time). */
const MAX_NAMED = 1000;
const names = new Map<string, string>();
const NAMED = Symbol('oneqr.namedStatements');

/** A name for one single-statement DML text, the same for the process's life; else undefined. */
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name !== undefined) return name;
  if (
    names.size >= MAX_NAMED ||
    text.includes(';') ||
    !/^\s*(select|insert|update|delete|with)\b/i.test(text)
  )
    return undefined;
  name = `oneqr_${names.size}`;
  names.set(text, name);
  return name;
}

/**
 * Statements prepared once per connection: Kysely sends each query as text to be parsed and
 * planned anew; a named statement is parsed on its first use on a connection and then only bound
 * and run (pg keeps track of which names a connection has prepared).
 */
function preparedOnce(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [NAMED]?: true };
  if (marked[NAMED]) return client;
  marked[NAMED] = true;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? statementName(text) : undefined;
    return name === undefined ? query(...args) : query({ name, text, values });
  };
  return client;
}

/** Production engine. */
export function openPostgres(url: string, poolSize = 10): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient> | undefined;
  // Kysely calls connect() for a promise; pg's own pool.query passes a callback.
  (pool as { connect: unknown }).connect = (
    callback?: (err: unknown, c?: pg.PoolClient, done?: unknown) => void,
  ) =>
    callback === undefined
      ? connect()!.then(preparedOnce)
      : connect((err: unknown, c?: pg.PoolClient, done?: unknown) =>
          callback(err, c === undefined ? c : preparedOnce(c), done),
        );
  // An idle client whose connection drops (server restart, failover) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool discards the client and reconnects.
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL idle connection lost: ${(err as { code?: string }).code ?? err.message}`);
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
