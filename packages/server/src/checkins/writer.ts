/**
 * Group commit: concurrent check-ins share one transaction (one fsync) instead of one each.
 * A write is queued; while a commit runs, new writes gather, and the next commit takes them all.
 * Each caller's promise settles only after its commit: acknowledged means durable.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { CheckinRow } from './checkins.table.ts';

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
  private commit(batch: Pending[]): Promise<Set<string>> {
    const unique = new Map<string, CheckinRow>();
    for (const p of batch) for (const r of p.rows) if (!unique.has(r.event_id)) unique.set(r.event_id, r);
    const all = [...unique.values()];
    return this.db
      .transaction()
      .execute(async (trx) => {
        const stored = new Set<string>();
        for (let i = 0; i < all.length; i += CHUNK) {
          const inserted = await trx
            .insertInto('checkins')
            .values(all.slice(i, i + CHUNK))
            .onConflict((oc) => oc.column('event_id').doNothing())
            .returning('event_id')
            .execute();
          for (const r of inserted) stored.add(r.event_id);
        }
        for (const p of batch) if (p.also) await p.also(trx);
        return stored;
      })
      .then((stored) => {
        this.commits++;
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
