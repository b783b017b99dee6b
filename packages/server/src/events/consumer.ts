/**
 * The writer: durable pull consumers (one per stream) that take events in batches, write each
 * batch to the database in one transaction, idempotently, and acknowledge after the commit.
 * Exactly once: an event the API acknowledged is in the stream; it is redelivered until a commit
 * holding it has been acknowledged; and writing it again stores nothing (event id, audit row id).
 */
import { sql, type Kysely } from 'kysely';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { DB } from '../store/database.ts';
import type { EventKind } from '../store/event-sink.ts';
import { applyCheckinRows, checkinRowOf } from '../checkins/service.ts';
import { applyAuditRows, auditRowOf } from '../access/service.ts';
import type { EventsConnection } from './publisher.ts';
import { KINDS, STREAMS } from './streams.ts';

/** Events written per transaction at most. */
export const BATCH_MAX = 500;
/** How long the first event of a batch waits for others to join it. */
export const BATCH_WAIT_MS = 50;
/** A batch the database did not take is delivered again after this. */
const RETRY_MS = 1000;

/** One stream's counts since the writer started. */
export interface WriterCounts {
  /** Events committed (stored now, or already stored: a redelivery). */
  written: number;
  /** Of those, already stored. */
  duplicates: number;
  /** Messages that are no event of this stream, or that the database refuses: logged and terminated. */
  terminated: number;
  /** Batches the database did not take (delivered again). */
  retried: number;
  batches: number;
}

export interface WriterLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunningWriter {
  counts: Record<EventKind, WriterCounts>;
  /** Stops taking events, finishes the batch being written (and acks it). */
  stop(): Promise<void>;
}

/** What a stream's writer does with one batch of parsed rows; the count already stored. */
type Apply = (db: Kysely<DB>, rows: never[]) => Promise<number>;

const WRITERS: Record<EventKind, { parse: (data: unknown) => object | null; apply: Apply }> = {
  checkins: {
    parse: checkinRowOf,
    apply: async (db, rows) => (await applyCheckinRows(db, rows)).filter((o) => o === 'duplicate').length,
  },
  audit: {
    parse: auditRowOf,
    apply: async (db, rows) => {
      await applyAuditRows(db, rows);
      return 0;
    },
  },
};

async function reachable(db: Kysely<DB>): Promise<boolean> {
  return sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
}

/** Starts one writer per stream; they run until stop(). */
export function startWriters(db: Kysely<DB>, conn: EventsConnection, log: WriterLog): RunningWriter {
  const counts = Object.fromEntries(
    KINDS.map((k) => [k, { written: 0, duplicates: 0, terminated: 0, retried: 0, batches: 0 }]),
  ) as Record<EventKind, WriterCounts>;
  let stopped = false;
  const iterators = new Set<ConsumerMessages>();
  const loops = KINDS.map((kind) => run(kind));

  async function run(kind: EventKind): Promise<void> {
    const { stream, durable } = STREAMS[kind];
    while (!stopped) {
      try {
        const consumer = await conn.js.consumers.get(stream, durable);
        const messages = await consumer.consume({ max_messages: 2 * BATCH_MAX });
        iterators.add(messages);
        try {
          await pump(kind, messages);
        } finally {
          iterators.delete(messages);
        }
      } catch (err) {
        if (stopped) break;
        // NATS restarting, the consumer not yet there: try again shortly.
        log.warn({ err, stream }, 'event stream unavailable, retrying');
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  /** Gathers messages into batches (BATCH_MAX, or BATCH_WAIT_MS after the first) and writes them in turn. */
  async function pump(kind: EventKind, messages: ConsumerMessages): Promise<void> {
    let batch: JsMsg[] = [];
    let timer: NodeJS.Timeout | undefined;
    let writing = Promise.resolve();
    const flush = (): Promise<void> => {
      clearTimeout(timer);
      timer = undefined;
      const taken = batch;
      batch = [];
      if (taken.length > 0) writing = writing.then(() => write(kind, taken));
      return writing;
    };
    try {
      for await (const m of messages) {
        batch.push(m);
        if (batch.length >= BATCH_MAX) await flush();
        else timer ??= setTimeout(() => void flush(), BATCH_WAIT_MS);
        if (stopped) break;
      }
    } finally {
      await flush();
    }
  }

  /** One batch: malformed messages terminated, the rest in one transaction, acked after the commit. */
  async function write(kind: EventKind, msgs: JsMsg[]): Promise<void> {
    const c = counts[kind];
    const { parse, apply } = WRITERS[kind];
    const good: { m: JsMsg; row: object }[] = [];
    for (const m of msgs) {
      let row: object | null = null;
      try {
        row = parse(m.json());
      } catch {
        row = null;
      }
      if (row === null) {
        log.error(
          { stream: STREAMS[kind].stream, seq: m.seq, subject: m.subject },
          'not an event of this stream: terminated',
        );
        m.term(); // no reason: nats-server 2.9 ignores a +TERM that carries one
        c.terminated++;
      } else good.push({ m, row });
    }
    if (good.length === 0) return;
    try {
      c.duplicates += await apply(db, good.map((g) => g.row) as never[]);
      for (const g of good) g.m.ack();
      c.written += good.length;
      c.batches++;
    } catch (err) {
      if (!(await reachable(db))) {
        log.warn({ err, stream: STREAMS[kind].stream }, 'database unavailable: the batch is delivered again');
        for (const g of good) g.m.nak(RETRY_MS);
        c.retried++;
        return;
      }
      // The database answers but refused the batch: one event it refuses must not hold up the rest.
      for (const g of good) {
        try {
          c.duplicates += await apply(db, [g.row] as never[]);
          g.m.ack();
          c.written++;
        } catch (one) {
          if (await reachable(db)) {
            log.error(
              { err: one, stream: STREAMS[kind].stream, seq: g.m.seq },
              'the database refuses this event: terminated',
            );
            g.m.term();
            c.terminated++;
          } else g.m.nak(RETRY_MS);
        }
      }
    }
  }

  return {
    counts,
    stop: async () => {
      stopped = true;
      for (const it of iterators) await it.close();
      await Promise.all(loops);
    },
  };
}
