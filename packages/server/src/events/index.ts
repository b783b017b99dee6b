/**
 * The production event pipeline on NATS JetStream (docs/events.md): the API publishes check-ins
 * and audit rows, `oneqr events consume` writes them to the database. Unset ONEQR_EVENTS: none
 * of this runs and both are written directly.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { setEventSink } from '../store/event-sink.ts';
import type { EventsConfig } from './config.ts';
import { connectEvents, jetStreamSink, type EventsConnection } from './publisher.ts';
import { startWriters, type RunningWriter, type WriterLog } from './consumer.ts';

export { eventsConfigOf, EventsConfigError, type EventsConfig } from './config.ts';
export { EVENTS_ERRORS } from './errors.ts';
export { connectEvents, jetStreamSink, EventsUnreachableError, type EventsConnection } from './publisher.ts';
export {
  startWriters,
  BATCH_MAX,
  BATCH_WAIT_MS,
  type RunningWriter,
  type WriterCounts,
  type WriterLog,
} from './consumer.ts';
export { ensureStreams, streamStatus, shardOf, subjectOf, STREAMS, type StreamStatus } from './streams.ts';

export interface RunningEvents {
  conn: EventsConnection;
  /** The in-node writer, when asked for (`oneqr serve --consume`). */
  writer: RunningWriter | undefined;
  /** Stops the writer, goes back to direct writes, drains the connection. */
  close(): Promise<void>;
}

/**
 * Boots the pipeline for a server's database handle: connects, creates or updates the streams,
 * and from then on the handle's check-ins and audit rows are published (store/event-sink.ts).
 */
export async function startEvents(
  db: Kysely<DB>,
  cfg: EventsConfig,
  opts: { name: string; consume?: boolean; log: WriterLog },
): Promise<RunningEvents> {
  const conn = await connectEvents(cfg, opts.name);
  setEventSink(db, jetStreamSink(conn, cfg));
  const writer = opts.consume ? startWriters(db, conn, opts.log) : undefined;
  return {
    conn,
    writer,
    close: async () => {
      await writer?.stop();
      setEventSink(db, undefined);
      await conn.close();
    },
  };
}
