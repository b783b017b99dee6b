/**
 * Attacks: (1) a flood of anonymous refusals (no token, a made-up token, guessed credentials)
 * wrote one audit row each, so anyone could grow the audit log without bound; they are counted
 * per window, route and code instead. (2) A bearer token refused for any reason (malformed,
 * unknown, expired, revoked, disabled client) gets one and the same answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { disableClient, listRefusalCounts } from '../../src/access/service.ts';

const auditRows = async (t: TestApp) =>
  Number(
    (
      await t.store.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of DIALECTS) {
  describe(`${dialect}: anonymous refusals`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(async () => t.close());

    it('a flood of 200 anonymous refusals adds no audit row: one count row per window, route and code', async () => {
      const before = await auditRows(t);
      const flood = [];
      for (let i = 0; i < 100; i++) {
        flood.push(t.app.inject({ url: '/v1/admin/clients' }));
        flood.push(t.app.inject({ url: '/v1/admin/clients', headers: bearer(`made-up-${i}`) }));
      }
      for (const res of await Promise.all(flood)) expect(res.statusCode).toBe(401);
      expect(await auditRows(t)).toBe(before);
      expect(await listRefusalCounts(t.store.db)).toEqual([
        {
          windowStart: t.clock.now.toISOString(),
          route: '/v1/admin/clients',
          code: 'ACCESS_TOKEN_INVALID',
          count: 100,
        },
        {
          windowStart: t.clock.now.toISOString(),
          route: '/v1/admin/clients',
          code: 'ACCESS_TOKEN_MISSING',
          count: 100,
        },
      ]);
      // The next minute is a new window.
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      await t.app.inject({ url: '/v1/admin/clients' });
      const counts = await listRefusalCounts(t.store.db);
      expect(counts).toHaveLength(3);
      expect(counts[0]).toMatchObject({ windowStart: t.clock.now.toISOString(), count: 1 });
    });

    it('an authenticated refusal (wrong role) is still audited with its caller', async () => {
      const app = await t.login({ role: 'admin', name: 'Ops' });
      await t.app.inject({ url: '/v1/me/access-log', headers: bearer(app.token) });
      const rows = await t.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('outcome', '=', 'refused')
        .execute();
      expect(rows).toEqual([
        expect.objectContaining({ actor_name: 'Ops', purpose: 'ACCESS_ROLE_FORBIDDEN' }),
      ]);
    });

    it('every refused bearer token, whatever is wrong with it, gets the same status, body and header', async () => {
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      const expired = await t.login({ role: 'admin', name: 'Ops 2' });
      const revoked = await t.login({ role: 'admin', name: 'Ops 3' });
      const disabled = await t.login({ role: 'admin', name: 'Ops 4' });
      await t.app.inject({ method: 'POST', url: '/v1/token/revoke', headers: bearer(revoked.token) });
      await disableClient(t.store.db, disabled.clientId, t.clock.now);
      t.clock.now = new Date(t.clock.now.getTime() + 899_000);
      const fresh = await t.login({ role: 'admin', name: 'Ops 5' });
      t.clock.now = new Date(t.clock.now.getTime() + 2_000); // `expired` (and `admin`) are past 900 s now
      const cases = {
        malformed: 'Bearer !!not a token!!',
        tooLong: `Bearer ${'a'.repeat(600)}`,
        unknown: 'Bearer c29tZXRoaW5nLW1hZGUtdXA',
        expired: `Bearer ${expired.token}`,
        revoked: `Bearer ${revoked.token}`,
        disabled: `Bearer ${disabled.token}`,
      };
      const answers = await Promise.all(
        Object.entries(cases).map(async ([name, authorization]) => {
          const res = await t.app.inject({ url: '/v1/admin/clients', headers: { authorization } });
          return { name, status: res.statusCode, body: res.json(), header: res.headers['www-authenticate'] };
        }),
      );
      for (const a of answers) {
        expect(a, a.name).toEqual({
          name: a.name,
          status: 401,
          body: { code: 'ACCESS_TOKEN_INVALID', message: expect.any(String) },
          header: 'Bearer error="invalid_token"',
        });
      }
      expect(new Set(answers.map((a) => a.body.message)).size).toBe(1);
      expect(
        (await t.app.inject({ url: '/v1/admin/clients', headers: bearer(fresh.token) })).statusCode,
      ).toBe(200);
      void admin;
    });
  });
}
