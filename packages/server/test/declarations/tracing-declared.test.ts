/**
 * Tracing through declarations (issue 7): everyone whose movement declaration names the same
 * vehicle and date as the case's, declared close contacts both ways, F2 on request — beside the
 * unchanged venue contract — every read audited; and the retention job purging declarations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildWorld, type CheckinWorld } from '../checkins/fixture.ts';
import { bearer } from '../platform/build.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { importCheckins } from '../../src/checkins/service.ts';
import { submitDeclaration } from '../../src/declarations/service.ts';
import { listAccessLog, type AuthClient } from '../../src/access/service.ts';
import { healthHistory } from '../../src/health/service.ts';
import { purgeExpired } from '../../src/retention/service.ts';
import { exposuresCli } from '../../src/tracing/cli.ts';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: tracing by vehicle and declared contacts`, () => {
    let w: CheckinWorld;
    let officer = '';
    const id = (i: number) => w.persons[i]!.idNumber;
    const citizen = (i: number): AuthClient => ({
      id: `c${i}`,
      name: `c${i}`,
      role: 'citizen',
      personId: id(i),
    });
    const declare = (i: number, form: 'health' | 'movement', answers: Record<string, unknown>) =>
      submitDeclaration(
        w.t.store.db,
        citizen(i),
        { form, version: 1, answers },
        {
          issuerId: 'declarations',
          now: w.t.clock.now,
        },
      );
    const trip = (plate: string, date = '2025-03-01') => ({
      fromProvince: '01',
      toProvince: '79',
      date,
      vehicleType: 'coach',
      plate,
    });
    let qr = '';

    beforeAll(async () => {
      w = await buildWorld(dialect, { persons: 10, venues: 1 });
      const now = w.t.clock.now;
      await createIssuer(
        w.t.store.db,
        { id: 'declarations', name: 'PC-Covid declarations', rights: ['declaration'] },
        now,
      );
      officer = (await w.t.login({ role: 'health-officer', name: 'CDC' })).token;
      // 0 is the case. 1 rode the same coach the same day (plate written differently); 2 the same
      // coach the day before; 3 another coach that day. 0 declared 4 as a close contact; 5 declared 0.
      // 1 declared 6 (an F2 through the vehicle F1); 7 shared the venue with 0; 8 shared it with 7 (F2).
      qr = (await declare(0, 'movement', trip('51B-123.45'))).qr!.payload;
      await declare(1, 'movement', trip('51b 12345'));
      await declare(2, 'movement', trip('51B-123.45', '2025-02-28'));
      await declare(3, 'movement', trip('51B-999.99'));
      const health = { symptoms: ['none'], contactWithCase: false, recentTravel: false };
      await declare(0, 'health', { ...health, closeContacts: [id(4)] });
      await declare(5, 'health', {
        ...health,
        contactWithCase: true,
        exposureDate: '2025-03-01',
        closeContacts: [id(0)],
      });
      await declare(1, 'health', { ...health, closeContacts: [id(6)] });
      const at = (min: number) => new Date(now.getTime() - 6 * 3600_000 + min * 60_000).toISOString();
      const ev = (e: string, i: number, direction: 'in' | 'out', min: number) => ({
        eventId: e,
        idNumber: id(i),
        venueId: 'venue-0',
        direction,
        at: at(min),
      });
      await importCheckins(
        w.t.store.db,
        [
          ev('a', 0, 'in', 0),
          ev('b', 0, 'out', 30),
          ev('c', 7, 'in', 10),
          ev('d', 7, 'out', 50),
          ev('e', 8, 'in', 95),
          ev('f', 8, 'out', 130),
        ],
        now,
        { retentionDays: 21, skewSeconds: 300 },
      );
    });
    afterAll(async () => w?.t.close());

    const exposures = (body: object) =>
      w.t.app.inject({
        method: 'POST',
        url: '/v1/tracing/exposures',
        payload: body,
        headers: bearer(officer),
      });

    it('finds shared vehicles and declared contacts beside the unchanged venue entries', async () => {
      const res = await exposures({ idNumber: id(0) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      // The contract: venue entries keep exactly their five fields.
      expect(body.exposures.map((e: object) => Object.keys(e).sort())).toEqual([
        ['idNumber', 'minutes', 'overlapEnd', 'overlapStart', 'venueId'],
      ]);
      expect(body.exposures[0].idNumber).toBe(id(7));
      expect(body.vehicles).toEqual([
        { idNumber: id(1), via: id(0), vehicle: 'road:51B12345', date: '2025-03-01' },
      ]);
      expect(body.contacts).toEqual(
        [
          { idNumber: id(4), via: id(0), declared: 'named-by-case', date: '2025-03-01' },
          { idNumber: id(5), via: id(0), declared: 'named-case', date: '2025-03-01' },
        ].sort((a, b) => a.idNumber.localeCompare(b.idNumber)),
      );
      expect(body.f2).toBeUndefined();
      // Each read is audited: the case's declarations, and each exposed person's.
      const traced = async (i: number) =>
        (await listAccessLog(w.t.store.db, id(i))).filter((e) => e.route === '/v1/tracing/exposures');
      expect((await traced(0))[0]!.fields).toEqual(['checkins', 'declarations']);
      for (const i of [1, 4, 5]) {
        expect((await traced(i))[0], `person ${i}`).toMatchObject({
          fields: ['declarations'],
          outcome: 'disclosed',
        });
      }
    });

    it('F2 on request: the contacts of the F1s, by venue, vehicle or declaration', async () => {
      const body = (await exposures({ idNumber: id(0), f2: true })).json();
      expect(body.f2).toEqual(
        [
          { idNumber: id(6), via: id(1), kind: 'contact' },
          { idNumber: id(8), via: id(7), kind: 'venue' },
        ].sort((a, b) => a.idNumber.localeCompare(b.idNumber)),
      );
      const log = await listAccessLog(w.t.store.db, id(6));
      expect(log.some((e) => e.route === '/v1/tracing/exposures' && /F2/.test(e.purpose))).toBe(true);
    });

    it('oneqr tracing exposures prints vehicles and contacts beside the contract, exactly the contract when none', async () => {
      const out = await exposuresCli(w.t.store, { person: id(0), f2: true }, w.t.clock.now);
      expect(Object.keys(out)).toEqual(['exposures', 'vehicles', 'contacts', 'f2']);
      expect(out.vehicles?.map((v) => v.idNumber)).toEqual([id(1)]);
      // Person 8 shared a venue with 7 only, declared nothing: the contract alone.
      const only = await exposuresCli(w.t.store, { person: id(8) }, w.t.clock.now);
      expect(Object.keys(only)).toEqual(['exposures']);
      expect(only.exposures.map((e) => e.idNumber)).toEqual([id(7)]);
    });

    it('a confirmed case marks the vehicle and contact exposures F1 and notifies them', async () => {
      const res = await w.t.app.inject({
        method: 'POST',
        url: '/v1/tracing/cases',
        payload: { idNumber: id(0), confirmedAt: w.t.clock.now.toISOString() },
        headers: bearer(officer),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().notified).toBe(4); // 7 (venue), 1 (vehicle), 4 and 5 (contacts)
      for (const i of [1, 4, 5, 7])
        expect((await healthHistory(w.t.store.db, id(i))).caseStatus?.status).toBe('f1');
      expect((await healthHistory(w.t.store.db, id(2))).caseStatus?.status ?? 'none').not.toBe('f1');
    });

    it('the retention job deletes declarations older than the period and logs the counts', async () => {
      const logged: object[] = [];
      const log = { info: (o: object) => logged.push(o), error: () => {} };
      const later = new Date(w.t.clock.now.getTime() + 21 * DAY + 1);
      const report = await purgeExpired(w.t.store.db, later, 21, log);
      expect(report).toMatchObject({ declarations: 7, declarationContacts: 3 });
      expect(logged).toEqual([{ retention: report }]);
      expect(await w.t.store.db.selectFrom('declarations').select('id').execute()).toEqual([]);
      expect((await purgeExpired(w.t.store.db, later, 21)).declarations).toBe(0);
      // A purged declaration's QR names nothing on record any more.
      const checkpoint = (await w.t.login({ role: 'checkpoint-officer', name: 'chốt' })).token;
      const scan = await w.t.app.inject({
        method: 'POST',
        url: '/v1/scan',
        payload: { text: qr },
        headers: bearer(checkpoint),
      });
      expect(scan.json().code).toBe('DECLARATIONS_QR_UNKNOWN');
    });
  });
}
