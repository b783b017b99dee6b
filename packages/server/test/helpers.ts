/**
 * Test stores on both engines. SQLite always; PostgreSQL when ONEQR_TEST_PG_URL names a server
 * (each call creates and drops its own database). Suites loop over DIALECTS, titled `<dialect>: …`.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import type { DB } from '../src/store/database.ts';
import { openStore, type Dialect, type Store } from '../src/store/store.ts';

const PG_URL = process.env.ONEQR_TEST_PG_URL;

export const DIALECTS: Dialect[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

if (!PG_URL && !process.env.ONEQR_PG_SKIP_NOTED) {
  process.env.ONEQR_PG_SKIP_NOTED = '1';
  console.warn('[oneqr] ONEQR_TEST_PG_URL is not set: the PostgreSQL pass of the server suite is SKIPPED.');
}

export interface TestStore extends Store {
  /** Opens it again (another API node on the same database); PostgreSQL only (SQLite is :memory:). */
  url: string;
  /** Drops the database (PostgreSQL) after closing. */
  destroy(): Promise<void>;
}

/** A fresh, migrated, empty database on the given engine. */
export async function createTestStore(dialect: Dialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const store = await openStore({ url: 'sqlite::memory:' });
    return { ...store, url: 'sqlite::memory:', destroy: () => store.close() };
  }
  if (!PG_URL) throw new Error('ONEQR_TEST_PG_URL is not set');
  const name = `oneqr_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ url: url.toString() });
  return {
    ...store,
    url: url.toString(),
    destroy: async () => {
      await store.close();
      // pool.end() resolves before every socket is gone; DROP … WITH (FORCE) would then kill them
      // and the driver raises an uncaught 57P01. Drop politely and retry while sessions linger.
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await a.query(`DROP DATABASE IF EXISTS ${name}`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * A fresh store for each test of the enclosing describe (read `.store` inside a test), after
 * `setup` ran on it; destroyed after the test.
 */
export function storePerTest(
  dialect: Dialect,
  setup?: (store: TestStore) => Promise<unknown>,
): { readonly store: TestStore } {
  let current: TestStore | undefined;
  beforeEach(async () => {
    current = await createTestStore(dialect);
    await setup?.(current);
  });
  afterEach(async () => {
    await current?.destroy();
    current = undefined;
  });
  return {
    get store(): TestStore {
      if (!current) throw new Error('storePerTest: read .store inside a test');
      return current;
    },
  };
}

/** The number of rows in a table. */
export async function countRows(db: Kysely<DB>, table: keyof DB): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
