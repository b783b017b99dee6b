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
