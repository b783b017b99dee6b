/**
 * GET /v1/me/checkins (the citizen app's "my check-ins"): a person's own events only, newest
 * first, with the venue's name; another citizen's token never shows them; staff are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from './fixture.ts';

const MIN = 60_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: my check-ins`, () => {
    let w: CheckinWorld;
    beforeAll(async () => {
      w = await buildWorld(dialect, { persons: 2, venues: 2 });
      const t0 = w.t.clock.now.getTime();
      const at = (ms: number) => new Date(ms).toISOString();
      for (const [staff, events] of [
        [
          w.staff[0]!,
          [
            { eventId: 'm-1', direction: 'in', at: at(t0 - 60 * MIN), personCode: w.persons[0]!.qr },
            { eventId: 'm-2', direction: 'out', at: at(t0 - 30 * MIN), personCode: w.persons[0]!.qr },
            { eventId: 'm-3', direction: 'in', at: at(t0 - 20 * MIN), personCode: w.persons[1]!.qr },
          ],
        ],
        [
          w.staff[1]!,
          [{ eventId: 'm-4', direction: 'in', at: at(t0 - 10 * MIN), personCode: w.persons[0]!.qr }],
        ],
      ] as const) {
        const res = await w.t.app.inject({
          method: 'POST',
          url: '/v1/checkins/batch',
          headers: bearer(staff),
          payload: { events },
        });
        expect((res.json() as { rejected: number }).rejected).toBe(0);
      }
    });
    afterAll(async () => w?.t.close());

    it("lists the person's own events, newest first, with venue names", async () => {
      const res = await w.t.app.inject({ url: '/v1/me/checkins', headers: bearer(await w.citizen(0)) });
      expect(res.statusCode).toBe(200);
      const { checkins } = res.json() as {
        checkins: { eventId: string; venueId: string; venueName: string; direction: string }[];
      };
      expect(checkins.map((c) => c.eventId)).toEqual(['m-4', 'm-2', 'm-1']);
      expect(checkins[0]).toMatchObject({ venueId: 'venue-1', venueName: 'Quán số 1', direction: 'in' });
      expect(res.body).not.toContain(w.persons[1]!.idNumber);
    });

    it('another citizen sees only theirs; venue staff are refused', async () => {
      const other = await w.t.app.inject({ url: '/v1/me/checkins', headers: bearer(await w.citizen(1)) });
      expect((other.json() as { checkins: { eventId: string }[] }).checkins.map((c) => c.eventId)).toEqual([
        'm-3',
      ]);
      const staff = await w.t.app.inject({ url: '/v1/me/checkins', headers: bearer(w.staff[0]!) });
      expect(staff.statusCode).toBe(403);
    });
  });
}
