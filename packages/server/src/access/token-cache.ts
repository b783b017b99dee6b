/**
 * Client bearer tokens held in memory, so a request costs no token query: bounded in size, and in
 * staleness by the access_changes counter (store/change-watch.ts). A cached token is never used
 * past its own expiry (checked on every hit against the request's clock), and a disabled client
 * or revoked token is refused within the staleness bound on every node: the counter moves in
 * the same transaction, and a node that sees it move drops its whole cache.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { changeWatch, localChange } from '../store/change-watch.ts';
import type { AuthClient } from './roles.ts';

/** Tokens kept per node: far more than one node's active scanners; the oldest go first. */
const MAX_ENTRIES = 50_000;

interface Entry {
  client: AuthClient;
  expiresAt: number;
}

interface Cache {
  version: number;
  entries: Map<string, Entry>;
}

const caches = new WeakMap<Kysely<DB>, Cache>();

/** The counter, or null when its row is missing (then nothing is cached: nothing could drop it). */
function readVersion(db: Kysely<DB>): Promise<number | null> {
  return db
    .selectFrom('access_changes')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirst()
    .then((row) => (row === undefined ? null : Number(row.version)));
}

/** A view of the cache at the counter's current value; null inside a transaction (read fresh there). */
export async function tokenCache(db: Kysely<DB>): Promise<TokenCacheView | null> {
  if (db.isTransaction) return null;
  const version = await changeWatch(db, 'access', () => readVersion(db)).current();
  if (version === null) return null;
  let cache = caches.get(db);
  if (cache === undefined || cache.version !== version) {
    // A version older than the cache's comes from a read that started before a newer one:
    // never go back; this request just reads the database.
    if (cache !== undefined && version < cache.version) return null;
    cache = { version, entries: new Map() };
    caches.set(db, cache);
  }
  return new TokenCacheView(db, cache);
}

export class TokenCacheView {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly cache: Cache,
  ) {}

  /** The client of a token hash still valid at `nowMs`, or undefined (ask the database). */
  get(hash: string, nowMs: number): AuthClient | undefined {
    const e = this.cache.entries.get(hash);
    if (e === undefined) return undefined;
    if (e.expiresAt > nowMs) return e.client;
    this.cache.entries.delete(hash);
    return undefined;
  }

  /**
   * Keeps a token read from the database after this view was taken. Dropped if the counter has
   * moved since (the row may predate the change that moved it).
   */
  set(hash: string, client: AuthClient, expiresAt: number): void {
    if (caches.get(this.db) !== this.cache) return;
    const { entries } = this.cache;
    if (entries.size >= MAX_ENTRIES) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
    entries.set(hash, { client, expiresAt });
  }
}

/** Moves the counter; call inside the transaction that revokes access. */
export async function bumpAccessVersion(db: Kysely<DB>): Promise<void> {
  // This node's cache re-reads the counter until the change has surely committed.
  localChange();
  await db
    .updateTable('access_changes')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}
