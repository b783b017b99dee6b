/**
 * Issue 7's acceptance: 3 venues, 50 persons, a day of check-ins through the API in both
 * directions (citizens' venue QR, staff's scan of the personal QR), one F0 → the exposure list
 * equals a brute-force oracle; then as a property over random days. Case confirmation marks
 * the exposed F1 and queues their notifications (outbox with retries, the person's feed).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from '../checkins/fixture.ts';
import { generateCheckins, type GeneratedCheckin } from '../../src/seed/checkins.ts';
import { importCheckins } from '../../src/checkins/service.ts';
import { deliverNotifications, findExposures, type Notification } from '../../src/tracing/service.ts';
import { healthHistory } from '../../src/health/service.ts';
import { auditWriter } from '../../src/access/audit.ts';
import { exposureJson } from '../../src/tracing/routes.ts';
import { oracleExposures, type OracleEvent } from './oracle.ts';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: exposure tracing`, () => {
    let w: CheckinWorld;
    let officer = '';
    const stored = async (): Promise<OracleEvent[]> =>
      (await w.t.store.db.selectFrom('checkins').selectAll().execute()).map((r) => ({
        eventId: r.event_id,
        personId: r.person_id,
        venueId: r.venue_id,
        direction: r.direction as 'in' | 'out',
        at: Number(r.at),
      }));
    const policy = { retentionDays: 21, skewSeconds: 300 };

    beforeAll(async () => {
      w = await buildWorld(dialect, { persons: 50, venues: 3 });
      officer = (await w.t.login({ role: 'health-officer', name: 'tracer' })).token;
    });
    afterAll(async () => w?.t.close());

    let f0 = '';
    const now = () => w.t.clock.now;

    it('a day of check-ins in both directions: the exposures equal the brute-force oracle', async () => {
      const events = [
        ...generateCheckins({
          personIds: w.persons.map((p) => p.idNumber),
          venueIds: w.venues.map((v) => v.id),
          days: 1,
          seed: 11,
          start: now().getTime() - DAY,
        }),
      ].filter((e) => Date.parse(e.at) <= now().getTime());
      expect(events.length).toBeGreaterThan(100);
      const byPerson = new Map(w.persons.map((p, i) => [p.idNumber, i]));
      const citizenBatches = new Map<number, object[]>();
      const staffBatches = new Map<number, object[]>();
      events.forEach((e, k) => {
        const p = byPerson.get(e.idNumber)!;
        const v = w.venues.findIndex((x) => x.id === e.venueId);
        const base = { eventId: e.eventId, direction: e.direction, at: e.at };
        if (k % 2 === 0) {
          citizenBatches.set(p, [
            ...(citizenBatches.get(p) ?? []),
            { ...base, venueCode: w.venues[v]!.qrPayload },
          ]);
        } else {
          staffBatches.set(v, [...(staffBatches.get(v) ?? []), { ...base, personCode: w.persons[p]!.qr }]);
        }
      });
      let storedCount = 0;
      for (const [p, list] of citizenBatches) {
        const res = await w.t.app.inject({
          method: 'POST',
          url: '/v1/checkins/batch',
          payload: { events: list },
          headers: bearer(await w.citizen(p)),
        });
        expect(res.json().rejected, res.body).toBe(0);
        storedCount += res.json().stored;
      }
      for (const [v, list] of staffBatches) {
        const res = await w.t.app.inject({
          method: 'POST',
          url: '/v1/checkins/batch',
          payload: { events: list },
          headers: bearer(w.staff[v]!),
        });
        expect(res.json().rejected, res.body).toBe(0);
        storedCount += res.json().stored;
      }
      expect(storedCount).toBe(events.length);

      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.idNumber, (counts.get(e.idNumber) ?? 0) + 1);
      f0 = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      const from = new Date(now().getTime() - 2 * DAY).toISOString();
      const commits = auditWriter(w.t.store.db).commits;
      const res = await w.t.app.inject({
        method: 'POST',
        url: '/v1/tracing/exposures',
        payload: { idNumber: f0, from, to: now().toISOString() },
        headers: bearer(officer),
      });
      expect(res.statusCode, res.body).toBe(200);
      const expected = oracleExposures(await stored(), f0, Date.parse(from), now().getTime(), 60);
      expect(expected.length).toBeGreaterThan(0);
      expect(res.json().exposures).toEqual(expected);
      // Audited: the F0's visits and each exposed person's.
      const audits = await w.t.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('route', '=', '/v1/tracing/exposures')
        .execute();
      expect(new Set(audits.map((a) => a.person_id))).toEqual(
        new Set([f0, ...expected.map((e) => e.idNumber)]),
      );
      // ... in one commit for the whole search, not one per exposed person.
      expect(auditWriter(w.t.store.db).commits - commits).toBe(1);
    });

    it('confirming the F0 marks the exposed F1 and notifies each once, retrying a failing sender', async () => {
      const res = await w.t.app.inject({
        method: 'POST',
        url: '/v1/tracing/cases',
        payload: { idNumber: f0, confirmedAt: new Date(now().getTime() - 3_600_000).toISOString() },
        headers: bearer(officer),
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      const exposed = [...new Set(body.exposures.map((e: { idNumber: string }) => e.idNumber))] as string[];
      expect(body.notified).toBe(exposed.length);
      expect((await healthHistory(w.t.store.db, f0)).caseStatus?.status).toBe('f0');
      for (const id of exposed) expect((await healthHistory(w.t.store.db, id)).caseStatus?.status).toBe('f1');
      const sent: Notification[] = [];
      let fail = true;
      const sender = async (n: Notification) => {
        if (fail) throw new Error('push service down');
        sent.push(n);
      };
      expect(await deliverNotifications(w.t.store.db, sender, now())).toEqual({
        delivered: 0,
        failed: exposed.length,
      });
      fail = false;
      // Not due again before the back-off.
      expect((await deliverNotifications(w.t.store.db, sender, now())).delivered).toBe(0);
      const later = new Date(now().getTime() + 61_000);
      expect((await deliverNotifications(w.t.store.db, sender, later)).delivered).toBe(exposed.length);
      expect((await deliverNotifications(w.t.store.db, sender, later)).delivered).toBe(0);
      expect(new Set(sent.map((n) => n.personId))).toEqual(new Set(exposed));
      // The person's feed.
      const i = w.persons.findIndex((p) => p.idNumber === exposed[0]);
      const feed = await w.t.app.inject({ url: '/v1/me/notifications', headers: bearer(await w.citizen(i)) });
      expect(feed.json().notifications).toHaveLength(1);
      expect(feed.json().notifications[0].body.kind).toBe('exposure');
    });

    it('property: over random days, windows and cases the search equals the oracle', async () => {
      const ids = w.persons.slice(0, 25).map((p) => p.idNumber);
      let nonEmpty = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 1_000_000 }),
          fc.integer({ min: 0, max: 24 }),
          fc.constantFrom(0, 15, 60, 120),
          fc.integer({ min: 2, max: 40 }),
          async (seed, f0Index, windowMinutes, fromHoursAgo) => {
            await w.t.store.db.deleteFrom('checkins').execute();
            const events: GeneratedCheckin[] = [
              ...generateCheckins({
                personIds: ids,
                venueIds: w.venues.map((v) => v.id),
                days: 2,
                seed,
                start: now().getTime() - 2 * DAY,
              }),
            ].filter((e) => Date.parse(e.at) <= now().getTime());
            const results = await importCheckins(w.t.store.db, events, now(), policy);
            expect(results.every((r) => r.status === 'stored')).toBe(true);
            const from = new Date(now().getTime() - fromHoursAgo * 3_600_000);
            const got = await findExposures(
              w.t.store.db,
              null,
              { idNumber: ids[f0Index]!, from, to: now(), windowMinutes },
              now(),
            );
            if (got.exposures.length > 0) nonEmpty++;
            expect(got.exposures.map(exposureJson)).toEqual(
              oracleExposures(await stored(), ids[f0Index]!, from.getTime(), now().getTime(), windowMinutes),
            );
          },
        ),
        { numRuns: dialect === 'sqlite' ? 25 : 10, seed: 7 },
      );
      // The property is not vacuous: most runs find someone exposed.
      expect(nonEmpty).toBeGreaterThan(3);
    });
  });
}
