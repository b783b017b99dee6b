import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type Driver, type SqliteDatabase } from 'kysely';
import type { DB } from '../database.ts';

/** The database file and the ones SQLite keeps beside it. */
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

/**
 * The file holds the registry (and the private keys when ONEQR_MASTER_KEY is unset): owner only.
 * Created 0600 before SQLite opens it (SQLite gives its WAL and SHM files the database file's
 * mode), and tightened when an older version left it readable by others.
 */
function ownerOnly(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600));
  for (const suffix of SIDE_FILES) {
    try {
      fs.chmodSync(`${file}${suffix}`, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/**
 * Every transaction begins IMMEDIATE: it takes the write lock first, waiting (busy_timeout) for
 * another process's. A deferred one that reads and then writes cannot wait in WAL mode: SQLite
 * answers SQLITE_BUSY at once when another process wrote in between (two CLI commands at once).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** Distinct SQL texts kept prepared: every query the code writes, with room for IN-list variants. */
const MAX_STATEMENTS = 1000;

/**
 * Statements prepared once: Kysely prepares every query anew, and parsing is a good part of a
 * small query's cost. A statement still busy (a streaming read) is not shared: a fresh one is
 * prepared for the overlapping use. SQLite re-prepares a cached one itself after a schema change.
 */
function preparedOnce(db: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit !== undefined && !hit.busy) return hit;
      const stmt = db.prepare(sql);
      if (hit === undefined && cache.size < MAX_STATEMENTS) cache.set(sql, stmt);
      return stmt;
    },
  };
}

/** Embedded engine: one file (or `:memory:`), WAL so an acknowledged write survives a crash. */
export function openSqlite(file: string): Kysely<DB> {
  if (file !== ':memory:' && file !== '') ownerOnly(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten bytes are zeroed: no plain private key left in free space once wrapped.
  sqlite.pragma('secure_delete = ON');
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: preparedOnce(sqlite) }) });
}
