/**
 * Hostile input across the API: each case gets a 4xx with a code and a message, the server
 * stays up, and nothing is half-written (every table's row count is unchanged after each case;
 * the audit log may only gain refusals, and a typed ID's look-up budget is spent by design).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from './build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { ensureDefaultRules } from '../../src/health/service.ts';

const SQLISH = "001090012345'; DROP TABLE persons; --";

for (const dialect of DIALECTS) {
  describe(`${dialect}: bad input`, () => {
    let t: TestApp;
    const tok: Record<string, string> = {};
    let signed = '';

    async function tableCounts(): Promise<Record<string, number>> {
      const names =
        dialect === 'sqlite'
          ? (
              await sql<{
                name: string;
              }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
                t.store.db,
              )
            ).rows
          : (
              await sql<{
                name: string;
              }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(
                t.store.db,
              )
            ).rows;
      const out: Record<string, number> = {};
      for (const { name } of names) {
        // The look-up budget counts typed IDs, refused ones too: that spending is the point.
        if (name === 'audit_log' || name === 'tokens' || name === 'scan_lookup_windows') continue;
        const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(t.store.db);
        out[name] = Number(r.rows[0]?.n);
      }
      return out;
    }
    const disclosed = async () =>
      Number(
        (
          await t.store.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('outcome', '=', 'disclosed')
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      t = await buildTestApp(dialect, { bodyLimitBytes: 16 * 1024 });
      await ensureDefaultRules(t.store.db, t.clock.now);
      await createPerson(
        t.store.db,
        { idNumber: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '1990-05-01', gender: 'male' },
        t.clock.now,
      );
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      for (const role of ['admin', 'health-officer', 'venue-staff'] as const)
        tok[role] = (await t.login({ role, name: `bad ${role}` })).token;
      tok.app = (await t.login({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' })).token;
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/credentials/personal',
        headers: bearer(tok.app),
        payload: { idNumber: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '1990-05-01' },
      });
      signed = (res.json() as { payload: string }).payload;
    });
    afterAll(async () => t?.close());

    type Case = {
      name: string;
      method: 'POST' | 'PUT' | 'GET';
      url: string;
      role: string;
      body?: string | object;
      type?: string;
    };
    const cases = (): Case[] => [
      {
        name: 'malformed JSON',
        method: 'POST',
        url: '/v1/registry/persons',
        role: 'admin',
        body: '{"idNumber": "0010',
        type: 'application/json',
      },
      {
        name: 'oversize body',
        method: 'POST',
        url: '/v1/scan',
        role: 'venue-staff',
        body: JSON.stringify({ text: 'x'.repeat(20_000) }),
        type: 'application/json',
      },
      {
        name: 'unknown field',
        method: 'POST',
        url: '/v1/registry/persons',
        role: 'admin',
        body: { idNumber: '001090099999', fullName: 'Lê Văn B', birthDate: '1990-01-01', isAdmin: true },
      },
      {
        name: 'invalid ID number',
        method: 'POST',
        url: '/v1/registry/persons',
        role: 'admin',
        body: { idNumber: '999090099999', fullName: 'Lê Văn B', birthDate: '1990-01-01' },
      },
      {
        name: 'SQL-looking ID',
        method: 'POST',
        url: '/v1/registry/persons',
        role: 'admin',
        body: { idNumber: SQLISH, fullName: 'Lê Văn B', birthDate: '1990-01-01' },
      },
      {
        name: 'SQL-looking path',
        method: 'GET',
        url: `/v1/registry/persons/${encodeURIComponent(SQLISH)}`,
        role: 'admin',
      },
      {
        name: 'SQL-looking name',
        method: 'POST',
        url: '/v1/credentials/personal',
        role: 'app',
        body: { idNumber: '001090012345', fullName: "x' OR 1=1 --", birthDate: '1990-05-01' },
      },
      {
        name: 'impossible date',
        method: 'POST',
        url: '/v1/credentials/personal',
        role: 'app',
        body: { idNumber: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '1990-02-30' },
      },
      {
        name: 'forged QR',
        method: 'POST',
        url: '/v1/scan',
        role: 'venue-staff',
        body: { text: signed.replace('1990-05-01', '1990-05-02') },
      },
      {
        name: 'truncated QR',
        method: 'POST',
        url: '/v1/scan',
        role: 'venue-staff',
        body: { text: signed.slice(0, signed.length - 30) },
      },
      { name: 'wrong type', method: 'POST', url: '/v1/scan', role: 'venue-staff', body: { text: 42 } },
      {
        name: 'not JSON content type',
        method: 'POST',
        url: '/v1/scan',
        role: 'venue-staff',
        body: 'text=1',
        type: 'text/plain',
      },
      {
        name: 'vaccination for unknown person',
        method: 'POST',
        url: '/v1/health/vaccinations',
        role: 'health-officer',
        body: {
          personId: '001090099999',
          vaccineCode: 'EU/1/21/1529',
          doseNumber: 1,
          administeredOn: '2021-08-01',
        },
      },
      {
        name: 'unknown vaccine',
        method: 'POST',
        url: '/v1/health/vaccinations',
        role: 'health-officer',
        body: {
          personId: '001090012345',
          vaccineCode: "'; DELETE FROM vaccinations; --",
          doseNumber: 1,
          administeredOn: '2021-08-01',
        },
      },
    ];

    it('every case: 4xx with a code and a message, nothing half-written, server up', async () => {
      expect(signed).toContain('S1.');
      for (const c of cases()) {
        const before = await tableCounts();
        const disclosedBefore = await disclosed();
        const payload =
          typeof c.body === 'string' ? c.body : c.body === undefined ? undefined : JSON.stringify(c.body);
        const res = await t.app.inject({
          method: c.method,
          url: c.url,
          headers: {
            ...bearer(tok[c.role]!),
            ...(payload !== undefined ? { 'content-type': c.type ?? 'application/json' } : {}),
          },
          payload,
        });
        expect(res.statusCode, `${c.name}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${c.name}: ${res.body}`).toBeLessThan(500);
        const body = res.json() as { code?: string; message?: string };
        expect(body.code, c.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(body.message?.length, c.name).toBeGreaterThan(0);
        expect(await tableCounts(), `${c.name}: tables changed`).toEqual(before);
        expect(await disclosed(), `${c.name}: disclosed`).toBe(disclosedBefore);
        expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, c.name).toBe(200);
      }
      // A URL the router cannot decode gets our shape and headers, and does not echo the path.
      const badUrl = await t.app.inject({
        method: 'GET',
        url: '/v1/registry/persons/001203012345%',
        headers: bearer(tok.admin!),
      });
      expect(badUrl.statusCode).toBe(400);
      expect((badUrl.json() as { code: string }).code).toBe('REQUEST_INVALID');
      expect(badUrl.body).not.toContain('001203012345');
      expect(badUrl.headers['x-content-type-options']).toBe('nosniff');
      // And the tables the SQL-looking strings named are intact.
      const person = await t.app.inject({
        method: 'GET',
        url: '/v1/registry/persons/001090012345',
        headers: bearer(tok.admin!),
      });
      expect(person.statusCode).toBe(200);
    });
  });
}
