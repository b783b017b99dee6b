/** A throw-away PostgreSQL database for one benchmark run: created fresh, dropped afterwards. */
import crypto from 'node:crypto';
import pg from 'pg';

/** The server the HTTP benchmark uses unless ONEQR_BENCH_PG_URL names another. */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TempDatabase {
  /** URL of the new database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Why the server cannot be used (unreachable, refused…), or null when it answers. */
export async function pgUnavailable(adminUrl: string): Promise<string | null> {
  try {
    await withAdmin(adminUrl, (c) => c.query('SELECT 1'));
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Creates `oneqr_bench_<random>` on the server of `adminUrl`. */
export async function createTempDatabase(adminUrl: string): Promise<TempDatabase> {
  const name = `oneqr_bench_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin(adminUrl, async (c) => {
        // The server child's pool may still be closing its sessions: retry while they linger.
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name}`);
            return;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }),
  };
}
