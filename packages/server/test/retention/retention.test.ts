/** The retention job deletes check-ins and notifications older than the period, and logs the counts. */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildWorld } from '../checkins/fixture.ts';
import { importCheckins } from '../../src/checkins/service.ts';
import { purgeExpired } from '../../src/retention/service.ts';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: retention`, () => {
    it('purges what is older than the period, keeps the rest, logs the counts', async () => {
      const w = await buildWorld(dialect, { persons: 2, venues: 1 });
      try {
        const now = w.t.clock.now;
        const ev = (id: string, daysAgo: number) => ({
          eventId: id,
          idNumber: w.persons[0]!.idNumber,
          venueId: 'venue-0',
          direction: 'in' as const,
          at: new Date(now.getTime() - daysAgo * DAY).toISOString(),
        });
        const r = await importCheckins(
          w.t.store.db,
          [ev('old-1', 20.5), ev('old-2', 20), ev('new', 1)],
          now,
          {
            retentionDays: 21,
            skewSeconds: 300,
          },
        );
        expect(r.map((x) => x.status)).toEqual(['stored', 'stored', 'stored']);
        const logged: object[] = [];
        const log = { info: (o: object) => logged.push(o), error: () => {} };
        const report = await purgeExpired(w.t.store.db, new Date(now.getTime() + 0.75 * DAY), 20, log);
        expect(report).toMatchObject({ checkins: 2, notifications: 0 });
        expect(logged).toEqual([{ retention: report }]);
        const left = await w.t.store.db.selectFrom('checkins').select('event_id').execute();
        expect(left.map((x) => x.event_id)).toEqual(['new']);
        expect((await purgeExpired(w.t.store.db, new Date(now.getTime() + 0.75 * DAY), 20)).checkins).toBe(0);
      } finally {
        await w.t.close();
      }
    });
  });
}
