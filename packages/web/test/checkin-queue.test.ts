/**
 * The offline check-in queue against IndexedDB (fake-indexeddb: a complete IndexedDB in memory,
 * since Node has none) and a sink that behaves like the batch endpoint issue 7 defines: it stores
 * each client id once. Network cut → three queued → back → exactly three stored, each once, even
 * when an answer is lost and the batch is sent again.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  CheckinQueue,
  type BatchAnswer,
  type CheckinEvent,
  type CheckinSink,
} from '../src/lib/checkin-queue.ts';

/** A platform stand-in with the batch endpoint's contract: idempotent by event id. */
class Platform implements CheckinSink {
  stored = new Map<string, CheckinEvent>();
  online = false;
  /** When set, the next batch is stored but its answer is lost. */
  loseNextAnswer = false;
  calls = 0;
  async sendBatch(events: CheckinEvent[]): Promise<BatchAnswer> {
    this.calls++;
    if (!this.online) throw new TypeError('Failed to fetch');
    const accepted: string[] = [];
    const rejected: { id: string; code: string }[] = [];
    for (const e of events) {
      if (e.venueId === 'closed') rejected.push({ id: e.id, code: 'VENUES_CLOSED' });
      else {
        if (!this.stored.has(e.id)) this.stored.set(e.id, e);
        accepted.push(e.id);
      }
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('connection reset');
    }
    return { accepted, rejected };
  }
}

const event = (n: number, venueId = 'v-1'): CheckinEvent => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  venueId,
  text: `079201012345||Nguyễn Văn Ánh|15062001|Nam|addr ${n}|20042021`,
  direction: 'in',
  at: new Date(Date.UTC(2025, 2, 1, 8, n)).toISOString(),
});

let dbCount = 0;
const fresh = (sink: CheckinSink) => new CheckinQueue(sink, `test-${dbCount++}`);

describe('offline check-in queue', () => {
  it('network cut: three queued; back: exactly three stored, each once, queue empty', async () => {
    const platform = new Platform();
    const q = fresh(platform);
    for (const n of [1, 2, 3]) await q.enqueue(event(n));
    await expect(q.sync()).rejects.toThrow('Failed to fetch');
    expect((await q.pending()).map((e) => e.id)).toEqual([1, 2, 3].map((n) => event(n).id));
    platform.online = true;
    expect(await q.sync()).toEqual({ accepted: 3, rejected: 0, remaining: 0 });
    expect([...platform.stored.keys()].sort()).toEqual([1, 2, 3].map((n) => event(n).id));
    expect(await q.sync()).toEqual({ accepted: 0, rejected: 0, remaining: 0 });
    expect(platform.stored.size).toBe(3);
  });

  it('a lost answer leaves the batch queued; resending stores nothing twice', async () => {
    const platform = new Platform();
    platform.online = true;
    platform.loseNextAnswer = true;
    const q = fresh(platform);
    for (const n of [1, 2, 3]) await q.enqueue(event(n));
    await expect(q.sync()).rejects.toThrow('connection reset');
    expect(await q.pending()).toHaveLength(3);
    expect(await q.sync()).toMatchObject({ accepted: 3, remaining: 0 });
    expect(platform.stored.size).toBe(3);
  });

  it('the same event queued twice is one event; a rejected one is kept aside with its code', async () => {
    const platform = new Platform();
    platform.online = true;
    const q = fresh(platform);
    await q.enqueue(event(1));
    await q.enqueue(event(1));
    await q.enqueue(event(2, 'closed'));
    expect(await q.sync()).toEqual({ accepted: 1, rejected: 1, remaining: 0 });
    expect((await q.rejected()).map((r) => [r.id, r.code])).toEqual([[event(2).id, 'VENUES_CLOSED']]);
  });

  it('concurrent syncs share one run (one request for one batch)', async () => {
    const platform = new Platform();
    platform.online = true;
    const q = fresh(platform);
    for (const n of [1, 2, 3]) await q.enqueue(event(n));
    const [a, b] = await Promise.all([q.sync(), q.sync()]);
    expect(a).toEqual(b);
    expect(platform.calls).toBe(1);
  });

  it('survives a reload: a new queue on the same database sees what was pending', async () => {
    const platform = new Platform();
    const name = `reload-${dbCount++}`;
    await new CheckinQueue(platform, name).enqueue(event(4));
    expect((await new CheckinQueue(platform, name).pending()).map((e) => e.id)).toEqual([event(4).id]);
  });

  it('refuses an event without id, venue or text', async () => {
    const q = fresh(new Platform());
    await expect(q.enqueue({ ...event(1), id: '' })).rejects.toThrow('required');
  });
});
