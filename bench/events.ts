/**
 * The production event pipeline (issue 11, docs/events.md): check-ins/s end to end through
 * JetStream — published by the API's check-in writer, acknowledged by JetStream, written to
 * PostgreSQL by the consumer — beside the direct group-commit writer on the same database in the
 * same run (the anchor). In process, no HTTP: what is compared is the write path.
 *
 * - direct: `writerFor(db).write([row])` with IN_FLIGHT callers at once (the API's group commit).
 * - JetStream: `checkinWriterFor(db).write([row])` with the same callers, on a handle whose event
 *   sink is a nats-server of the bench's own (R1, file storage, on this machine); the clock runs
 *   until the consumer (`startWriters`, on a second handle) has every row in PostgreSQL. The
 *   publish-acknowledged rate (what a client waits for) is reported beside it.
 */
import { createTempDatabase, DEFAULT_PG_URL, pgUnavailable } from './lib/pg-database.ts';
import { result, type Benchmark, type Context, type Result } from './lib/types.ts';
import {
  checkinWriterFor,
  eventsConfigOf,
  openStore,
  startEvents,
  startWriters,
  streamStatus,
  writerFor,
  type Store,
} from '@oneqr/server';
import { HAVE_NATS, NATS_BIN, TestNats } from '../test-support/nats-server.ts';

const NAME = 'events';
const IN_FLIGHT = 64;
const quiet = { info() {}, warn() {}, error() {} };

/** `n` fresh check-in rows (a day's worth of times, 1 000 persons). */
function rows(prefix: string, n: number) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    event_id: `${prefix}-${i}`,
    person_id: `0010900${String(i % 1000).padStart(5, '0')}`,
    venue_id: `venue-${i % 50}`,
    direction: i % 2 === 0 ? 'in' : 'out',
    at: now - (i % 3600) * 1000,
    server_at: now,
    source: 'citizen',
    client_id: 'bench',
  }));
}

/** Runs `write` over the rows with IN_FLIGHT callers; the seconds it took. */
async function drive<R>(items: R[], write: (r: R) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < items.length) await write(items[next++]!);
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function countRows(store: Store, prefix: string): Promise<number> {
  const r = await store.db
    .selectFrom('checkins')
    .where('event_id', 'like', `${prefix}-%`)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const eventsBenchmark: Benchmark = {
  name: NAME,
  description: 'check-ins/s through JetStream end to end (publish → ack → PostgreSQL) vs direct group commit',
  async run(ctx: Context): Promise<Result[]> {
    if (!HAVE_NATS) throw new Error(`no nats-server at ${NATS_BIN} (set ONEQR_TEST_NATS_BIN)`);
    const adminUrl = process.env.ONEQR_BENCH_PG_URL ?? DEFAULT_PG_URL;
    const down = await pgUnavailable(adminUrl);
    if (down !== null) throw new Error(`PostgreSQL at ${adminUrl}: ${down}`);
    const n = ctx.quick ? 3000 : 20_000;
    const db = await createTempDatabase(adminUrl);
    const nats = await TestNats.start();
    const api = await openStore({ url: db.url });
    const consumerStore = await openStore({ url: db.url });
    try {
      // Warm the partitions and the pools, so neither side pays for them.
      await writerFor(api.db).write(rows('warm', 200));

      const direct = rows('direct', n);
      const directSeconds = await drive(direct, (r) => writerFor(api.db).write([r]));
      if ((await countRows(api, 'direct')) !== n) throw new Error('direct: rows missing');
      const directRate = n / directSeconds;

      const cfg = eventsConfigOf({ ONEQR_EVENTS: nats.url })!;
      const events = await startEvents(api.db, cfg, { name: 'bench-api', log: quiet });
      const writer = startWriters(consumerStore.db, events.conn, quiet);
      try {
        const streamed = rows('stream', n);
        const t0 = performance.now();
        const ackedSeconds = await drive(streamed, (r) => checkinWriterFor(api.db).write([r]));
        const deadline = Date.now() + 120_000;
        while ((await countRows(api, 'stream')) < n) {
          if (Date.now() > deadline) throw new Error('the consumer did not write every event in 120 s');
          await new Promise((r) => setTimeout(r, 20));
        }
        const endSeconds = (performance.now() - t0) / 1000;
        const status = await streamStatus(events.conn.jsm);
        const endRate = n / endSeconds;
        const anchor = {
          name: 'direct group-commit writes (PostgreSQL)',
          value: directRate,
          unit: 'check-ins/s',
        };
        return [
          result(
            NAME,
            'check-ins through JetStream, publish → in PostgreSQL',
            endRate,
            'check-ins/s',
            anchor,
            {
              pinned: false,
              detail: {
                events: n,
                inFlight: IN_FLIGHT,
                publishAckedPerSec: Math.round(n / ackedSeconds),
                endToEndSeconds: Number(endSeconds.toFixed(2)),
                directSeconds: Number(directSeconds.toFixed(2)),
                consumerBatches: writer.counts.checkins.batches,
                meanBatch: Math.round(
                  writer.counts.checkins.written / Math.max(1, writer.counts.checkins.batches),
                ),
                replicas: cfg.replicas,
                streamMessages: status[0]!.messages,
              },
              note: 'R1 file storage on this machine; production runs R3 (docs/events.md)',
            },
          ),
        ];
      } finally {
        await writer.stop();
        await events.close();
      }
    } finally {
      await api.close();
      await consumerStore.close();
      await nats.stop();
      await db.drop();
    }
  },
};
