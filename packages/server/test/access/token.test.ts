import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { authenticateToken, createClient, issueToken, listRefusalCounts } from '../../src/access/service.ts';
import { HttpError } from '../../src/errors.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: access token exchange`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect, { tokenTtlSeconds: 600 });
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      await createPerson(
        t.store.db,
        { idNumber: '001203012345', fullName: 'Trần Thị Alice', birthDate: '2003-04-05', gender: 'female' },
        t.clock.now,
      );
    });
    afterEach(async () => t.close());

    it('exchanges JSON client credentials for a bearer token that authenticates', async () => {
      const { clientId, clientSecret } = await createClient(
        t.store.db,
        { role: 'admin', name: 'Ops' },
        t.clock.now,
      );
      expect(clientId).toMatch(/^cl_[A-Za-z0-9_-]+$/);
      expect(Buffer.from(clientSecret, 'base64url')).toHaveLength(32);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: clientId, client_secret: clientSecret },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600 });
      expect(res.headers['cache-control']).toBe('no-store');
      const me = await authenticateToken(t.store.db, body.access_token, t.clock.now);
      expect(me).toEqual({ id: clientId, name: 'Ops', role: 'admin' });
      const list = await t.app.inject({
        method: 'GET',
        url: '/v1/admin/clients',
        headers: bearer(body.access_token),
      });
      expect(list.statusCode).toBe(200);
    });

    it('accepts the form-urlencoded client_credentials grant', async () => {
      const { clientId, clientSecret } = await createClient(
        t.store.db,
        { role: 'health-officer', name: 'HO' },
        t.clock.now,
      );
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().token_type).toBe('Bearer');

      const bad = new URLSearchParams({
        grant_type: 'password',
        client_id: clientId,
        client_secret: clientSecret,
      });
      const refused = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: bad.toString(),
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        code: 'ACCESS_GRANT_TYPE_UNSUPPORTED',
        details: { field: 'grant_type' },
      });
    });

    it('answers a wrong secret and an unknown client id with the same error', async () => {
      const { clientId } = await createClient(t.store.db, { role: 'admin', name: 'Ops' }, t.clock.now);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: clientId, client_secret: 'not-the-secret' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: 'cl_nobody', client_secret: 'whatever' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual({ code: 'ACCESS_CREDENTIALS_INVALID', message: expect.any(String) });
      expect(unknown.json()).toEqual(wrong.json());
    });

    it('counts refused credential exchanges per window, route and code (no row each), without the id or secret tried', async () => {
      const { clientId } = await createClient(t.store.db, { role: 'admin', name: 'Ops' }, t.clock.now);
      for (const client_id of [clientId, 'cl_nobody']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/token',
          payload: { client_id, client_secret: 'guessed-secret' },
        });
        expect(res.statusCode).toBe(401);
      }
      const rows = await t.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('route', '=', '/v1/token')
        .execute();
      expect(rows).toEqual([]);
      const counts = await listRefusalCounts(t.store.db);
      expect(counts).toEqual([
        { windowStart: expect.any(String), route: '/v1/token', code: 'ACCESS_CREDENTIALS_INVALID', count: 2 },
      ]);
      expect(
        JSON.stringify(await t.store.db.selectFrom('audit_refusal_windows').selectAll().execute()),
      ).not.toContain('guessed-secret');
      await t.login({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' });
      expect((await listRefusalCounts(t.store.db))[0]!.count).toBe(2);
    });

    it('refuses an expired token and a token of a disabled client', async () => {
      const { token } = await t.login({ role: 'admin', name: 'Ops' });
      expect((await t.app.inject({ url: '/v1/admin/clients', headers: bearer(token) })).statusCode).toBe(200);

      t.clock.now = new Date(t.clock.now.getTime() + 600_000);
      const expired = await t.app.inject({ url: '/v1/admin/clients', headers: bearer(token) });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().code).toBe('ACCESS_TOKEN_INVALID');
      expect(expired.headers['www-authenticate']).toBe('Bearer error="invalid_token"');

      const fresh = await t.login({ role: 'citizen', name: 'Citizen', personId: '001203012345' });
      const other = await t.login({ role: 'admin', name: 'Root' });
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/v1/admin/clients/${fresh.clientId}`,
        headers: bearer(other.token),
      });
      expect(del.statusCode).toBe(200);
      const revoked = await t.app.inject({ url: '/v1/me/access-log', headers: bearer(fresh.token) });
      expect(revoked.json().code).toBe('ACCESS_TOKEN_INVALID');
      await expect(
        issueToken(t.store.db, fresh.clientId, fresh.clientSecret, t.clock.now, 60),
      ).rejects.toMatchObject({
        code: 'ACCESS_CREDENTIALS_INVALID',
      });
    });

    it('stores neither the secret nor the token in clear', async () => {
      const { clientSecret, token } = await t.login({ role: 'admin', name: 'Ops' });
      const clients = await t.store.db.selectFrom('clients').selectAll().execute();
      const tokens = await t.store.db.selectFrom('tokens').selectAll().execute();
      const dump = JSON.stringify({ clients, tokens });
      expect(dump).not.toContain(clientSecret);
      expect(dump).not.toContain(token);
      expect(clients[0]?.secret_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(tokens[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('issueToken throws an HttpError the handler can answer', async () => {
      const err = await issueToken(t.store.db, 'cl_missing', 'x', t.clock.now, 60).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).statusCode).toBe(401);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: token endpoint rate limit`, () => {
    it('limits POST /v1/token per IP far below other routes (each attempt runs scrypt)', async () => {
      const t = await buildTestApp(dialect, { tokenRateLimitPerMinute: 3 });
      try {
        const attempt = () =>
          t.app.inject({
            method: 'POST',
            url: '/v1/token',
            payload: { client_id: 'cl_x', client_secret: 'guess' },
          });
        for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
        const limited = await attempt();
        expect(limited.statusCode).toBe(429);
        expect((limited.json() as { code: string }).code).toBe('RATE_LIMITED');
        // Other routes keep the general limit.
        expect((await t.app.inject({ method: 'GET', url: '/v1/trust-list/root-key' })).statusCode).toBe(200);
      } finally {
        await t.close();
      }
    });
  });
}
