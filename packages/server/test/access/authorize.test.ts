import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { bearerToken } from '../../src/plugins/auth.ts';
import { listRefusalCounts } from '../../src/access/service.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: access authorize`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(async () => t.close());

    const refusals = () =>
      t.store.db.selectFrom('audit_log').selectAll().where('outcome', '=', 'refused').orderBy('at').execute();

    it('answers 401 ACCESS_TOKEN_MISSING without a token and counts the refusal (anonymous: no row)', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/admin/clients' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'ACCESS_TOKEN_MISSING', message: expect.any(String) });
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(await refusals()).toEqual([]);
      expect(await listRefusalCounts(t.store.db)).toEqual([
        {
          windowStart: t.clock.now.toISOString(),
          route: '/v1/admin/clients',
          code: 'ACCESS_TOKEN_MISSING',
          count: 1,
        },
      ]);
    });

    it('answers 401 ACCESS_TOKEN_INVALID for an unknown or malformed token', async () => {
      for (const authorization of [
        'Bearer not-a-real-token',
        'Basic dXNlcjpwYXNz',
        'Bearer ',
        'Bearer a b',
      ]) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/v1/admin/clients',
          headers: { authorization },
        });
        expect(res.statusCode, authorization).toBe(401);
        expect(res.json().code, authorization).toBe('ACCESS_TOKEN_INVALID');
      }
      expect(await refusals()).toEqual([]);
      expect(await listRefusalCounts(t.store.db)).toMatchObject([{ code: 'ACCESS_TOKEN_INVALID', count: 4 }]);
    });

    it('answers 403 ACCESS_ROLE_FORBIDDEN for another role, naming the actor in the audit log', async () => {
      const venue = await t.login({ role: 'venue-staff', name: 'Cafe Hoa Sua door', venueId: 'v-1' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/clients',
        headers: bearer(venue.token),
        payload: { role: 'admin', name: 'x' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('ACCESS_ROLE_FORBIDDEN');
      expect(res.headers['www-authenticate']).toBeUndefined();
      const rows = await refusals();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_client_id: venue.clientId,
        actor_role: 'venue-staff',
        actor_name: 'Cafe Hoa Sua door',
        person_id: null,
        route: '/v1/admin/clients',
        purpose: 'ACCESS_ROLE_FORBIDDEN',
      });
      // Nothing was created.
      expect(await t.store.db.selectFrom('clients').select('id').execute()).toHaveLength(1);
    });

    it('lets the right role through without an audit record', async () => {
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/admin/clients',
        headers: bearer(admin.token),
      });
      expect(res.statusCode).toBe(200);
      expect(await refusals()).toHaveLength(0);
    });

    it('parses the Authorization header strictly', () => {
      expect(bearerToken(undefined)).toBeUndefined();
      expect(bearerToken('bearer abc_DEF-123')).toBe('abc_DEF-123');
      expect(bearerToken('Bearer')).toBeNull();
      expect(bearerToken('Token abc')).toBeNull();
    });

    it('a route with a raised body limit refuses an anonymous or wrong-role caller before reading the body', async () => {
      // Attack: with authorize() after parsing, anyone could make the server buffer and parse
      // 4 MiB of JSON per request on /v1/checkins/batch (2 MB on trust-source import).
      const junk = `{"events":[${'"x",'.repeat(300_000)}`; // ~1.2 MB, not valid JSON
      const admin = bearer((await t.login({ role: 'admin', name: 'a' })).token);
      for (const [url, headers, code] of [
        ['/v1/checkins/batch', {}, 'ACCESS_TOKEN_MISSING'],
        ['/v1/checkins/batch', bearer('made-up'), 'ACCESS_TOKEN_INVALID'],
        ['/v1/checkins/batch', admin, 'ACCESS_ROLE_FORBIDDEN'],
        ['/v1/admin/trust-sources', {}, 'ACCESS_TOKEN_MISSING'],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: junk,
        });
        expect(res.json(), url).toMatchObject({ code });
      }
      // The right role still gets its body parsed (and refused as malformed).
      const staff = bearer((await t.login({ role: 'venue-staff', name: 's' })).token);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/checkins/batch',
        headers: { ...staff, 'content-type': 'application/json' },
        payload: junk,
      });
      expect(res.json()).toMatchObject({ code: 'REQUEST_MALFORMED_JSON' });
    });
  });
}
