/**
 * Attack (issue 6, item 4): a health officer enumerating ID numbers through
 * GET /v1/registry/persons/:idNumber is held to the same per-client look-up budget as
 * POST /v1/scan, the two routes spending one budget, and the throttle is audited once a window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, T0, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';

const AN = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-05-01',
  gender: 'male',
  provinceCode: '01',
};
const LIMIT = 6;

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry look-up budget`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect, {
        lookupLimitPerMinute: { 'venue-staff': 2, 'checkpoint-officer': 3, 'health-officer': LIMIT },
      });
      await createPerson(t.store.db, AN, t.clock.now);
    });
    afterAll(async () => t?.close());

    const get = (id: string, token: string) =>
      t.app.inject({ method: 'GET', url: `/v1/registry/persons/${id}`, headers: bearer(token) });
    const scanWith = (token: string, text: string) =>
      t.app.inject({ method: 'POST', url: '/v1/scan', headers: bearer(token), payload: { text } });
    const probe = (n: number) => (n % 2 === 0 ? AN.idNumber : `0010900${String(30000 + n).padStart(5, '0')}`);

    it('enumeration by GET stops at the budget: 429, no further 200/404 this window, one throttle audit', async () => {
      const officer = await t.login({ role: 'health-officer', name: 'enumerating officer' });
      const statuses: number[] = [];
      let first429 = -1;
      for (let n = 0; n < 3 * LIMIT; n++) {
        const res = await get(probe(n), officer.token);
        statuses.push(res.statusCode);
        if (res.statusCode === 429 && first429 < 0) {
          first429 = n;
          expect(res.json()).toMatchObject({
            code: 'SCAN_LOOKUP_THROTTLED',
            details: { retryAfterSeconds: expect.any(Number) },
          });
          expect(res.body).not.toContain(AN.fullName);
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(first429).toBe(LIMIT);
      expect(statuses.slice(0, LIMIT).every((s) => s === 200 || s === 404)).toBe(true);
      expect(statuses.slice(LIMIT).every((s) => s === 429)).toBe(true);

      const refused = await t.store.db
        .selectFrom('audit_log')
        .select(['purpose', 'person_id', 'route'])
        .where('actor_client_id', '=', officer.clientId)
        .where('outcome', '=', 'refused')
        .execute();
      const throttle = refused.filter((r) => r.purpose.includes('SCAN_LOOKUP_THROTTLED'));
      expect(throttle).toEqual([
        {
          purpose: expect.stringContaining('health-officer'),
          person_id: null,
          route: '/v1/registry/persons/:idNumber',
        },
      ]);
      // The misses before the throttle are audited one by one; nothing after it.
      expect(refused).toHaveLength(1 + statuses.filter((s) => s === 404).length);

      // The next window opens a new budget.
      t.clock.now = new Date(T0.getTime() + 60_000);
      try {
        expect((await get(AN.idNumber, officer.token)).statusCode).toBe(200);
      } finally {
        t.clock.now = T0;
      }
    });

    it('scan and registry look-ups share one budget, in both directions', async () => {
      const a = await t.login({ role: 'health-officer', name: 'scan then GET' });
      for (let n = 0; n < LIMIT; n++) expect((await scanWith(a.token, AN.idNumber)).statusCode).toBe(200);
      expect((await get(AN.idNumber, a.token)).statusCode).toBe(429);

      const b = await t.login({ role: 'health-officer', name: 'GET then scan' });
      for (let n = 0; n < LIMIT; n++) expect((await get(AN.idNumber, b.token)).statusCode).toBe(200);
      expect((await scanWith(b.token, AN.idNumber)).statusCode).toBe(429);
    });

    it('every health-officer route answering a person by typed ID spends the same budget', async () => {
      const byId = {
        health: (id: string) => `/v1/health/persons/${id}`,
        doses: (id: string) => `/v1/linkage/persons/${id}/doses`,
      };
      const window = { from: '2025-02-20T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z', windowMinutes: 30 };
      const posts = {
        exposures: (idNumber: string) => ({ url: '/v1/tracing/exposures', payload: { idNumber, ...window } }),
        cases: (idNumber: string) => ({
          url: '/v1/tracing/cases',
          payload: { idNumber, confirmedAt: '2025-03-01T00:00:00.000Z', to: window.to, windowMinutes: 30 },
        }),
      };
      const send = (name: string, id: string, token: string) =>
        name in byId
          ? t.app.inject({ method: 'GET', url: byId[name as keyof typeof byId](id), headers: bearer(token) })
          : t.app.inject({
              method: 'POST',
              headers: bearer(token),
              ...posts[name as keyof typeof posts](id),
            });
      for (const name of [...Object.keys(byId), ...Object.keys(posts)]) {
        const o = await t.login({ role: 'health-officer', name: `officer via ${name}` });
        const statuses: number[] = [];
        for (let n = 0; n < LIMIT + 2; n++) statuses.push((await send(name, probe(n), o.token)).statusCode);
        expect(
          statuses.slice(0, LIMIT).some((s) => s === 429 || s >= 500),
          `${name}: ${statuses}`,
        ).toBe(false);
        expect(statuses.slice(LIMIT), name).toEqual([429, 429]);
        expect((await get(AN.idNumber, o.token)).statusCode, name).toBe(429);
        const throttle = await t.store.db
          .selectFrom('audit_log')
          .select('route')
          .where('actor_client_id', '=', o.clientId)
          .where('purpose', 'like', '%SCAN_LOOKUP_THROTTLED%')
          .execute();
        expect(throttle, name).toHaveLength(1);
      }
    });

    it('an admin (no look-up limit configured) is not throttled; an invalid ID spends nothing', async () => {
      const admin = await t.login({ role: 'admin', name: 'registry admin' });
      for (let n = 0; n < 2 * LIMIT; n++) expect((await get(AN.idNumber, admin.token)).statusCode).toBe(200);
      const c = await t.login({ role: 'health-officer', name: 'typo officer' });
      for (let n = 0; n < 2 * LIMIT; n++) expect((await get('12ab', c.token)).statusCode).toBe(400);
      expect((await get(AN.idNumber, c.token)).statusCode).toBe(200);
    });
  });
}
