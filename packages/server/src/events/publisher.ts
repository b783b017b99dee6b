/**
 * The connection to JetStream and the event sink over it: each event is published on its shard's
 * subject with its id as the message id, and a publish resolves only on JetStream's ack, so an
 * event acknowledged to a client is in the stream (on every replica the stream's R asks for).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { EventKind, EventSink, SinkEvent } from '../store/event-sink.ts';
import { HttpError } from '../errors.ts';
import type { EventsConfig } from './config.ts';
import { ensureStreams, subjectOf } from './streams.ts';

export interface EventsConnection {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Lets in-flight publishes and acks finish, then closes. */
  close(): Promise<void>;
}

/** A JetStream server that cannot be reached at boot (`code` is stable). */
export class EventsUnreachableError extends Error {
  readonly code = 'EVENTS_UNREACHABLE';
  constructor(servers: string[], cause: unknown) {
    super(
      `EVENTS_UNREACHABLE: no JetStream server answers at ${servers.join(', ')} (ONEQR_EVENTS): ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = 'EventsUnreachableError';
  }
}

/**
 * Connects (reconnecting for ever once connected: a restarted NATS server is found again) and
 * creates or updates the streams (unless `ensure` is false: a read-only look).
 */
export async function connectEvents(
  cfg: EventsConfig,
  name: string,
  { ensure = true }: { ensure?: boolean } = {},
): Promise<EventsConnection> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: cfg.servers,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 5000,
    });
  } catch (err) {
    throw new EventsUnreachableError(cfg.servers, err);
  }
  try {
    const jsm = await jetstreamManager(nc);
    if (ensure) await ensureStreams(jsm, cfg);
    return {
      nc,
      jsm,
      js: jetstream(nc, { timeout: cfg.publishTimeoutMs }),
      close: async () => {
        if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
      },
    };
  } catch (err) {
    await nc.close();
    throw err;
  }
}

/** The sink the check-in writer and the audit log publish through (store/event-sink.ts). */
export function jetStreamSink(conn: EventsConnection, cfg: EventsConfig): EventSink {
  return {
    async publish(kind: EventKind, events: SinkEvent[]): Promise<boolean[]> {
      try {
        const acks = await Promise.all(
          events.map((e) =>
            conn.js.publish(subjectOf(kind, e.shardKey, cfg.shards), JSON.stringify(e.row), {
              msgID: e.id,
              timeout: cfg.publishTimeoutMs,
            }),
          ),
        );
        return acks.map((a) => a.duplicate);
      } catch (err) {
        // NATS down, no JetStream quorum, the stream full, or no ack in time: nothing is claimed.
        throw new HttpError(
          'EVENTS_UNAVAILABLE',
          undefined,
          undefined,
          err instanceof Error ? err.message : undefined,
        );
      }
    },
  };
}
