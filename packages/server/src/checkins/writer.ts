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
import { eventSinkOf, type EventSink } from '../store/event-sink.ts';

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
export class GroupCommitWriter implements CheckinWriter {
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

/** What a check-in request writes through: the group commit, or the event stream. */
export interface CheckinWriter {
  expect(): () => void;
  write(rows: CheckinRow[], also?: AlsoWrite): Promise<WriteOutcome[]>;
}

/**
 * The production profile (docs/events.md): rows are published (message id = event id, so the
 * stream's de-duplication window answers a retry `duplicate`) and a consumer writes them; `also`
 * runs on the handle itself, outside a transaction, so its audit rows are published too and its
 * counters written directly. Resolves after every acknowledgement.
 */
class PublishingWriter implements CheckinWriter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sink: EventSink,
  ) {}

  expect(): () => void {
    return () => {};
  }

  async write(rows: CheckinRow[], also?: AlsoWrite): Promise<WriteOutcome[]> {
    // Of two rows with one event id, the first is the one published (as the direct writer keeps it).
    const first = new Map<string, number>();
    rows.forEach((r, i) => {
      if (!first.has(r.event_id)) first.set(r.event_id, i);
    });
    const unique = [...first.values()].map((i) => rows[i]!);
    const [dup] = await Promise.all([
      this.sink.publish(
        'checkins',
        unique.map((r) => ({ id: r.event_id, shardKey: r.person_id, row: r })),
      ),
      also?.(this.db),
    ]);
    const duplicate = new Map(unique.map((r, i) => [r.event_id, dup[i]!]));
    return rows.map((r, i) =>
      first.get(r.event_id) === i && !duplicate.get(r.event_id) ? 'stored' : 'duplicate',
    );
  }
}

/**
 * Stores rows a consumer took from the event stream: one transaction, once per event id (the
 * direct writer's own commit, so both paths keep the same rules); the outcome per row.
 */
export function commitCheckinRows(db: Kysely<DB>, rows: CheckinRow[]): Promise<WriteOutcome[]> {
  return commitCheckins(db, [{ rows, also: undefined }]).then((o) => o[0]!);
}

const writers = new WeakMap<Kysely<DB>, GroupCommitWriter>();
const publishers = new WeakMap<EventSink, PublishingWriter>();

/** The one group-commit check-in writer of a database handle (per process: API nodes each group their own). */
export function writerFor(db: Kysely<DB>): GroupCommitWriter {
  let w = writers.get(db);
  if (w === undefined) {
    w = new GroupCommitWriter(db);
    writers.set(db, w);
  }
  return w;
}

/**
 * What a handle's check-ins are written through: the stream when the handle has an event sink
 * (store/event-sink.ts, set at boot), else the group commit.
 */
export function checkinWriterFor(db: Kysely<DB>): CheckinWriter {
  const sink = eventSinkOf(db);
  if (sink === undefined) return writerFor(db);
  let w = publishers.get(sink);
  if (w === undefined) {
    w = new PublishingWriter(db, sink);
    publishers.set(sink, w);
  }
  return w;
}
