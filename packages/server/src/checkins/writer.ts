/**
 * Group commit: concurrent check-ins share one transaction (one fsync) instead of one each.
 * A write is queued; while a commit runs, new writes gather, and the next commit takes them all.
 * Each caller's promise settles only after its commit: acknowledged means durable.
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

export class GroupCommitWriter {
  private queue: Pending[] = [];
  private running = false;
  /** Transactions committed so far (a benchmark and a test read it). */
  commits = 0;

  constructor(private readonly db: Kysely<DB>) {}

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
        // Let writes arriving in the same turn of the event loop join this commit.
        await new Promise<void>((r) => setImmediate(r));
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
