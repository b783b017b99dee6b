/**
 * The event pipeline against a real JetStream (a nats-server of the test's own): configuration
 * refusals; a check-in acknowledged after JetStream's ack and written by the consumer, once; a
 * retry answered `duplicate` by the stream; audit rows published and written; a malformed
 * message terminated without holding up the stream; NATS down answers 503 with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headers } from '@nats-io/transport-node';
import { DIALECTS, countRows } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from '../checkins/fixture.ts';
import {
  eventsConfigOf,
  EventsConfigError,
  startEvents,
  startWriters,
  streamStatus,
  type EventsConfig,
  type RunningEvents,
  type RunningWriter,
} from '../../src/events/index.ts';
import { HAVE_NATS, TestNats } from '../../../../test-support/nats-server.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** Polls `check` until it holds, or fails after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('events configuration', () => {
  it('is off without ONEQR_EVENTS and refuses bad values with stable codes', () => {
    expect(eventsConfigOf({})).toBeUndefined();
    expect(eventsConfigOf({ ONEQR_EVENTS: 'nats://127.0.0.1:4222' })).toMatchObject({
      servers: ['nats://127.0.0.1:4222'],
      replicas: 1,
      shards: 16,
      duplicateWindowMs: 600_000,
    });
    const code = (env: NodeJS.ProcessEnv) => {
      try {
        eventsConfigOf(env);
      } catch (err) {
        return err instanceof EventsConfigError ? err.code : String(err);
      }
      return 'accepted';
    };
    expect(code({ ONEQR_EVENTS: 'http://127.0.0.1:4222' })).toBe('EVENTS_CONFIG_URL_INVALID');
    expect(code({ ONEQR_EVENTS: 'nats://' })).toBe('EVENTS_CONFIG_URL_INVALID');
    expect(code({ ONEQR_EVENTS: 'nats://a:1', ONEQR_EVENTS_REPLICAS: '0' })).toBe(
      'EVENTS_CONFIG_VALUE_INVALID',
    );
    expect(code({ ONEQR_EVENTS: 'nats://a:1', ONEQR_EVENTS_REPLICAS: '3' })).toBe('accepted');
    expect(code({ ONEQR_EVENTS: 'nats://a:1', ONEQR_EVENTS_SHARDS: '1.5' })).toBe(
      'EVENTS_CONFIG_VALUE_INVALID',
    );
    expect(code({ ONEQR_EVENTS: 'nats://a:1', ONEQR_EVENTS_MAX_AGE: '7x' })).toBe(
      'EVENTS_CONFIG_VALUE_INVALID',
    );
    expect(code({ ONEQR_EVENTS: 'nats://a:1', ONEQR_EVENTS_MAX_BYTES: '0' })).toBe(
      'EVENTS_CONFIG_VALUE_INVALID',
    );
    expect(
      code({ ONEQR_EVENTS: 'nats://a:1', ONEQR_EVENTS_MAX_AGE: '1m', ONEQR_EVENTS_DUPLICATE_WINDOW: '2m' }),
    ).toBe('EVENTS_CONFIG_VALUE_INVALID');
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!HAVE_NATS)(`${dialect}: check-ins and audit rows through JetStream`, () => {
    let nats: TestNats;
    let w: CheckinWorld;
    let events: RunningEvents;
    let cfg: EventsConfig;
    let writer: RunningWriter | undefined;
    /** A citizen's check-in at venue 0, now. */
    const citizenEvent = (name: string) => ({
      eventId: `js-${dialect}-${name}`,
      direction: 'in',
      at: w.t.clock.now.toISOString(),
      venueCode: w.venues[0]!.qrPayload,
    });
    const post = (token: string, payload: object) =>
      w.t.app.inject({ method: 'POST', url: '/v1/checkins', payload, headers: bearer(token) });
    const stored = async (eventId: string) =>
      Number(
        (
          await w.t.store.db
            .selectFrom('checkins')
            .where('event_id', '=', eventId)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const drained = async () => {
      const st = await streamStatus(events.conn.jsm);
      if (process.env.DEBUG_EVENTS) console.log(JSON.stringify(st), JSON.stringify(writer?.counts));
      return st.every((s) => s.pending === 0 && s.ackPending === 0);
    };

    beforeAll(async () => {
      nats = await TestNats.start();
      cfg = {
        ...eventsConfigOf({ ONEQR_EVENTS: nats.url, ONEQR_EVENTS_SHARDS: '4' })!,
        publishTimeoutMs: 1500,
      };
      w = await buildWorld(dialect, { persons: 3, venues: 1 });
      events = await startEvents(w.t.store.db, cfg, { name: 'test', log: quiet });
    }, 60_000);
    afterAll(async () => {
      await writer?.stop();
      await events?.close();
      await w?.t.close();
      await nats?.stop();
    });

    it('acknowledges after the stream has it; the writer stores it once; a retry is a duplicate', async () => {
      const token = await w.citizen(0);
      const ev = citizenEvent('1');
      const first = await post(token, ev);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json().status).toBe('stored');
      // Published, not written: no writer runs yet, so the row is only in the stream.
      expect(await stored(ev.eventId)).toBe(0);
      const info = await events.conn.jsm.streams.info('ONEQR_CHECKINS');
      expect(info.state.messages).toBe(1);
      // The database does not know it yet: the stream's de-duplication answers the retry.
      const again = await post(token, ev);
      expect(again.statusCode).toBe(200);
      expect(again.json().status).toBe('duplicate');
      writer = startWriters(w.t.store.db, events.conn, quiet);
      await until('the writer to store the event', async () => (await stored(ev.eventId)) === 1);
      await until('the stream to drain', drained);
      expect(await stored(ev.eventId)).toBe(1);
      expect(writer.counts.checkins.written).toBe(1);
    });

    it('publishes the audit row of a staff scan; the writer stores it', async () => {
      const before = await countRows(w.t.store.db, 'audit_log');
      const res = await post(w.staff[0]!, {
        eventId: `js-${dialect}-staff`,
        direction: 'in',
        at: w.t.clock.now.toISOString(),
        personCode: w.persons[1]!.qr,
      });
      expect(res.statusCode, res.body).toBe(201);
      await until('the audit row', async () => (await countRows(w.t.store.db, 'audit_log')) === before + 1);
      await until('the stream to drain', drained);
      const row = await w.t.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('person_id', '=', w.persons[1]!.idNumber)
        .where('route', '=', '/v1/checkins')
        .executeTakeFirstOrThrow();
      expect(row.purpose).toBeTruthy();
      expect(await stored(`js-${dialect}-staff`)).toBe(1);
    });

    it('stores an event id once when it is re-sent after the de-duplication window', async () => {
      const row = await w.t.store.db
        .selectFrom('checkins')
        .selectAll()
        .where('event_id', '=', `js-${dialect}-1`)
        .executeTakeFirstOrThrow();
      const dupBefore = writer!.counts.checkins.duplicates;
      // Another message id: the stream takes it as new, as it would after the window.
      const ack = await events.conn.js.publish(
        'oneqr.checkins.0',
        JSON.stringify({ ...row, at: Number(row.at), server_at: Number(row.server_at) }),
        { msgID: 'late-retry' },
      );
      expect(ack.duplicate).toBe(false);
      await until('the writer to take it', async () => writer!.counts.checkins.duplicates === dupBefore + 1);
      expect(await stored(`js-${dialect}-1`)).toBe(1);
    });

    it('terminates a malformed message and goes on with the next', async () => {
      const terminated = writer!.counts.checkins.terminated;
      const h = headers();
      await events.conn.js.publish('oneqr.checkins.1', 'not json', { msgID: 'garbage-1', headers: h });
      await events.conn.js.publish('oneqr.checkins.1', JSON.stringify({ event_id: 'x', at: 'soon' }), {
        msgID: 'garbage-2',
      });
      const token = await w.citizen(2);
      const ev = citizenEvent('after');
      expect((await post(token, ev)).statusCode).toBe(201);
      await until('the good event behind them', async () => (await stored(ev.eventId)) === 1);
      await until('the stream to drain', drained);
      expect(writer!.counts.checkins.terminated).toBe(terminated + 2);
    });

    it('answers 503 EVENTS_UNAVAILABLE when NATS is down, and claims nothing', async () => {
      await nats.kill();
      const token = await w.citizen(1);
      const ev = citizenEvent('down');
      const res = await post(token, ev);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('EVENTS_UNAVAILABLE');
      expect(res.body).not.toContain('stored');
      await nats.boot();
      // Back: the node reconnects by itself, and the client's retry (same id) is acknowledged.
      await until('the publish path to recover', async () => {
        const r = await post(token, ev);
        return r.statusCode === 201 || r.statusCode === 200;
      });
      await until('the writer to store it', async () => (await stored(ev.eventId)) === 1, 30_000);
    }, 60_000);
  });
}
