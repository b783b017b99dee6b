/**
 * Group commit: concurrent check-ins share one transaction (one fsync) instead of one each.
 * A write is queued; while a commit runs, new writes gather, and the next commit takes them all.
 * Each caller's promise settles only after its commit: acknowledged means durable.
 *
 * Before it commits, the writer also waits (at most GATHER_MAX_MS) for the requests that were
 * already being verified when it started to gather (`expect()`): on SQLite a commit's fsync
 * blocks the process, so a request a few milliseconds from its write would otherwise wait a
 * whole extra commit, and commits would carry a handful of events each.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { CheckinRow } from './checkins.table.ts';
import { isPostgres } from '../store/serialise.ts';
import { dayStartOf, ensurePartitions, forgetPartitions, isNoPartition } from './partitions.ts';

export type WriteOutcome = 'stored' | 'duplicate';

/** More writes a caller needs in the same transaction as its rows (its audit entries, say). */
export type AlsoWrite = (trx: Kysely<DB>) => Promise<void>;

interface Pending {
  rows: CheckinRow[];
  also: AlsoWrite | undefined;
  resolve(outcomes: WriteOutcome[]): void;
  reject(err: unknown): void;
}

/** Rows per INSERT: 8 columns each, well under both engines' bound-parameter limits. */
const CHUNK = 500;
/** The longest a commit waits for requests still being verified. */
export const GATHER_MAX_MS = 10;

export class GroupCommitWriter {
  private queue: Pending[] = [];
  private running = false;
  /** Transactions committed so far (a benchmark and a test read it). */
  commits = 0;
  /** Requests being verified, by the gather round they started in. */
  private readonly preparing = new Map<number, number>();
  private round = 0;
  private gathered: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly gatherMaxMs = GATHER_MAX_MS,
  ) {}

  /**
   * Announces a request that will soon write (it is verifying its events); the returned function
   * says it has written, or will not. A commit that starts gathering waits for the requests
   * announced before it, up to GATHER_MAX_MS.
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

  /** Resolves once no request announced before this call is still verifying, or after gatherMaxMs. */
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

  /**
   * Stores the rows (once per event id) and runs `also` in the same transaction; answers per
   * row, in order, after the commit.
   */
  write(rows: CheckinRow[], also?: AlsoWrite): Promise<WriteOutcome[]> {
    if (rows.length === 0 && also === undefined) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, also, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Let writes arriving in the same turn, and those of requests being verified, join this commit.
        await this.gather();
        const batch = this.queue;
        this.queue = [];
        try {
          const stored = await this.commit(batch);
          const seen = new Set<string>();
          for (const p of batch) {
            p.resolve(
              p.rows.map((r) => {
                // The first row of an event id in this commit is the one stored.
                const outcome = stored.has(r.event_id) && !seen.has(r.event_id) ? 'stored' : 'duplicate';
                seen.add(r.event_id);
                return outcome;
              }),
            );
          }
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One transaction; returns the event ids this commit inserted. */
  private async commit(batch: Pending[]): Promise<Set<string>> {
    const unique = new Map<string, CheckinRow>();
    for (const p of batch) for (const r of p.rows) if (!unique.has(r.event_id)) unique.set(r.event_id, r);
    const all = [...unique.values()];
    const pg = isPostgres(this.db);
    if (pg)
      await ensurePartitions(
        this.db,
        all.map((r) => dayStartOf(Number(r.at))),
      );
    let stored: Set<string>;
    try {
      stored = await this.transaction(batch, all, pg);
    } catch (err) {
      if (!pg || !isNoPartition(err)) throw err;
      // A day another node's retention job dropped meanwhile, or one this process never saw.
      forgetPartitions(this.db);
      await ensurePartitions(
        this.db,
        all.map((r) => dayStartOf(Number(r.at))),
      );
      stored = await this.transaction(batch, all, pg);
    }
    this.commits++;
    return stored;
  }

  private transaction(batch: Pending[], all: CheckinRow[], pg: boolean): Promise<Set<string>> {
    return this.db.transaction().execute(async (trx) => {
      const stored = new Set<string>();
      let rows = all;
      if (pg && rows.length > 0) {
        // Partitioned by day, PostgreSQL can only key (event_id, at): an event id re-sent with
        // another time would pass ON CONFLICT, so ids already stored are left out here. (Two
        // nodes racing on one id with two times can still both store it; docs/tracing.md.)
        const ids = rows.map((r) => r.event_id);
        const taken = new Set<string>();
        for (let i = 0; i < ids.length; i += CHUNK) {
          const found = await trx
            .selectFrom('checkins')
            .select('event_id')
            .where('event_id', 'in', ids.slice(i, i + CHUNK))
            .execute();
          for (const f of found) taken.add(f.event_id);
        }
        if (taken.size > 0) rows = rows.filter((r) => !taken.has(r.event_id));
      }
      for (let i = 0; i < rows.length; i += CHUNK) {
        const inserted = await trx
          .insertInto('checkins')
          .values(rows.slice(i, i + CHUNK))
          .onConflict((oc) => (pg ? oc.columns(['event_id', 'at']) : oc.column('event_id')).doNothing())
          .returning('event_id')
          .execute();
        for (const r of inserted) stored.add(r.event_id);
      }
      for (const p of batch) if (p.also) await p.also(trx);
      return stored;
    });
  }
}

const writers = new WeakMap<Kysely<DB>, GroupCommitWriter>();

/** The one writer of a database handle (per process: API nodes each group their own). */
export function writerFor(db: Kysely<DB>): GroupCommitWriter {
  let w = writers.get(db);
  if (w === undefined) {
    w = new GroupCommitWriter(db);
    writers.set(db, w);
  }
  return w;
}
