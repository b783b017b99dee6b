/** The venue owner's check-in history reads personal data: each person on a page is audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from './fixture.ts';
import { listAccessLog } from '../../src/access/service.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: check-in history is audited`, () => {
    let w: CheckinWorld;
    beforeAll(async () => {
      w = await buildWorld(dialect, { persons: 3, venues: 1 });
    });
    afterAll(async () => w?.t.close());

    it('GET /v1/venues/{id}/checkins (JSON and CSV) writes one record per person it shows, so citizens see who read their visits', async () => {
      for (const i of [0, 1]) {
        const res = await w.t.app.inject({
          method: 'POST',
          url: '/v1/checkins',
          headers: bearer(await w.citizen(i)),
          payload: {
            eventId: `h${i}`,
            direction: 'in',
            at: w.t.clock.now.toISOString(),
            venueCode: w.venues[0]!.qrPayload,
          },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const owner = (await w.t.login({ role: 'provincial-officer', name: 'history reader' })).token;
      const day = new Date(w.t.clock.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      for (const format of ['', '&format=csv']) {
        const res = await w.t.app.inject({
          url: `/v1/venues/venue-0/checkins?day=${day}${format}`,
          headers: bearer(owner),
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      const reads = async (i: number) =>
        (await listAccessLog(w.t.store.db, w.persons[i]!.idNumber)).filter(
          (e) => e.route === '/v1/venues/:id/checkins',
        );
      for (const i of [0, 1]) {
        const log = await reads(i);
        expect(log).toHaveLength(2);
        expect(log.every((e) => e.actor?.name === 'history reader' && e.fields.includes('checkins'))).toBe(
          true,
        );
        expect(log.some((e) => e.purpose.includes('CSV'))).toBe(true);
      }
      expect(await reads(2)).toHaveLength(0);
    });
  });
}
