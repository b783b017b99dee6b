import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';

const HAN = {
  idNumber: '001093029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1993-01-18',
  gender: 'male',
  phone: '0944713700',
  provinceCode: '01',
  address: 'Số 12, Phường Phúc Xá',
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry routes`, () => {
    let t: TestApp;
    let officer: string;
    let admin: string;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      officer = (await t.login({ role: 'health-officer', name: 'CDC Hà Nội officer' })).token;
      admin = (await t.login({ role: 'admin', name: 'Registry admin' })).token;
    });
    afterEach(async () => t.close());

    const audit = () =>
      t.store.db.selectFrom('audit_log').selectAll().where('route', 'like', '/v1/registry/%').execute();
    const get = (id: string, token: string) =>
      t.app.inject({
        method: 'GET',
        url: `/v1/registry/persons/${encodeURIComponent(id)}`,
        headers: bearer(token),
      });

    it('GET discloses the person to a health officer and records it in the audit log', async () => {
      const { person } = await createPerson(t.store.db, HAN, t.clock.now);
      const res = await get(HAN.idNumber, officer);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ...HAN, documentType: 'citizen-id', qid: person.qid, declarerQid: null });
      const rows = await audit();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        person_id: HAN.idNumber,
        outcome: 'disclosed',
        route: '/v1/registry/persons/:idNumber',
        actor_role: 'health-officer',
      });
      expect(JSON.parse(rows[0]?.fields ?? '[]')).toContain('fullName');
      expect(Number(rows[0]?.at)).toBe(t.clock.now.getTime());
    });

    it('GET refuses other roles (403) and no token (401)', async () => {
      await createPerson(t.store.db, HAN, t.clock.now);
      const venue = (await t.login({ role: 'venue-staff', name: 'Door', venueId: 'v-1' })).token;
      expect((await get(HAN.idNumber, venue)).statusCode).toBe(403);
      const anon = await t.app.inject({ method: 'GET', url: `/v1/registry/persons/${HAN.idNumber}` });
      expect(anon.statusCode).toBe(401);
      expect((await audit()).filter((r) => r.outcome === 'disclosed')).toEqual([]);
    });

    it('GET answers 400 REGISTRY_ID_INVALID with the reason, and 404 (audited as refused) for an unknown person', async () => {
      const bad = await get('099093029317', officer);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        code: 'REGISTRY_ID_INVALID',
        details: { field: 'idNumber', reason: 'CITIZEN_ID_PROVINCE_UNKNOWN' },
      });
      expect((await get('12345', admin)).json()).toMatchObject({ details: { reason: 'CITIZEN_ID_FORMAT' } });
      const missing = await get('079301012345', admin);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('REGISTRY_PERSON_NOT_FOUND');
      expect(await audit()).toEqual([expect.objectContaining({ person_id: null, outcome: 'refused' })]);
    });

    it('POST adds a person (admin only) with a fresh QID and warnings', async () => {
      const post = (payload: object, token = admin) =>
        t.app.inject({ method: 'POST', url: '/v1/registry/persons', headers: bearer(token), payload });
      const res = await post({ ...HAN, birthDate: '1987-01-18' });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.person).toMatchObject({
        idNumber: HAN.idNumber,
        birthDate: '1987-01-18',
        declarerQid: null,
      });
      expect(body.person.qid).toMatch(/^[1-9]\d{17}$/);
      expect(body.warnings).toEqual([expect.objectContaining({ code: 'CITIZEN_ID_BIRTH_YEAR_MISMATCH' })]);

      expect((await post(HAN)).json()).toMatchObject({ code: 'REGISTRY_PERSON_EXISTS' });
      expect((await post(HAN, officer)).statusCode).toBe(403);
      const bad = await post({ ...HAN, idNumber: '079301012345', phone: '12345' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        code: 'REGISTRY_PERSON_INVALID',
        details: { field: 'phone', reason: 'REGISTRY_PHONE_FORMAT' },
      });
      const badId = await post({ ...HAN, idNumber: '0010930293' });
      expect(badId.json()).toMatchObject({
        code: 'REGISTRY_ID_INVALID',
        details: { reason: 'CITIZEN_ID_FORMAT' },
      });
      const extra = await post({ ...HAN, idNumber: '079301012345', qid: '1' });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().code).toBe('REQUEST_INVALID');
    });
  });
}
