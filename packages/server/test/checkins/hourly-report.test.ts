/**
 * GET /v1/checkins/report/hourly (the authority console's chart): entries at every venue per
 * Vietnam hour of one day, counts only. Exits and other days are not counted; a malformed day is
 * refused; other roles are refused (role matrix) and the answer holds no person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from './fixture.ts';

const MIN = 60_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: check-ins per hour`, () => {
    let w: CheckinWorld;
    let officer = '';
    beforeAll(async () => {
      w = await buildWorld(dialect, { persons: 2, venues: 2 });
      officer = (await w.t.login({ role: 'health-officer', name: 'CDC' })).token;
      const t0 = w.t.clock.now.getTime(); // 2025-03-01T08:00Z = 15:00 in Vietnam
      const at = (ms: number) => new Date(ms).toISOString();
      const events = [
        { eventId: 'h-1', direction: 'in', at: at(t0), personCode: w.persons[0]!.qr }, // 15 h
        { eventId: 'h-2', direction: 'in', at: at(t0 - 30 * MIN), personCode: w.persons[1]!.qr }, // 14 h
        { eventId: 'h-3', direction: 'out', at: at(t0 - 5 * MIN), personCode: w.persons[1]!.qr }, // exit
        { eventId: 'h-4', direction: 'in', at: at(t0 - 16 * 60 * MIN), personCode: w.persons[0]!.qr }, // the day before
      ];
      const res = await w.t.app.inject({
        method: 'POST',
        url: '/v1/checkins/batch',
        headers: bearer(w.staff[0]!),
        payload: { events },
      });
      expect((res.json() as { stored: number }).stored).toBe(4);
      const other = await w.t.app.inject({
        method: 'POST',
        url: '/v1/checkins/batch',
        headers: bearer(w.staff[1]!),
        payload: {
          events: [{ eventId: 'h-5', direction: 'in', at: at(t0 + MIN), personCode: w.persons[1]!.qr }],
        },
      });
      expect((other.json() as { stored: number }).stored).toBe(1);
    });
    afterAll(async () => w?.t.close());

    it('counts entries at every venue in each Vietnam hour of the day, nothing else', async () => {
      const res = await w.t.app.inject({
        url: '/v1/checkins/report/hourly?day=2025-03-01',
        headers: bearer(officer),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { day: string; hours: number[] };
      expect(body.day).toBe('2025-03-01');
      const expected = new Array<number>(24).fill(0);
      expected[14] = 1;
      expected[15] = 2;
      expect(body.hours).toEqual(expected);
      expect(res.body).not.toMatch(/\d{12}/);
      const before = (
        await w.t.app.inject({ url: '/v1/checkins/report/hourly?day=2025-02-28', headers: bearer(officer) })
      ).json() as { hours: number[] };
      expect(before.hours[23]).toBe(1);
      expect(before.hours.reduce((a, b) => a + b, 0)).toBe(1);
    });

    it('refuses a malformed day and venue staff', async () => {
      for (const day of ['2025-3-1', '2025-03-01T00:00', "2025-03-01' OR 1=1", '']) {
        const res = await w.t.app.inject({
          url: `/v1/checkins/report/hourly?day=${encodeURIComponent(day)}`,
          headers: bearer(officer),
        });
        expect(res.statusCode, day).toBe(400);
      }
      // The right shape but no such day: refused, not read as the day it would roll over to.
      for (const day of ['2025-02-29', '2025-02-31', '2025-13-01']) {
        const res = await w.t.app.inject({
          url: `/v1/checkins/report/hourly?day=${day}`,
          headers: bearer(officer),
        });
        expect(res.statusCode, day).toBe(400);
        expect(res.json<{ code: string; details: { field: string } }>(), day).toMatchObject({
          code: 'REQUEST_INVALID',
          details: { field: 'day' },
        });
      }
      const staff = await w.t.app.inject({
        url: '/v1/checkins/report/hourly?day=2025-03-01',
        headers: bearer(w.staff[0]!),
      });
      expect(staff.statusCode).toBe(403);
    });
  });
}
