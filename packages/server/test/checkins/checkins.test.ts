/**
 * Check-in through the API, both directions: a citizen's venue QR, venue staff's scanned code.
 * Idempotent batches, per-event refusals with index and code, group commit, history, occupancy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from './fixture.ts';
import { writerFor } from '../../src/checkins/writer.ts';

const iso = (d: Date, plusMs = 0) => new Date(d.getTime() + plusMs).toISOString();

for (const dialect of DIALECTS) {
  describe(`${dialect}: check-in`, () => {
    let w: CheckinWorld;
    const post = (token: string, url: string, payload: object) =>
      w.t.app.inject({ method: 'POST', url, payload, headers: bearer(token) });
    const count = async () =>
      Number(
        (
          await w.t.store.db
            .selectFrom('checkins')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      w = await buildWorld(dialect, { persons: 6, venues: 2 });
    });
    afterAll(async () => w?.t.close());

    it('a citizen checks in with the venue QR it scanned; the same eventId again is a duplicate', async () => {
      const token = await w.citizen(0);
      const ev = {
        eventId: 'c0-1',
        direction: 'in',
        at: iso(w.t.clock.now, -60_000),
        venueCode: w.venues[0]!.qrPayload,
      };
      const first = await post(token, '/v1/checkins', ev);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({
        status: 'stored',
        venueId: 'venue-0',
        direction: 'in',
        serverAt: iso(w.t.clock.now),
      });
      const again = await post(token, '/v1/checkins', ev);
      expect(again.statusCode).toBe(200);
      expect(again.json().status).toBe('duplicate');
    });

    it('venue staff check a person in by their signed QR and see what /v1/scan shows venue staff', async () => {
      const p = w.persons[1]!;
      const res = await post(w.staff[0]!, '/v1/checkins', {
        eventId: 's0-1',
        direction: 'in',
        at: iso(w.t.clock.now),
        personCode: p.qr,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().shown).toHaveProperty('name');
      expect(res.json().shown.name).not.toBe(p.fullName);
      const row = await w.t.store.db
        .selectFrom('checkins')
        .selectAll()
        .where('event_id', '=', 's0-1')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ person_id: p.idNumber, venue_id: 'venue-0', source: 'staff' });
    });

    it('refuses bad input, each with its code', async () => {
      const now = w.t.clock.now;
      const citizen = await w.citizen(2);
      const venueQr = w.venues[0]!.qrPayload;
      const forged = venueQr.slice(0, -3) + (venueQr.endsWith('AAA') ? 'BBB' : 'AAA');
      const cases: [string, object, string][] = [
        [
          citizen,
          { eventId: 'b1', direction: 'in', at: iso(now), venueCode: forged },
          'CHECKINS_VENUE_CODE_INVALID',
        ],
        [
          citizen,
          { eventId: 'b2', direction: 'in', at: iso(now), venueCode: venueQr, venueId: 'venue-1' },
          'CHECKINS_VENUE_MISMATCH',
        ],
        [
          w.staff[0]!,
          { eventId: 'b3', direction: 'in', at: iso(now), personCode: w.persons[2]!.qr, venueId: 'venue-1' },
          'CHECKINS_VENUE_FORBIDDEN',
        ],
        [
          w.staff[0]!,
          {
            eventId: 'b3b',
            direction: 'in',
            at: iso(now),
            personCode: w.persons[2]!.qr,
            venueCode: w.venues[1]!.qrPayload,
          },
          'CHECKINS_VENUE_MISMATCH',
        ],
        [
          w.staff[0]!,
          { eventId: 'b4', direction: 'in', at: iso(now), personCode: '079099000001' },
          'SCAN_IDENTITY_UNCONFIRMED',
        ],
        [
          citizen,
          { eventId: 'b5', direction: 'in', at: iso(now, 365 * 86_400_000), venueCode: venueQr },
          'CHECKINS_IN_FUTURE',
        ],
        [
          citizen,
          { eventId: 'b6', direction: 'in', at: iso(now, -22 * 86_400_000), venueCode: venueQr },
          'CHECKINS_TOO_OLD',
        ],
        [
          citizen,
          { eventId: 'b7', direction: 'sideways', at: iso(now), venueCode: venueQr },
          'CHECKINS_EVENT_INVALID',
        ],
        [
          citizen,
          { eventId: 'b8', direction: 'in', at: 'yesterday', venueCode: venueQr },
          'CHECKINS_TIME_INVALID',
        ],
        [
          citizen,
          { eventId: 'b9', direction: 'in', at: iso(now), venueCode: venueQr, personCode: 'x' },
          'CHECKINS_PERSON_CODE_UNEXPECTED',
        ],
        [
          w.staff[0]!,
          { eventId: 'b10', direction: 'in', at: iso(now), personCode: venueQr },
          'CHECKINS_PERSON_CODE_INVALID',
        ],
      ];
      const before = await count();
      for (const [token, ev, code] of cases) {
        const res = await post(token, '/v1/checkins', ev);
        expect(res.json().code, JSON.stringify(ev)).toBe(code);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
      }
      expect(await count()).toBe(before);
    });

    it('a malformed batch: one bad event rejects only itself, with its index and code', async () => {
      const now = w.t.clock.now;
      const events = w.persons.map((p, i) => ({
        eventId: `m-${i}`,
        direction: 'in',
        at: iso(now),
        personCode: p.qr,
      }));
      events[2] = { ...events[2]!, at: iso(now, 365 * 86_400_000) };
      events[4] = { ...events[4]!, personCode: 'garbage|||' };
      const res = await post(w.staff[1]!, '/v1/checkins/batch', { events });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ stored: 4, duplicate: 0, rejected: 2 });
      expect(body.results[2]).toMatchObject({
        index: 2,
        status: 'rejected',
        eventId: 'm-2',
        code: 'CHECKINS_IN_FUTURE',
      });
      expect(body.results[4]).toMatchObject({
        index: 4,
        status: 'rejected',
        code: 'SCAN_UNREADABLE',
      });
      expect(
        body.results
          .filter((r: { status: string }) => r.status === 'stored')
          .map((r: { index: number }) => r.index),
      ).toEqual([0, 1, 3, 5]);
      // The schema's bound: 1,001 events are refused whole.
      const tooMany = Array.from({ length: 1001 }, (_, i) => ({
        eventId: `x${i}`,
        direction: 'in',
        at: iso(now),
      }));
      expect((await post(w.staff[1]!, '/v1/checkins/batch', { events: tooMany })).statusCode).toBe(400);
    });

    // Each staff event is verified as a scan; on a loaded PostgreSQL that still takes seconds.
    it(
      'an offline batch of 1,000 events uploaded twice stores exactly 1,000',
      { timeout: 240_000 },
      async () => {
        const now = w.t.clock.now;
        const before = await count();
        const events = Array.from({ length: 1000 }, (_, i) => ({
          eventId: `off-${i}`,
          direction: i % 2 === 0 ? 'in' : 'out',
          at: iso(now, -3_600_000 + i * 1000),
          personCode: w.persons[i % w.persons.length]!.qr,
        }));
        const first = (await post(w.staff[0]!, '/v1/checkins/batch', { events })).json();
        expect(first).toMatchObject({ stored: 1000, duplicate: 0, rejected: 0 });
        const second = (await post(w.staff[0]!, '/v1/checkins/batch', { events })).json();
        expect(second).toMatchObject({ stored: 0, duplicate: 1000, rejected: 0 });
        expect(await count()).toBe(before + 1000);
      },
    );

    it('concurrent single check-ins share commits, and each is stored once', async () => {
      const writer = writerFor(w.t.store.db);
      const commits = writer.commits;
      const token = await w.citizen(3);
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          post(token, '/v1/checkins', {
            eventId: `gc-${i % 30}`,
            direction: 'in',
            at: iso(w.t.clock.now),
            venueCode: w.venues[1]!.qrPayload,
          }),
        ),
      );
      const statuses = answers.map((a) => a.json().status);
      expect(statuses.filter((s) => s === 'stored')).toHaveLength(30);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(10);
      expect(writer.commits - commits).toBeLessThan(40);
    });

    it('the owner sees the day paged, by direction, as CSV, and the occupancy', async () => {
      const officer = (await w.t.login({ role: 'provincial-officer', name: 'po' })).token;
      const day = new Date(w.t.clock.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const get = (url: string) => w.t.app.inject({ url, headers: bearer(officer) });
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { entries: { eventId: string }[]; next: string | null } = (
          await get(`/v1/venues/venue-0/checkins?day=${day}&limit=300${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        all.push(...page.entries.map((e: { eventId: string }) => e.eventId));
        cursor = page.next;
      } while (cursor);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(1002); // c0-1, s0-1 and the 1,000 offline events
      const outs = (await get(`/v1/venues/venue-0/checkins?day=${day}&direction=out&limit=1000`)).json();
      expect(outs.entries).toHaveLength(500);
      expect(outs.entries[0].person).toMatch(/\*/);
      const csv = await get(`/v1/venues/venue-0/checkins?day=${day}&direction=out&limit=1000&format=csv`);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trim().split('\r\n');
      expect(lines[0]).toBe('event_id,direction,at,server_at,person,source');
      expect(lines).toHaveLength(501);
      for (const bad of ['1001', '9999', '0', '01', '10000', '-1', '1e3', '100.5', ' 5']) {
        const r = await get(`/v1/venues/venue-0/checkins?day=${day}&limit=${encodeURIComponent(bad)}`);
        expect(r.statusCode, bad).toBe(400);
        expect(r.json().code, bad).toBe('VENUES_HISTORY_LIMIT_INVALID');
      }
      expect((await get(`/v1/venues/venue-0/checkins?day=${day}&cursor=bm9wZQ`)).json().code).toBe(
        'VENUES_HISTORY_CURSOR_INVALID',
      );
      // venue-1: the malformed batch checked persons 0, 1, 3 and 5 in; person 3 again by app.
      const occ = (await get('/v1/venues/venue-1/occupancy')).json();
      expect(occ).toMatchObject({ venueId: 'venue-1', inside: 4 });
    });
  });
}
