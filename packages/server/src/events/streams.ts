/**
 * The streams, subjects and durable consumers of the pipeline: one home for their names and
 * settings. Created, or updated to the configuration, at every boot (API node and consumer alike),
 * so neither has to start first.
 */
import {
  AckPolicy,
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EventKind } from '../store/event-sink.ts';
import type { EventsConfig } from './config.ts';

export const STREAMS: Record<EventKind, { stream: string; subject: string; durable: string }> = {
  checkins: { stream: 'ONEQR_CHECKINS', subject: 'oneqr.checkins', durable: 'oneqr-checkins-writer' },
  audit: { stream: 'ONEQR_AUDIT', subject: 'oneqr.audit', durable: 'oneqr-audit-writer' },
};

export const KINDS = Object.keys(STREAMS) as EventKind[];

/** How long the stream waits for a delivered message's ack before it delivers it again. */
export const ACK_WAIT_MS = 30_000;
/** Deliveries of one message at most: with the writer's 1 s retry, about 11 days of database outage. */
export const MAX_DELIVER = 1_000_000;
/** Unacknowledged messages a consumer may hold at once. */
export const MAX_ACK_PENDING = 20_000;

/** FNV-1a: a stable, cheap spread of person ids over the shards. */
export function shardOf(key: string | null, shards: number): number {
  if (key === null) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** The subject an event of `kind` keyed by `key` is published on. */
export function subjectOf(kind: EventKind, key: string | null, shards: number): string {
  return `${STREAMS[kind].subject}.${shardOf(key, shards)}`;
}

function streamConfig(kind: EventKind, cfg: EventsConfig): Partial<StreamConfig> & { name: string } {
  return {
    name: STREAMS[kind].stream,
    subjects: [`${STREAMS[kind].subject}.*`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    // Full: refuse new events (the API answers 503) rather than drop ones not yet written.
    discard: DiscardPolicy.New,
    num_replicas: cfg.replicas,
    max_age: nanos(cfg.maxAgeMs),
    max_bytes: cfg.maxBytes,
    duplicate_window: nanos(cfg.duplicateWindowMs),
  };
}

/** Creates the streams and their durable consumers, or updates them to `cfg`. */
export async function ensureStreams(jsm: JetStreamManager, cfg: EventsConfig): Promise<void> {
  for (const kind of KINDS) {
    const want = streamConfig(kind, cfg);
    const exists = await jsm.streams.info(want.name).then(
      () => true,
      (err: unknown) => {
        if (err instanceof JetStreamApiError && err.status === 404) return false;
        throw err;
      },
    );
    if (exists) await jsm.streams.update(want.name, want);
    else await jsm.streams.add(want);
    const consumer = {
      ack_wait: nanos(ACK_WAIT_MS),
      // Large rather than unbounded (-1), so the bound shows in `events status`; a message the
      // writer cannot store is terminated by it, so this is never meant to bite.
      max_deliver: MAX_DELIVER,
      max_ack_pending: MAX_ACK_PENDING,
    };
    const durable = STREAMS[kind].durable;
    const known = await jsm.consumers.info(want.name, durable).then(
      () => true,
      (err: unknown) => {
        if (err instanceof JetStreamApiError && err.status === 404) return false;
        throw err;
      },
    );
    if (known) await jsm.consumers.update(want.name, durable, consumer);
    else
      await jsm.consumers.add(want.name, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ...consumer,
      });
  }
}

/** One stream's counts: held messages, and its writer's backlog. */
export interface StreamStatus {
  kind: EventKind;
  stream: string;
  messages: number;
  bytes: number;
  replicas: number;
  consumer: string;
  /** Not yet delivered to the writer. */
  pending: number;
  /** Delivered, not yet acknowledged (being written). */
  ackPending: number;
  redelivered: number;
}

export async function streamStatus(jsm: JetStreamManager): Promise<StreamStatus[]> {
  return Promise.all(
    KINDS.map(async (kind) => {
      const { stream, durable } = STREAMS[kind];
      const si = await jsm.streams.info(stream);
      const ci = await jsm.consumers.info(stream, durable);
      return {
        kind,
        stream,
        messages: si.state.messages,
        bytes: si.state.bytes,
        replicas: si.config.num_replicas,
        consumer: durable,
        pending: ci.num_pending,
        ackPending: ci.num_ack_pending,
        redelivered: ci.num_redelivered,
      };
    }),
  );
}
