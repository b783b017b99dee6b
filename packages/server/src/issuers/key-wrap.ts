/**
 * Keys at rest once ONEQR_MASTER_KEY is set: wrapping the private keys stored in plain text
 * before it was (at boot, and `oneqr admin keys wrap`), and the readiness check that every stored
 * key can be unwrapped with the master key this process holds.
 */
import crypto from 'node:crypto';
import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { isSealed, masterKeyFromEnv, openPrivateJwk, sealPrivateJwk } from './key-envelope.ts';

export interface WrapResult {
  /** Keys wrapped now (issuer keys and the stored root key). */
  wrapped: number;
  /** Keys found wrapped already. */
  alreadyWrapped: number;
}

type KeyTable = 'issuer_keys' | 'platform_keys';
const TABLES: KeyTable[] = ['issuer_keys', 'platform_keys'];

/**
 * Wraps every private key still stored in plain text with `masterKey` (default: ONEQR_MASTER_KEY).
 * Each row is replaced only if it is still the plain text read, so nodes booting at once do not
 * overwrite each other. Throws when no master key is set.
 */
export async function wrapPlainKeys(
  db: Kysely<DB>,
  masterKey: Buffer | undefined = masterKeyFromEnv(),
): Promise<WrapResult> {
  if (masterKey === undefined) throw new Error('ONEQR_MASTER_KEY is not set: there is nothing to wrap with');
  const out: WrapResult = { wrapped: 0, alreadyWrapped: 0 };
  for (const table of TABLES) {
    const rows = await db.selectFrom(table).select(['kid', 'private_jwk']).execute();
    for (const row of rows) {
      if (isSealed(row.private_jwk)) {
        out.alreadyWrapped++;
        continue;
      }
      const jwk = JSON.parse(row.private_jwk) as JsonWebKey;
      const r = await db
        .updateTable(table)
        .set({ private_jwk: sealPrivateJwk(jwk, row.kid, masterKey) })
        .where('kid', '=', row.kid)
        .where('private_jwk', '=', row.private_jwk)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) out.wrapped++;
      else out.alreadyWrapped++;
    }
  }
  if (out.wrapped > 0) await dropOldCopies(db);
  return out;
}

/**
 * The UPDATE leaves the plain text behind: SQLite in the page's free space and in the WAL,
 * PostgreSQL in the dead tuple. SQLite runs with secure_delete (freed bytes are zeroed); VACUUM
 * rewrites the file and the TRUNCATE checkpoint empties the WAL (it cannot while another process
 * reads: that copy goes at its next checkpoint). PostgreSQL: VACUUM FULL rewrites the two small
 * tables into new files. Neither reaches backups, WAL archives or replicas (docs/deploy.md).
 */
async function dropOldCopies(db: Kysely<DB>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`vacuum`.execute(db);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  } else {
    await sql`vacuum full issuer_keys, platform_keys`.execute(db);
  }
}

// Keys already unwrapped successfully, per database handle: /readyz is polled every few seconds
// and each stored text with one master key needs checking only once.
const readable = new WeakMap<object, Set<string>>();

/**
 * The kids of stored private keys this process cannot use with its master key (wrapped with
 * another one, wrapped while none is set, or plain although one is set). Empty when all are fine.
 */
export async function unreadableKeys(
  db: Kysely<DB>,
  masterKey: Buffer | undefined = masterKeyFromEnv(),
): Promise<string[]> {
  const seen = readable.get(db) ?? new Set<string>();
  readable.set(db, seen);
  const master = masterKey === undefined ? '-' : crypto.createHash('sha256').update(masterKey).digest('hex');
  const bad: string[] = [];
  for (const table of TABLES) {
    for (const row of await db.selectFrom(table).select(['kid', 'private_jwk']).execute()) {
      const mark = `${master}:${row.kid}:${crypto.createHash('sha256').update(row.private_jwk).digest('hex')}`;
      if (seen.has(mark)) continue;
      try {
        openPrivateJwk(row.private_jwk, row.kid, masterKey);
        seen.add(mark);
      } catch {
        bad.push(row.kid);
      }
    }
  }
  return bad;
}

/** Why stored keys cannot be read, for logs and /readyz: which case, never any key material. */
export function unreadableReason(masterKey: Buffer | undefined = masterKeyFromEnv()): string {
  return masterKey === undefined
    ? 'A stored private key is wrapped but ONEQR_MASTER_KEY is not set'
    : 'A stored private key cannot be unwrapped with the configured ONEQR_MASTER_KEY (another master key wrapped it, or it is stored in plain text)';
}

/** `oneqr admin keys wrap`: wraps the plain keys and says what it did. */
export async function wrapKeysCommand(db: Kysely<DB>): Promise<WrapResult & { text: string }> {
  const result = await wrapPlainKeys(db);
  const unreadable = await unreadableKeys(db);
  const lines = [`wrapped: ${result.wrapped}`, `already wrapped: ${result.alreadyWrapped}`];
  if (unreadable.length > 0)
    lines.push(`cannot be unwrapped with this ONEQR_MASTER_KEY: ${unreadable.join(', ')}`);
  return { ...result, text: lines.join('\n') };
}
