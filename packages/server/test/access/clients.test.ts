import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createClient, disableClient, listClients } from '../../src/access/service.ts';
import { createClientCommand } from '../../src/access/cli.ts';
import { verifySecret, hashSecret } from '../../src/access/secrets.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: access admin clients`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<TestApp['login']>>;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      await createPerson(
        t.store.db,
        { idNumber: '001203012345', fullName: 'Trần Thị Alice', birthDate: '2003-04-05', gender: 'female' },
        t.clock.now,
      );
      admin = await t.login({ role: 'admin', name: 'Ops' });
    });
    afterEach(async () => t.close());

    const post = (payload: object, token = admin.token) =>
      t.app.inject({ method: 'POST', url: '/v1/admin/clients', headers: bearer(token), payload });

    it('creates a client, returning the secret once; listing never shows it', async () => {
      t.clock.now = new Date(t.clock.now.getTime() + 1000); // listing is oldest first
      const res = await post({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toEqual({
        id: expect.stringMatching(/^cl_/),
        name: 'PC-Covid',
        role: 'app',
        issuerId: 'pc-covid',
        personId: null,
        venueId: null,
        siteId: null,
        createdAt: t.clock.now.toISOString(),
        disabledAt: null,
        clientSecret: expect.any(String),
      });
      // The secret works.
      const tok = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: created.id, client_secret: created.clientSecret },
      });
      expect(tok.statusCode).toBe(200);

      const list = await t.app.inject({ url: '/v1/admin/clients', headers: bearer(admin.token) });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(created.clientSecret);
      expect(list.body).not.toMatch(/secret/i);
      expect(list.json().clients.map((c: { name: string }) => c.name)).toEqual(['Ops', 'PC-Covid']);
      const apps = await t.app.inject({ url: '/v1/admin/clients?role=app', headers: bearer(admin.token) });
      expect(apps.json().clients).toHaveLength(1);
    });

    it('refuses an app client for an unknown issuer and a citizen client for an unknown person (422), creating nothing', async () => {
      const before = (await listClients(t.store.db)).length;
      const issuer = await post({ role: 'app', name: 'Ghost app', issuerId: 'no-such-app' });
      expect(issuer.statusCode).toBe(422);
      expect(issuer.json()).toMatchObject({
        code: 'ACCESS_CLIENT_ISSUER_NOT_FOUND',
        details: { field: 'issuerId' },
      });
      const person = await post({ role: 'citizen', name: 'Ghost', personId: '001099000001' });
      expect(person.statusCode).toBe(422);
      expect(person.json()).toMatchObject({
        code: 'ACCESS_CLIENT_PERSON_NOT_FOUND',
        details: { field: 'personId' },
      });
      expect(person.body).not.toContain('001099000001');
      await expect(
        createClientCommand(t.store.db, { role: 'app', name: 'Ghost', issuer: 'no-such-app' }, t.clock.now),
      ).rejects.toMatchObject({ code: 'ACCESS_CLIENT_ISSUER_NOT_FOUND' });
      expect(await listClients(t.store.db)).toHaveLength(before);
    });

    it('enforces the role scope rules with specific codes', async () => {
      const cases: [object, string, string][] = [
        [{ role: 'citizen', name: 'c' }, 'ACCESS_CLIENT_PERSON_REQUIRED', 'personId'],
        [
          { role: 'health-officer', name: 'h', personId: '001203012345' },
          'ACCESS_CLIENT_PERSON_NOT_ALLOWED',
          'personId',
        ],
        [{ role: 'app', name: 'a' }, 'ACCESS_CLIENT_ISSUER_REQUIRED', 'issuerId'],
        [{ role: 'vaccination-site', name: 's' }, 'ACCESS_CLIENT_SITE_REQUIRED', 'siteId'],
        [{ role: 'health-officer', name: 'h', siteId: 'S1' }, 'ACCESS_CLIENT_SITE_NOT_ALLOWED', 'siteId'],
        [{ role: 'admin', name: '   ' }, 'ACCESS_CLIENT_NAME_INVALID', 'name'],
      ];
      for (const [payload, code, field] of cases) {
        const res = await post(payload);
        expect(res.statusCode, code).toBe(400);
        expect(res.json(), code).toMatchObject({ code, details: { field } });
      }
    });

    it('refuses unknown roles and unknown fields by schema, naming them', async () => {
      const role = await post({ role: 'superuser', name: 'x' });
      expect(role.statusCode).toBe(400);
      expect(role.json()).toMatchObject({ code: 'REQUEST_INVALID', details: { field: 'role' } });
      const extra = await post({ role: 'admin', name: 'x', isRoot: true });
      expect(extra.statusCode).toBe(400);
      expect(extra.json()).toEqual({
        code: 'REQUEST_INVALID',
        message: 'body/isRoot is not an accepted field',
        details: { location: 'body', field: 'isRoot' },
      });
    });

    it('is for admins only', async () => {
      const officer = await t.login({ role: 'checkpoint-officer', name: 'Checkpoint 3' });
      expect((await post({ role: 'admin', name: 'x' }, officer.token)).statusCode).toBe(403);
      expect(
        (await t.app.inject({ url: '/v1/admin/clients', headers: bearer(officer.token) })).statusCode,
      ).toBe(403);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/v1/admin/clients/${admin.clientId}`,
        headers: bearer(officer.token),
      });
      expect(del.statusCode).toBe(403);
    });

    it('disables a client (idempotent), 404 for unknown, never the last admin', async () => {
      const { clientId } = await createClient(
        t.store.db,
        { role: 'venue-staff', name: 'Door', venueId: 'v-9' },
        t.clock.now,
      );
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/v1/admin/clients/${clientId}`,
        headers: bearer(admin.token),
      });
      expect(del.statusCode).toBe(200);
      expect(del.json()).toMatchObject({ id: clientId, disabledAt: t.clock.now.toISOString() });
      t.clock.now = new Date(t.clock.now.getTime() + 1000);
      const again = await disableClient(t.store.db, clientId, t.clock.now);
      expect(again.disabledAt).toBe(del.json().disabledAt);

      const missing = await t.app.inject({
        method: 'DELETE',
        url: '/v1/admin/clients/cl_nobody',
        headers: bearer(admin.token),
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('ACCESS_CLIENT_NOT_FOUND');

      const last = await t.app.inject({
        method: 'DELETE',
        url: `/v1/admin/clients/${admin.clientId}`,
        headers: bearer(admin.token),
      });
      expect(last.statusCode).toBe(409);
      expect(last.json().code).toBe('ACCESS_CLIENT_LAST_ADMIN');
      expect((await listClients(t.store.db, { role: 'admin' }))[0]?.disabledAt).toBeNull();
    });

    it('createClientCommand registers from CLI flags and prints the secret once', async () => {
      const out = await createClientCommand(
        t.store.db,
        { role: 'citizen', name: 'Alice', person: '001203012345' },
        t.clock.now,
      );
      expect(out.text).toContain(out.clientId);
      expect(out.text).toContain(out.clientSecret);
      const row = await t.store.db
        .selectFrom('clients')
        .selectAll()
        .where('id', '=', out.clientId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ role: 'citizen', person_id: '001203012345', issuer_id: null });
      await expect(
        createClientCommand(t.store.db, { role: 'root', name: 'x' }, t.clock.now),
      ).rejects.toMatchObject({
        code: 'ACCESS_CLIENT_ROLE_UNKNOWN',
      });
    });
  });
}

describe('access secrets', () => {
  it('verifies only the right secret, and refuses tampered hashes', async () => {
    const stored = await hashSecret('s3cret');
    expect(await verifySecret('s3cret', stored)).toBe(true);
    expect(await verifySecret('s3creT', stored)).toBe(false);
    expect(await verifySecret('s3cret', undefined)).toBe(false);
    expect(await verifySecret('s3cret', stored.replace('scrypt$16384', 'scrypt$999999999'))).toBe(false);
    expect(await verifySecret('s3cret', 'garbage')).toBe(false);
  });
});
