import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { listAccessLog, recordAudit } from '../../src/access/service.ts';
import type { AuthClient } from '../../src/access/roles.ts';

const ALICE = '001203012345';
const BOB = '079198000111';

for (const dialect of DIALECTS) {
  describe(`${dialect}: access log ("who read my data")`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(async () => t.close());

    const officer: AuthClient = { id: 'cl_ho', name: 'Hanoi CDC officer', role: 'health-officer' };
    const door: AuthClient = {
      id: 'cl_door',
      name: 'Cafe Hoa Sua door',
      role: 'venue-staff',
      venueId: 'v-1',
    };
    const at = (min: number) => new Date(Date.UTC(2025, 2, 1, 7, min));

    async function seedLog(): Promise<void> {
      await recordAudit(t.store.db, {
        actor: door,
        personId: ALICE,
        fields: ['fullName', 'colour'],
        purpose: 'venue check-in',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(1),
      });
      await recordAudit(t.store.db, {
        actor: officer,
        personId: ALICE,
        fields: ['vaccinations', 'tests'],
        purpose: 'case investigation',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(5),
      });
      await recordAudit(t.store.db, {
        actor: door,
        personId: ALICE,
        fields: ['vaccinations'],
        purpose: 'venue check-in',
        outcome: 'refused',
        route: '/v1/scan',
        at: at(3),
      });
      await recordAudit(t.store.db, {
        actor: officer,
        personId: BOB,
        fields: ['fullName'],
        purpose: 'checkpoint',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(2),
      });
      await recordAudit(t.store.db, {
        actor: null,
        personId: null,
        fields: [],
        purpose: 'ACCESS_TOKEN_MISSING',
        outcome: 'refused',
        route: '/v1/scan',
        at: at(4),
      });
    }

    it('shows a citizen only their own entries, newest first, with who, when, fields, purpose, outcome', async () => {
      await seedLog();
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/me/access-log',
        headers: bearer(alice.token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { entries } = res.json();
      expect(entries).toEqual([
        {
          at: at(5).toISOString(),
          actor: { name: 'Hanoi CDC officer', role: 'health-officer' },
          fields: ['vaccinations', 'tests'],
          purpose: 'case investigation',
          outcome: 'disclosed',
          route: '/v1/scan',
        },
        {
          at: at(3).toISOString(),
          actor: { name: 'Cafe Hoa Sua door', role: 'venue-staff' },
          fields: ['vaccinations'],
          purpose: 'venue check-in',
          outcome: 'refused',
          route: '/v1/scan',
        },
        {
          at: at(1).toISOString(),
          actor: { name: 'Cafe Hoa Sua door', role: 'venue-staff' },
          fields: ['fullName', 'colour'],
          purpose: 'venue check-in',
          outcome: 'disclosed',
          route: '/v1/scan',
        },
      ]);
      expect(res.body).not.toContain(BOB);
      expect(res.body).not.toContain('checkpoint');
      expect(res.body).not.toContain('cl_ho');

      const bob = await t.login({ role: 'citizen', name: 'Bob app', personId: BOB });
      const bobs = (await t.app.inject({ url: '/v1/me/access-log', headers: bearer(bob.token) })).json()
        .entries;
      expect(bobs).toHaveLength(1);
      expect(bobs[0].purpose).toBe('checkpoint');
    });

    it('honours limit and validates it', async () => {
      await seedLog();
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      const one = await t.app.inject({ url: '/v1/me/access-log?limit=1', headers: bearer(alice.token) });
      expect(one.json().entries).toHaveLength(1);
      const bad = await t.app.inject({ url: '/v1/me/access-log?limit=abc', headers: bearer(alice.token) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        code: 'REQUEST_INVALID',
        details: { location: 'querystring', field: 'limit' },
      });
      expect((await listAccessLog(t.store.db, ALICE, { limit: 2 })).map((e) => e.at)).toEqual([
        at(5).toISOString(),
        at(3).toISOString(),
      ]);
    });

    it('is for citizens only', async () => {
      const ho = await t.login({ role: 'health-officer', name: 'HO' });
      const res = await t.app.inject({ url: '/v1/me/access-log', headers: bearer(ho.token) });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('ACCESS_ROLE_FORBIDDEN');
    });
  });
}
