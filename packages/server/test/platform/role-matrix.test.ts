/**
 * Every route × every role, allowed or refused as documented in docs/roles.md; the table and
 * the running server are compared both ways, so a new route cannot go undocumented.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from './build.ts';
import { ROLES, type Role } from '../../src/access/roles.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';

const DOC = path.resolve(import.meta.dirname, '../../../../docs/roles.md');

function documented(): Map<string, Role[] | 'public'> {
  const table = new Map<string, Role[] | 'public'>();
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\| (GET|POST|PUT|DELETE|PATCH) \| (\S+) \| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    const roles = m[3]!.trim();
    table.set(`${m[1]} ${m[2]}`, roles === 'public' ? 'public' : (roles.split(/,\s*/) as Role[]));
  }
  return table;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: role matrix`, () => {
    let t: TestApp;
    const tokens = {} as Record<Role, string>;
    const loginAs = async (role: Role): Promise<string> => {
      const extra =
        role === 'citizen'
          ? { personId: '001090012345' }
          : role === 'app'
            ? { issuerId: 'pc-covid' }
            : role === 'vaccination-site'
              ? { siteId: 'HCM-01' }
              : {};
      return (await t.login({ role, name: `matrix ${role}`, ...extra })).token;
    };
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      await createPerson(
        t.store.db,
        { idNumber: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '1990-05-01', gender: 'male' },
        t.clock.now,
      );
      for (const role of ROLES) tokens[role] = await loginAs(role);
    });
    afterAll(async () => t?.close());

    it('docs/roles.md lists exactly the routes the server has, with the same roles', async () => {
      const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, { description?: string }>>;
      };
      const served = new Map<string, Role[] | 'public'>();
      for (const [p, ops] of Object.entries(doc.paths)) {
        for (const [m, op] of Object.entries(ops)) {
          const roles = /Roles: ([^.]*)\./.exec(op.description ?? '')?.[1];
          served.set(`${m.toUpperCase()} ${p}`, roles ? (roles.split(', ') as Role[]) : 'public');
        }
      }
      for (const hidden of ['GET /healthz', 'GET /metrics']) served.set(hidden, 'public');
      expect(Object.fromEntries(documented())).toEqual(Object.fromEntries(served));
    });

    it('each role is allowed exactly where documented, refused with 403 elsewhere; no token → 401', async () => {
      for (const [route, allowed] of documented()) {
        const [method, template] = route.split(' ') as [string, string];
        const url = template.replace(/\{[^}]+\}/g, 'x1');
        const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
        const anon = await t.app.inject({ method: method as 'GET', url, payload });
        if (allowed === 'public') {
          expect(anon.statusCode, `${route} anonymous`).not.toBe(401);
          continue;
        }
        expect(anon.statusCode, `${route} anonymous`).toBe(401);
        for (const role of ROLES) {
          const res = await t.app.inject({
            method: method as 'GET',
            url,
            payload,
            headers: bearer(tokens[role]),
          });
          const code = res.statusCode >= 400 ? (res.json() as { code?: string }).code : undefined;
          // POST /v1/token/revoke did what it says to the token it was called with: take a new one.
          if (route === 'POST /v1/token/revoke' && res.statusCode === 204) tokens[role] = await loginAs(role);
          if (allowed.includes(role)) {
            expect(
              [401, 403].includes(res.statusCode) && code?.startsWith('ACCESS_'),
              `${route} as ${role}: ${res.body}`,
            ).toBe(false);
          } else {
            expect(res.statusCode, `${route} as ${role}`).toBe(403);
            expect(code, `${route} as ${role}`).toBe('ACCESS_ROLE_FORBIDDEN');
            expect(res.body).not.toMatch(/\d{12}/); // a refusal discloses nothing
          }
        }
      }
    });
  });
}
