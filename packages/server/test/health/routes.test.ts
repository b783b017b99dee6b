/** The /v1/health routes over HTTP (inject), with real tokens, on every engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { buildApp } from '../../src/app.ts';
import { createClient, listAccessLog } from '../../src/access/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { makeCitizenId } from '@oneqr/qr';
import type { Role } from '../../src/access/roles.ts';

const T0 = new Date('2022-01-15T03:00:00.000Z');
const KH_PERSON = makeCitizenId('056', 1985, 'male', '123456');

for (const dialect of DIALECTS) {
  describe(`${dialect}: health routes`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    const tokens: Partial<Record<Role, string>> = {};

    const auth = (role: Role) => ({ authorization: `Bearer ${tokens[role] ?? ''}` });

    beforeAll(async () => {
      store = await createTestStore(dialect);
      app = await buildApp({ store, clock: () => T0, logger: false });
      await createPerson(
        store.db,
        {
          idNumber: KH_PERSON,
          fullName: 'Trần Văn Nam',
          birthDate: '1985-03-02',
          gender: 'male',
          provinceCode: '56',
        },
        T0,
      );
      for (const role of ['health-officer', 'admin', 'venue-staff'] as const) {
        const { clientId, clientSecret } = await createClient(
          store.db,
          { role, name: `test ${role}`, issuerId: undefined },
          T0,
        );
        const res = await app.inject({
          method: 'POST',
          url: '/v1/token',
          payload: { client_id: clientId, client_secret: clientSecret },
        });
        tokens[role] = (res.json() as { access_token: string }).access_token;
      }
    });
    afterAll(async () => {
      await app.close();
      await store.destroy();
    });

    it('loads the bundled rule sets at boot and serves them publicly', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/health/rules' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        ruleSets: { id: string; province: string | null; version: number; clauses: { id: string }[] }[];
      };
      expect(body.ruleSets.map((r) => [r.id, r.province, r.version])).toEqual([
        ['ho-chi-minh', '79', 1],
        ['khanh-hoa', '56', 1],
        ['national-default', null, 1],
      ]);
      expect(body.ruleSets[1]?.clauses.at(-1)).toMatchObject({
        id: 'everyone-else',
        colour: 'red',
        when: true,
      });
    });

    it('records doses, a test and a case status; the officer reads history and colour, and the read is audited', async () => {
      const post = (url: string, payload: object) =>
        app.inject({ method: 'POST', url, headers: auth('health-officer'), payload });
      expect(
        (
          await post('/v1/health/vaccinations', {
            personId: KH_PERSON,
            vaccineCode: 'EU/1/20/1528',
            doseNumber: 1,
            administeredOn: '2021-10-01',
          })
        ).statusCode,
      ).toBe(201);
      const second = await post('/v1/health/vaccinations', {
        personId: KH_PERSON,
        vaccineCode: 'EU/1/20/1528',
        doseNumber: 2,
        administeredOn: '2021-11-01',
        lot: 'FK1234',
        site: 'BV Đa khoa tỉnh Khánh Hòa',
      });
      expect(second.statusCode).toBe(201);
      expect(second.json()).toMatchObject({
        totalDoses: 2,
        vaccineName: 'Comirnaty (Pfizer-BioNTech)',
        lot: 'FK1234',
      });
      const test = await post('/v1/health/tests', {
        personId: KH_PERSON,
        testType: 'pcr',
        result: 'negative',
        sampledAt: '2022-01-14T01:00:00Z',
      });
      expect(test.statusCode).toBe(201);
      const put = await app.inject({
        method: 'PUT',
        url: `/v1/health/cases/${KH_PERSON}`,
        headers: auth('health-officer'),
        payload: { status: 'f1', since: '2022-01-10T00:00:00Z' },
      });
      expect(put.json()).toMatchObject({
        status: 'f1',
        since: '2022-01-10T00:00:00.000Z',
        recoveredCertificateAt: null,
      });

      const read = await app.inject({
        method: 'GET',
        url: `/v1/health/persons/${KH_PERSON}`,
        headers: auth('health-officer'),
      });
      expect(read.statusCode).toBe(200);
      const body = read.json() as Record<string, unknown>;
      expect(body).toMatchObject({
        personId: KH_PERSON,
        caseStatus: { status: 'f1' },
        colour: {
          colour: 'green',
          rule: { id: 'khanh-hoa', version: 1, province: '56', clause: 'full-series-14d' },
        },
      });
      expect((body.vaccinations as unknown[]).length).toBe(2);
      expect((body.tests as unknown[]).length).toBe(1);
      // The same person under HCMC's rules: a close contact 5 days ago is not green there.
      const hcm = await app.inject({
        method: 'GET',
        url: `/v1/health/persons/${KH_PERSON}?province=79`,
        headers: auth('health-officer'),
      });
      expect(hcm.json()).toMatchObject({ colour: { colour: 'yellow', rule: { id: 'ho-chi-minh' } } });

      const log = await listAccessLog(store.db, KH_PERSON);
      const reads = log.filter((e) => e.route === '/v1/health/persons/:personId');
      expect(reads).toHaveLength(2);
      expect(reads[0]).toMatchObject({
        outcome: 'disclosed',
        actor: { role: 'health-officer' },
        fields: ['vaccinations', 'tests', 'caseStatus', 'colour'],
      });
    });

    it('refuses other roles and missing tokens', async () => {
      const url = `/v1/health/persons/${KH_PERSON}`;
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: auth('venue-staff') })).statusCode).toBe(403);
      const put = await app.inject({
        method: 'PUT',
        url: '/v1/health/rules/56',
        headers: auth('health-officer'),
        payload: { name: 'x', clauses: [{ id: 'a', colour: 'red', when: true }] },
      });
      expect(put.statusCode).toBe(403);
    });

    it('answers specific codes for bad input', async () => {
      const post = (payload: object) =>
        app.inject({
          method: 'POST',
          url: '/v1/health/vaccinations',
          headers: auth('health-officer'),
          payload,
        });
      const base = {
        personId: KH_PERSON,
        vaccineCode: 'Abdala',
        doseNumber: 1,
        administeredOn: '2021-10-01',
      };
      expect((await post({ ...base, vaccineCode: 'Covaxin' })).json()).toMatchObject({
        code: 'HEALTH_VACCINE_UNKNOWN',
      });
      expect((await post({ ...base, personId: '001099000000' })).json()).toMatchObject({
        code: 'HEALTH_PERSON_NOT_FOUND',
      });
      expect((await post({ ...base, administeredOn: '2022-02-01' })).json()).toMatchObject({
        code: 'HEALTH_DATE_IN_FUTURE',
      });
      for (const administeredOn of ['0000-01-01', '1899-12-31']) {
        const old = await post({ ...base, administeredOn });
        expect(old.statusCode, administeredOn).toBe(400);
        expect(old.json()).toMatchObject({
          code: 'HEALTH_DATE_INVALID',
          details: { field: 'administeredOn' },
        });
      }
      const extra = await post({ ...base, colour: 'green' });
      expect(extra.statusCode).toBe(400);
      expect(extra.json()).toMatchObject({ code: 'REQUEST_INVALID' });
      const unknown = await app.inject({
        method: 'GET',
        url: '/v1/health/persons/001099000000',
        headers: auth('health-officer'),
      });
      expect(unknown.statusCode).toBe(404);
      const badProvince = await app.inject({
        method: 'GET',
        url: `/v1/health/persons/${KH_PERSON}?province=99`,
        headers: auth('health-officer'),
      });
      expect(badProvince.json()).toMatchObject({ code: 'HEALTH_PROVINCE_INVALID' });
    });

    it('an admin publishes a validated new version; it decides from its validFrom', async () => {
      const put = (payload: object) =>
        app.inject({ method: 'PUT', url: '/v1/health/rules/national', headers: auth('admin'), payload });
      const invalid = await put({
        name: 'bad',
        clauses: [{ id: 'a', colour: 'red', when: { or: [true, false] } }],
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ code: 'HEALTH_RULE_INVALID' });
      expect((invalid.json() as { message: string }).message).toContain('unrecognised operator: "or"');
      const later = '2022-02-01T00:00:00.000Z';
      const ok = await put({
        name: 'Toàn quốc v2',
        validFrom: later,
        clauses: [{ id: 'everyone-yellow', colour: 'yellow', when: true }],
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({
        id: 'national-default',
        version: 2,
        province: null,
        validFrom: later,
      });
      const rules = (await app.inject({ method: 'GET', url: '/v1/health/rules' })).json() as {
        ruleSets: { id: string; version: number }[];
      };
      expect(rules.ruleSets.filter((r) => r.id === 'national-default').map((r) => r.version)).toEqual([1, 2]);
    });
  });
}
