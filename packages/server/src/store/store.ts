import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
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
    let file: string;
    if (url?.startsWith('sqlite:')) file = url.slice('sqlite:'.length);
    else {
      // The data dir is ours (database, demo credentials): owner only, even if an older version made it.
      const dataDir = opts.dataDir ?? path.resolve('data');
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.chmodSync(dataDir, 0o700);
      file = path.join(dataDir, 'oneqr.sqlite');
    }
    const db = openSqlite(file);
    store = { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  if (opts.migrate !== false) {
    try {
      await (store.dialect === 'sqlite' ? migrateSqliteAtomically(store.db) : migrateToLatest(store.db));
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

/**
 * Kysely takes no migration lock on SQLite and runs its DDL outside a transaction, so two
 * processes booting on one fresh file (or a crash mid-migration) could leave half a schema.
 * One IMMEDIATE transaction around the whole run makes it atomic and makes a second process
 * wait (busy_timeout) and then find nothing left to do.
 */
async function migrateSqliteAtomically(db: Kysely<DB>): Promise<void> {
  await sql`begin immediate`.execute(db);
  try {
    await migrateToLatest(db);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}
