/**
 * Where a database handle's append-only events go when they are not written directly: the
 * production profile publishes check-ins and audit rows to JetStream (events/, docs/events.md)
 * and a consumer writes them. Set once per handle at boot by the server; the check-in writer and
 * the audit log ask here, so no domain reads the environment to choose.
 */
import type { Kysely } from 'kysely';
import type { DB } from './database.ts';

/** The kinds of event a sink carries (one stream each). */
export type EventKind = 'checkins' | 'audit';

/** One event to publish: its id (JetStream's message id), the key it is sharded by, its row. */
export interface SinkEvent {
  id: string;
  /** The person id the subject's shard is derived from (null: shard 0). */
  shardKey: string | null;
  row: object;
}

export interface EventSink {
  /**
   * Publishes the events; resolves after every one was acknowledged by the stream, with, per
   * event, whether the stream already held its id (a duplicate). Rejects when any was not.
   */
  publish(kind: EventKind, events: SinkEvent[]): Promise<boolean[]>;
}

const sinks = new WeakMap<Kysely<DB>, EventSink>();

/** Sends the handle's events to `sink` from now on (undefined: back to direct writes). */
export function setEventSink(db: Kysely<DB>, sink: EventSink | undefined): void {
  if (sink === undefined) sinks.delete(db);
  else sinks.set(db, sink);
}

/** The handle's sink, or undefined when its events are written directly (the embedded default). */
export function eventSinkOf(db: Kysely<DB>): EventSink | undefined {
  return sinks.get(db);
}
