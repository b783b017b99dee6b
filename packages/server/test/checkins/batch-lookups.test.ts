/**
 * Typed IDs in a venue-staff batch (docs/roles.md, "Look-up budgets"): they spend the client's
 * hourly batch allowance, not the interactive per-minute budget; past it each is refused with
 * SCAN_LOOKUP_THROTTLED and only that event is; the audit rows of the batch's scans are written
 * with its check-ins; what a batch reserved and did not use is given back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer } from '../platform/build.ts';
import { buildWorld, type CheckinWorld } from './fixture.ts';

const iso = (d: Date, plusMs = 0) => new Date(d.getTime() + plusMs).toISOString();
const PER_MINUTE = 2;
const PER_HOUR = 5;

for (const dialect of DIALECTS) {
  describe(`${dialect}: typed IDs in check-in batches`, () => {
    let w: CheckinWorld;
    const post = (token: string, url: string, payload: object) =>
      w.t.app.inject({ method: 'POST', url, payload, headers: bearer(token) });
    const audits = async (route: string) =>
      Number(
        (
          await w.t.store.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('route', '=', route)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const spentInBatches = async (clientId: string) =>
      (
        await w.t.store.db
          .selectFrom('scan_lookup_windows')
          .select('lookups')
          .where('client_id', '=', `${clientId}#batch`)
          .execute()
      ).reduce((n, r) => n + Number(r.lookups), 0);

    beforeAll(async () => {
      w = await buildWorld(dialect, {
        persons: 8,
        venues: 2,
        config: {
          lookupLimitPerMinute: { 'venue-staff': PER_MINUTE, 'checkpoint-officer': 0, 'health-officer': 0 },
          batchLookupLimitPerHour: PER_HOUR,
        },
      });
    });
    afterAll(async () => w?.t.close());

    it("another venue's events and citizens' person codes are refused before spending anything", async () => {
      const now = w.t.clock.now;
      const staffId = (
        await w.t.store.db
          .selectFrom('clients')
          .select('id')
          .where('name', '=', 'staff 0')
          .executeTakeFirstOrThrow()
      ).id;
      const res = await post(w.staff[0]!, '/v1/checkins/batch', {
        events: w.persons.slice(0, 3).map((p, i) => ({
          eventId: `fv-${i}`,
          direction: 'in',
          at: iso(now),
          venueId: 'venue-1',
          personCode: p.idNumber,
        })),
      });
      expect(res.json()).toMatchObject({ stored: 0, rejected: 3 });
      expect(res.json().results.map((r: { code: string }) => r.code)).toEqual(
        Array(3).fill('CHECKINS_VENUE_FORBIDDEN'),
      );
      expect(await spentInBatches(staffId)).toBe(0);
      const citizen = await w.citizen(0);
      const c = await post(citizen, '/v1/checkins/batch', {
        events: [
          {
            eventId: 'cz-1',
            direction: 'in',
            at: iso(now),
            venueCode: w.venues[0]!.qrPayload,
            personCode: w.persons[1]!.idNumber,
          },
        ],
      });
      expect(c.json().results[0].code).toBe('CHECKINS_PERSON_CODE_UNEXPECTED');
    });

    it('typed IDs beyond the per-minute budget are stored from the batch allowance; past it only those events are refused', async () => {
      const now = w.t.clock.now;
      const staffId = (
        await w.t.store.db
          .selectFrom('clients')
          .select('id')
          .where('name', '=', 'staff 0')
          .executeTakeFirstOrThrow()
      ).id;
      const auditsBefore = await audits('/v1/checkins');
      // Four typed IDs and two signed QR codes: more than the 2 a minute, within the 5 an hour.
      const first = await post(w.staff[0]!, '/v1/checkins/batch', {
        events: [
          ...w.persons.slice(0, 4).map((p, i) => ({
            eventId: `t-${i}`,
            direction: 'in',
            at: iso(now, -60_000),
            personCode: p.idNumber,
          })),
          ...w.persons
            .slice(4, 6)
            .map((p, i) => ({ eventId: `q-${i}`, direction: 'in', at: iso(now, -60_000), personCode: p.qr })),
        ],
      });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ stored: 6, rejected: 0 });
      // Each scan is audited, in the batch's own transaction.
      expect((await audits('/v1/checkins')) - auditsBefore).toBe(6);
      // Only the four typed IDs count (the two signed codes' reservation was given back).
      expect(await spentInBatches(staffId)).toBe(4);
      // The interactive budget is untouched: a typed ID still scans.
      const scan = await post(w.staff[0]!, '/v1/scan', { text: w.persons[7]!.idNumber });
      expect(scan.statusCode, scan.body).toBe(200);

      // Three more typed IDs with one signed code: one is within the hour's 5, two are refused.
      const second = await post(w.staff[0]!, '/v1/checkins/batch', {
        events: [
          { eventId: 'q2-0', direction: 'out', at: iso(now), personCode: w.persons[4]!.qr },
          ...w.persons
            .slice(0, 3)
            .map((p, i) => ({ eventId: `t2-${i}`, direction: 'out', at: iso(now), personCode: p.idNumber })),
        ],
      });
      const body = second.json();
      expect(body).toMatchObject({ stored: 2, rejected: 2 });
      expect(body.results.map((r: { status: string }) => r.status)).toEqual([
        'stored',
        'stored',
        'rejected',
        'rejected',
      ]);
      expect(body.results[2]).toMatchObject({ index: 2, code: 'SCAN_LOOKUP_THROTTLED', eventId: 't2-1' });
      expect(await spentInBatches(staffId)).toBe(PER_HOUR);
      // The refusal is audited once for the batch, not per event.
      const throttled = await w.t.store.db
        .selectFrom('audit_log')
        .select('purpose')
        .where('route', '=', '/v1/checkins')
        .where('purpose', 'like', '%SCAN_LOOKUP_THROTTLED%')
        .execute();
      expect(throttled).toHaveLength(1);

      // The same batch again: every event a duplicate, nothing verified or spent again.
      const again = await post(w.staff[0]!, '/v1/checkins/batch', {
        events: w.persons.slice(0, 4).map((p, i) => ({
          eventId: `t-${i}`,
          direction: 'in',
          at: iso(now, -60_000),
          personCode: p.idNumber,
        })),
      });
      expect(again.json()).toMatchObject({ stored: 0, duplicate: 4, rejected: 0 });
      expect(await spentInBatches(staffId)).toBe(PER_HOUR);
    });

    it('a single check-in by typed ID still spends the interactive per-minute budget', async () => {
      const now = w.t.clock.now;
      const codes: string[] = [];
      for (let i = 0; i < PER_MINUTE + 1; i++) {
        const r = await post(w.staff[1]!, '/v1/checkins', {
          eventId: `single-${i}`,
          direction: 'in',
          at: iso(now),
          personCode: w.persons[i]!.idNumber,
        });
        codes.push(r.statusCode === 201 ? 'stored' : r.json().code);
      }
      expect(codes).toEqual(['stored', 'stored', 'SCAN_LOOKUP_THROTTLED']);
    });
  });
}
