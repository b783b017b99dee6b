/** The health write routes take a typed ID number: each is a registry look-up on the one budget. */
import { describe, expect, it } from 'vitest';
import { makeCitizenId } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, T0 } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';

const PERSON = makeCitizenId('056', 1985, 'male', '123456');

type Route = { method: 'POST' | 'PUT'; url: (id: string) => string; payload: (id: string) => object };
const ROUTES: Record<string, Route> = {
  'POST /v1/health/vaccinations': {
    method: 'POST',
    url: () => '/v1/health/vaccinations',
    payload: (personId) => ({
      personId,
      vaccineCode: 'EU/1/20/1528',
      doseNumber: 1,
      administeredOn: '2025-02-01',
    }),
  },
  'POST /v1/health/tests': {
    method: 'POST',
    url: () => '/v1/health/tests',
    payload: (personId) => ({
      personId,
      testType: 'pcr',
      result: 'negative',
      sampledAt: '2025-02-01T08:00:00.000Z',
    }),
  },
  'PUT /v1/health/cases/{id}': {
    method: 'PUT',
    url: (id) => `/v1/health/cases/${id}`,
    payload: () => ({ status: 'f1' }),
  },
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: health writes are no free registry oracle`, () => {
    for (const [name, route] of Object.entries(ROUTES)) {
      it(`${name} spends the look-up budget: over it, a registered ID is refused like an unknown one`, async () => {
        // Attack: a health-officer token typing ID numbers learnt which are registered (404 vs
        // 201/200) outside the per-minute look-up budget.
        const t = await buildTestApp(dialect, {
          lookupLimitPerMinute: { 'venue-staff': 0, 'checkpoint-officer': 0, 'health-officer': 2 },
        });
        try {
          await createPerson(
            t.store.db,
            { idNumber: PERSON, fullName: 'Trần Văn Nam', birthDate: '1985-03-02', gender: 'male' },
            T0,
          );
          const headers = {
            authorization: `Bearer ${(await t.login({ role: 'health-officer', name: 'prober' })).token}`,
          };
          const call = (id: string) =>
            t.app.inject({ method: route.method, url: route.url(id), headers, payload: route.payload(id) });
          for (let n = 0; n < 2; n++)
            expect((await call(makeCitizenId('001', 1990, 'female', `99999${n}`))).statusCode).toBe(404);
          const known = await call(PERSON);
          expect(known.statusCode).toBe(429);
          expect(known.json()).toMatchObject({ code: 'SCAN_LOOKUP_THROTTLED' });
          expect(Number(known.headers['retry-after'])).toBeGreaterThan(0);
        } finally {
          await t.close();
        }
      });
    }
  });
}
