/**
 * Bounded staleness for in-memory caches of database state (tokens, the trust store). API nodes
 * share only the database, so each cache watches a change counter there (a one-row read): the
 * counter is read at most once per bound, and a cache whose counter moved is dropped.
 *
 * The bound: a change committed at instant T is seen by every request that starts after
 * T + boundMs, on every node. A request reuses a counter read only if that read STARTED within
 * the last boundMs, so it started after T and (read committed) saw the change. A change made by
 * this process is seen at once by its next request (`localChange` after the commit).
 */
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { DB } from './database.ts';

/** The documented default (docs/deploy.md, ONEQR_CACHE_STALENESS_MS). */
export const DEFAULT_CACHE_STALENESS_MS = 1000;

interface Staleness {
  boundMs: number;
  /** Monotonic milliseconds; tests pass their own to step past the bound without sleeping. */
  now: () => number;
}

const staleness: Staleness = { boundMs: DEFAULT_CACHE_STALENESS_MS, now: () => performance.now() };

/** Sets this process's bound (config.cacheStalenessMs; 0 reads the counter on every use). */
export function setCacheStaleness(boundMs: number, now?: () => number): void {
  staleness.boundMs = Math.max(0, boundMs);
  if (now !== undefined) staleness.now = now;
}

export function cacheStalenessMs(): number {
  return staleness.boundMs;
}

/** Bumped by every change this process makes to watched state: its own caches re-check at once. */
let generation = 0;
/** Until this instant every use reads the counter afresh (a local change may still be committing). */
let freshUntil = -Infinity;

/**
 * Call when this process changes watched state (a revoked token, a new trust-list sequence):
 * after its commit, or inside a caller's transaction whose commit it cannot see. For one bound
 * from now every use reads the counter, so this node sees the change as soon as it commits.
 */
export function localChange(): void {
  generation++;
  freshUntil = staleness.now() + staleness.boundMs;
}

interface Read<V> {
  startedAt: number;
  generation: number;
  value: Promise<V>;
}

/** One watched counter on one database handle. */
export class ChangeWatch<V> {
  private last: Read<V> | undefined;

  constructor(private readonly read: () => Promise<V>) {}

  /** The counter, read at most once per bound (concurrent callers share one read). */
  current(): Promise<V> {
    const t = staleness.now();
    const last = this.last;
    if (
      last !== undefined &&
      last.generation === generation &&
      t >= freshUntil &&
      t - last.startedAt < staleness.boundMs
    ) {
      return last.value;
    }
    const next: Read<V> = { startedAt: t, generation, value: this.read() };
    this.last = next;
    // A failed read is not reused: the next caller tries again.
    next.value.catch(() => {
      if (this.last === next) this.last = undefined;
    });
    return next.value;
  }
}

const watches = new WeakMap<Kysely<DB>, Map<string, ChangeWatch<unknown>>>();

/** The watch named `name` on a database handle (one per handle and name). */
export function changeWatch<V>(db: Kysely<DB>, name: string, read: () => Promise<V>): ChangeWatch<V> {
  let named = watches.get(db);
  if (named === undefined) {
    named = new Map();
    watches.set(db, named);
  }
  let w = named.get(name) as ChangeWatch<V> | undefined;
  if (w === undefined) {
    w = new ChangeWatch(read);
    named.set(name, w as ChangeWatch<unknown>);
  }
  return w;
}
