/**
 * Check-ins through the shared group-commit writer (store/group-commit.ts): concurrent check-ins
 * share one transaction (one fsync) instead of one each, and each is acknowledged after its commit;
 * a commit waits (at most GATHER_MAX_MS) for check-ins announced with expect() that are still
 * being verified.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { CheckinRow } from './checkins.table.ts';
import { isPostgres } from '../store/serialise.ts';
import { GATHER_MAX_MS, GroupCommitWriter as SharedWriter } from '../store/group-commit.ts';

export { GATHER_MAX_MS } from '../store/group-commit.ts';
import { dayStartOf, ensurePartitions, forgetPartitions, isNoPartition } from './partitions.ts';

export type WriteOutcome = 'stored' | 'duplicate';

/** More writes a caller needs in the same transaction as its rows (its audit entries, say). */
export type AlsoWrite = (trx: Kysely<DB>) => Promise<void>;

/** One caller's write. */
interface CheckinWrite {
  rows: CheckinRow[];
  also: AlsoWrite | undefined;
}

/** Rows per INSERT: 8 columns each, well under both engines' bound-parameter limits. */
const CHUNK = 500;

/** One commit of every queued caller's rows; per caller, per row: the first row of an event id stores it. */
async function commitCheckins(db: Kysely<DB>, batch: CheckinWrite[]): Promise<WriteOutcome[][]> {
  const stored = await commit(db, batch);
  const seen = new Set<string>();
  return batch.map((p) =>
    p.rows.map((r) => {
      const outcome = stored.has(r.event_id) && !seen.has(r.event_id) ? 'stored' : 'duplicate';
      seen.add(r.event_id);
      return outcome;
    }),
  );
}

/** The transaction; returns the event ids it inserted. */
async function commit(db: Kysely<DB>, batch: CheckinWrite[]): Promise<Set<string>> {
  const unique = new Map<string, CheckinRow>();
  for (const p of batch) for (const r of p.rows) if (!unique.has(r.event_id)) unique.set(r.event_id, r);
  const all = [...unique.values()];
  const pg = isPostgres(db);
  if (pg)
    await ensurePartitions(
      db,
      all.map((r) => dayStartOf(Number(r.at))),
    );
  try {
    return await transaction(db, batch, all, pg);
  } catch (err) {
    if (!pg || !isNoPartition(err)) throw err;
    // A day another node's retention job dropped meanwhile, or one this process never saw.
    forgetPartitions(db);
    await ensurePartitions(
      db,
      all.map((r) => dayStartOf(Number(r.at))),
    );
    return transaction(db, batch, all, pg);
  }
}

function transaction(
  db: Kysely<DB>,
  batch: CheckinWrite[],
  all: CheckinRow[],
  pg: boolean,
): Promise<Set<string>> {
  return db.transaction().execute(async (trx) => {
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

/** The check-in writer: rows (and a caller's same-transaction writes) through the shared one. */
export class GroupCommitWriter {
  private readonly shared: SharedWriter<CheckinWrite, WriteOutcome[]>;

  constructor(db: Kysely<DB>, gatherMaxMs = GATHER_MAX_MS) {
    this.shared = new SharedWriter(db, commitCheckins, gatherMaxMs);
  }

  /** Transactions committed so far (a benchmark and a test read it). */
  get commits(): number {
    return this.shared.commits;
  }

  /** See the shared writer's expect(): a request verifying its events, soon to write. */
  expect(): () => void {
    return this.shared.expect();
  }

  /**
   * Stores the rows (once per event id) and runs `also` in the same transaction; answers per
   * row, in order, after the commit.
   */
  async write(rows: CheckinRow[], also?: AlsoWrite): Promise<WriteOutcome[]> {
    if (rows.length === 0 && also === undefined) return [];
    return (await this.shared.write([{ rows, also }]))[0]!;
  }
}

const writers = new WeakMap<Kysely<DB>, GroupCommitWriter>();

/** The one check-in writer of a database handle (per process: API nodes each group their own). */
export function writerFor(db: Kysely<DB>): GroupCommitWriter {
  let w = writers.get(db);
  if (w === undefined) {
    w = new GroupCommitWriter(db);
    writers.set(db, w);
  }
  return w;
}
