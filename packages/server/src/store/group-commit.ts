/**
 * Group commit: concurrent writes share one transaction (one fsync) instead of one each. A write
 * is queued; while a commit runs, new writes gather, and the next commit takes them all. Each
 * caller's promise settles only after its commit: acknowledged means durable.
 *
 * Before it commits, a writer also waits (at most its gather bound, GATHER_MAX_MS by default) for
 * the requests that were already preparing a write when it started to gather (`expect()`): on
 * SQLite a commit's fsync blocks the process, so a request a few milliseconds from its write
 * would otherwise wait a whole extra commit, and commits would carry a handful of writes each.
 *
 * One writer per database handle and kind of write (per process: API nodes each group their own).
 * What a kind writes is its own `commit` function; the queueing, gathering, batching and failure
 * isolation live here once for every domain (check-ins, audit rows).
 */
import type { Kysely } from 'kysely';
import type { DB } from './database.ts';

/**
 * Writes `items` durably, all or none (in one transaction, or one statement, or its own steps
 * around a transaction); answers one outcome per item, in order.
 */
export type CommitBatch<I, O> = (db: Kysely<DB>, items: I[]) => Promise<O[]>;

interface Pending<I, O> {
  items: I[];
  resolve(outcomes: O[]): void;
  reject(err: unknown): void;
}

/** The longest a commit waits for requests still preparing their writes. */
export const GATHER_MAX_MS = 10;

export class GroupCommitWriter<I, O> {
  private queue: Pending<I, O>[] = [];
  private running = false;
  /** Transactions committed so far (benchmarks and tests read it). */
  commits = 0;
  /** Requests preparing a write, by the gather round they started in. */
  private readonly preparing = new Map<number, number>();
  private round = 0;
  private gathered: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly commitBatch: CommitBatch<I, O>,
    private readonly gatherMaxMs = GATHER_MAX_MS,
  ) {}

  /**
   * Announces a request that will soon write (it is verifying its input); the returned function
   * says it has written, or will not. A commit that starts gathering waits for the requests
   * announced before it, up to the gather bound.
   */
  expect(): () => void {
    const round = this.round;
    this.preparing.set(round, (this.preparing.get(round) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = this.preparing.get(round)! - 1;
      if (left === 0) this.preparing.delete(round);
      else this.preparing.set(round, left);
      this.gathered?.();
    };
  }

  /** Resolves once no request announced before this call is still preparing, or after the bound. */
  private gather(): Promise<void> {
    const upTo = this.round++;
    const waiting = () => [...this.preparing.keys()].some((r) => r <= upTo);
    if (!waiting()) return new Promise<void>((r) => setImmediate(r));
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.gathered = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.gatherMaxMs);
      this.gathered = () => {
        if (!waiting()) finish();
      };
    });
  }

  /** Writes the items; answers per item, in order, after the commit that holds them. */
  write(items: I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Let writes arriving in the same turn, and those of requests preparing, join this commit.
        await this.gather();
        const batch = this.queue;
        this.queue = [];
        try {
          settle(batch, await this.commit(batch.flatMap((p) => p.items)));
        } catch (err) {
          if (batch.length === 1) batch[0]!.reject(err);
          // One bad write must not fail its neighbours: each caller's writes are retried alone.
          else for (const p of batch) await this.commit(p.items).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(items: I[]): Promise<O[]> {
    const outcomes = await this.commitBatch(this.db, items);
    this.commits++;
    return outcomes;
  }
}

/** Hands each caller its slice of the batch's outcomes. */
function settle<I, O>(batch: Pending<I, O>[], outcomes: O[]): void {
  let at = 0;
  for (const p of batch) {
    p.resolve(outcomes.slice(at, at + p.items.length));
    at += p.items.length;
  }
}

const writers = new WeakMap<Kysely<DB>, Map<string, GroupCommitWriter<unknown, unknown>>>();

/**
 * The one writer of `kind` on a database handle (not a transaction: a write inside the caller's
 * transaction belongs to that transaction, so callers write directly there).
 */
export function groupCommitWriter<I, O>(
  db: Kysely<DB>,
  kind: string,
  commitBatch: CommitBatch<I, O>,
): GroupCommitWriter<I, O> {
  let kinds = writers.get(db);
  if (kinds === undefined) {
    kinds = new Map();
    writers.set(db, kinds);
  }
  let w = kinds.get(kind) as GroupCommitWriter<I, O> | undefined;
  if (w === undefined) {
    w = new GroupCommitWriter(db, commitBatch);
    kinds.set(kind, w as GroupCommitWriter<unknown, unknown>);
  }
  return w;
}
