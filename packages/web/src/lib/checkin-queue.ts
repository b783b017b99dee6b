/**
 * Check-ins recorded while offline (SPEC §6: a scanner keeps what it records at least a day and
 * syncs later), in IndexedDB. Each event carries a client-made id: the sink (the platform's batch
 * endpoint, issue 7) stores an id once however often it is sent, so a batch whose answer was lost
 * is simply sent again. An event leaves the queue only when the sink has accepted or finally
 * rejected it; sync() runs one at a time per page.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { api } from './api.ts';

export interface CheckinEvent {
  /** Client id, unique per event (crypto.randomUUID()). */
  id: string;
  /** The venue; absent: the one the scanner's client is bound to. */
  venueId?: string | undefined;
  /** The scanned code, as read. */
  text: string;
  direction: 'in' | 'out';
  /** ISO 8601 instant of the scan. */
  at: string;
}

/** What the batch endpoint answers: each id either accepted (stored or already stored) or rejected with a code. */
export interface BatchAnswer {
  accepted: string[];
  rejected: { id: string; code: string }[];
}

/** Where queued check-ins go. */
export interface CheckinSink {
  sendBatch(events: CheckinEvent[]): Promise<BatchAnswer>;
}

interface QueueDb extends DBSchema {
  pending: { key: string; value: CheckinEvent & { queuedAt: number } };
  rejected: { key: string; value: CheckinEvent & { code: string } };
}

export interface SyncResult {
  accepted: number;
  rejected: number;
  remaining: number;
}

export const BATCH_SIZE = 100;

export class CheckinQueue {
  private db: Promise<IDBPDatabase<QueueDb>>;
  private syncing: Promise<SyncResult> | undefined;

  constructor(
    private readonly sink: CheckinSink,
    name = 'oneqr-checkins',
  ) {
    this.db = openDB<QueueDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('pending', { keyPath: 'id' });
        db.createObjectStore('rejected', { keyPath: 'id' });
      },
    });
  }

  /** Stores an event durably before returning (the transaction has committed). */
  async enqueue(event: CheckinEvent): Promise<void> {
    if (!event.id || !event.text) throw new Error('check-in: id and text are required');
    const db = await this.db;
    // put: the same id queued twice stays one event.
    await db.put('pending', { ...event, queuedAt: Date.now() });
  }

  async pending(): Promise<CheckinEvent[]> {
    const rows = await (await this.db).getAll('pending');
    return rows.sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id)).map(strip);
  }

  async rejected(): Promise<(CheckinEvent & { code: string })[]> {
    return (await this.db).getAll('rejected');
  }

  /** Sends what is pending in batches; concurrent calls share one run. A failed send leaves events queued. */
  sync(): Promise<SyncResult> {
    this.syncing ??= this.run().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async run(): Promise<SyncResult> {
    let accepted = 0;
    let rejected = 0;
    for (;;) {
      const batch = (await this.pending()).slice(0, BATCH_SIZE);
      if (batch.length === 0) break;
      const answer = await this.sink.sendBatch(batch);
      const sent = new Set(batch.map((e) => e.id));
      const db = await this.db;
      const tx = db.transaction(['pending', 'rejected'], 'readwrite');
      let settled = 0;
      for (const id of answer.accepted) {
        if (!sent.has(id)) continue;
        await tx.objectStore('pending').delete(id);
        accepted++;
        settled++;
      }
      for (const r of answer.rejected) {
        const event = batch.find((e) => e.id === r.id);
        if (!event) continue;
        await tx.objectStore('pending').delete(r.id);
        await tx.objectStore('rejected').put({ ...event, code: r.code });
        rejected++;
        settled++;
      }
      await tx.done;
      // A sink that settles nothing would loop for ever: stop, keep the rest for the next sync.
      if (settled === 0) break;
    }
    return { accepted, rejected, remaining: (await this.pending()).length };
  }
}

function strip(row: CheckinEvent & { queuedAt: number }): CheckinEvent {
  const { queuedAt: _q, ...event } = row;
  return event;
}

/** One answer of POST /v1/checkins/batch, by index of the event sent. */
interface BatchResult {
  index: number;
  status: 'stored' | 'duplicate' | 'rejected';
  code?: string;
}

/**
 * The platform's batch endpoint (POST /v1/checkins/batch, venue staff): stored and duplicate are
 * both accepted (the event id is stored once); a rejected event keeps its code. No answer, or a
 * refusal of the whole batch (401, 429, 5xx), throws, so the events stay queued.
 */
export function platformSink(token: string): CheckinSink {
  return {
    async sendBatch(events) {
      const r = await api<{ results: BatchResult[] }>('/v1/checkins/batch', {
        token,
        body: {
          events: events.map((e) => ({
            eventId: e.id,
            direction: e.direction,
            at: e.at,
            personCode: e.text,
            ...(e.venueId !== undefined && { venueId: e.venueId }),
          })),
        },
      });
      const answer: BatchAnswer = { accepted: [], rejected: [] };
      for (const res of r.results) {
        const event = events[res.index];
        if (!event) continue;
        if (res.status === 'rejected') answer.rejected.push({ id: event.id, code: res.code ?? 'REJECTED' });
        else answer.accepted.push(event.id);
      }
      return answer;
    },
  };
}
