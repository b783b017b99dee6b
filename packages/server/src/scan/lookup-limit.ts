/**
 * The look-up budget: how many codes a client may have answered from the registry (bare ID,
 * CCCD, unsigned 1405) per minute, far below the general rate limit, because each answer tells
 * whether an ID number is registered and under which (masked) name. Counted in the store, so
 * the budget holds across API nodes; fixed one-minute windows, so a client gets at most twice
 * the limit in any 60 seconds that straddle a window boundary.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';

export const LOOKUP_WINDOW_MS = 60_000;

export type LookupBudget =
  | { allowed: true }
  | {
      allowed: false;
      /** Seconds until the next window opens. */
      retryAfterSeconds: number;
      /** True for exactly one refused look-up per client and window (whichever node serves it). */
      firstRefusal: boolean;
    };

/** Spends one look-up of `clientId` at `at` against `limit` per minute (0 = no limit). */
export async function spendLookup(
  db: Kysely<DB>,
  clientId: string,
  limit: number,
  at: Date,
): Promise<LookupBudget> {
  if (limit <= 0) return { allowed: true };
  const windowStart = Math.floor(at.getTime() / LOOKUP_WINDOW_MS) * LOOKUP_WINDOW_MS;
  // One atomic upsert: concurrent look-ups on any node each see their own count.
  const row = await db
    .insertInto('scan_lookup_windows')
    .values({ client_id: clientId, window_start: windowStart, lookups: 1 })
    .onConflict((oc) =>
      oc
        .columns(['client_id', 'window_start'])
        .doUpdateSet((eb) => ({ lookups: eb('scan_lookup_windows.lookups', '+', 1) })),
    )
    .returning('lookups')
    .executeTakeFirstOrThrow();
  const spent = Number(row.lookups);
  if (spent === 1) {
    // A new window: the client's older ones are no longer needed.
    await db
      .deleteFrom('scan_lookup_windows')
      .where('client_id', '=', clientId)
      .where('window_start', '<', windowStart)
      .execute();
  }
  if (spent <= limit) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + LOOKUP_WINDOW_MS - at.getTime()) / 1000)),
    firstRefusal: spent === limit + 1,
  };
}

/** Look-ups a check-in batch may spend: the client's hourly batch budget (its own counter). */
export const BATCH_WINDOW_MS = 3_600_000;

/** The counter key of a client's batch budget, apart from its per-minute interactive one. */
const batchKey = (clientId: string) => `${clientId}#batch`;

/**
 * Reserves up to `wanted` look-ups from the client's hourly batch budget (`limit`, 0 = none) in
 * one atomic upsert; the number granted. Whatever the batch does not use is given back by
 * `refundBatchLookups` in the batch's own transaction, so the counter ends at what was used.
 */
export async function reserveBatchLookups(
  db: Kysely<DB>,
  clientId: string,
  limit: number,
  wanted: number,
  at: Date,
): Promise<{ granted: number; windowStart: number }> {
  const windowStart = Math.floor(at.getTime() / BATCH_WINDOW_MS) * BATCH_WINDOW_MS;
  if (limit <= 0 || wanted <= 0) return { granted: limit <= 0 ? wanted : 0, windowStart };
  const key = batchKey(clientId);
  const row = await db
    .insertInto('scan_lookup_windows')
    .values({ client_id: key, window_start: windowStart, lookups: wanted })
    .onConflict((oc) =>
      oc
        .columns(['client_id', 'window_start'])
        .doUpdateSet((eb) => ({ lookups: eb('scan_lookup_windows.lookups', '+', wanted) })),
    )
    .returning('lookups')
    .executeTakeFirstOrThrow();
  const before = Number(row.lookups) - wanted;
  if (before === 0) {
    await db
      .deleteFrom('scan_lookup_windows')
      .where('client_id', '=', key)
      .where('window_start', '<', windowStart)
      .execute();
  }
  return { granted: Math.max(0, Math.min(wanted, limit - before)), windowStart };
}

/** Gives `n` reserved look-ups back (callers pass their transaction). */
export async function refundBatchLookups(
  db: Kysely<DB>,
  clientId: string,
  windowStart: number,
  n: number,
): Promise<void> {
  if (n <= 0) return;
  await db
    .updateTable('scan_lookup_windows')
    .set((eb) => ({ lookups: eb('lookups', '-', n) }))
    .where('client_id', '=', batchKey(clientId))
    .where('window_start', '=', windowStart)
    .execute();
}
