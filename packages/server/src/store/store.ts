import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from './database.ts';
import { openSqlite } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';
import { migrateToLatest } from './migrate.ts';

export type Dialect = 'sqlite' | 'postgres';

/** The database handle every domain receives. Domains query only their own tables. */
export interface Store {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL URL, or `sqlite:<file>` / `sqlite::memory:`; default: SQLite under dataDir. */
  url?: string | undefined;
  dataDir?: string;
  migrate?: boolean;
}

/** Opens the database named by the URL (else the embedded default) and applies migrations. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const url = opts.url;
  let store: Store;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const db = openPostgres(url);
    store = { db, dialect: 'postgres', close: () => db.destroy() };
  } else {
    const file = url?.startsWith('sqlite:')
      ? url.slice('sqlite:'.length)
      : path.join(opts.dataDir ?? path.resolve('data'), 'oneqr.sqlite');
    const db = openSqlite(file);
    store = { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  if (opts.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}
