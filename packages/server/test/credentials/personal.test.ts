import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { parsePersonal, verifySigned } from '@oneqr/qr';
import { createPerson } from '../../src/registry/service.ts';
import { listAccessLog } from '../../src/access/service.ts';
import { createIssuer, currentTrustStore } from '../../src/issuers/service.ts';

const HAN = {
  idNumber: '001087029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1987-01-18',
  gender: 'male',
};
const CHILD = {
  idNumber: '001215012345',
  fullName: 'Nguyễn Lê Minh',
  birthDate: '2015-06-01',
  gender: 'male',
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: issuing personal QR codes`, () => {
    let t: TestApp;
    let pcCovid: string;
    let hanQid: string;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      const db = t.store.db;
      await createIssuer(
        db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
        t.clock.now,
      );
      await createIssuer(db, { id: 'vneid', name: 'VNeID', rights: ['personal'] }, t.clock.now);
      await createIssuer(db, { id: 'venue-app', name: 'Venue app', rights: ['venue'] }, t.clock.now);
      hanQid = (await createPerson(db, HAN, t.clock.now)).person.qid;
      await createPerson(db, CHILD, t.clock.now, { declarerQid: hanQid });
      pcCovid = (await t.login({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' })).token;
    });
    afterEach(async () => t.close());

    const issue = (token: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/credentials/personal', headers: bearer(token), payload });
    const verify = async (text: string) =>
      verifySigned(text, 'personal', await currentTrustStore(t.store.db, t.clock.now), t.clock.now);
    const counts = async () => {
      const db = t.store.db;
      const n = async (table: 'credentials' | 'trust_revocations') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const seq = await db.selectFrom('trust_list_state').select('sequence').executeTakeFirstOrThrow();
      return {
        credentials: await n('credentials'),
        revocations: await n('trust_revocations'),
        sequence: Number(seq.sequence),
      };
    };

    it('issues a signed QR from the registry data that verifies valid, with images, and audits the disclosure', async () => {
      const res = await issue(pcCovid, {
        idNumber: HAN.idNumber,
        fullName: 'nguyen le kha  han',
        birthDate: HAN.birthDate,
        phone: '0944713700',
        insuranceNumber: 'HS4010120878821',
        image: ['svg', 'png'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(body.qid).toBe(hanQid);
      expect(body.iat).toBe(Math.floor(t.clock.now.getTime() / 1000));
      expect(
        body.payload.startsWith(
          `001087029317|NGUYEN LE KHA HAN|1987-01-18|0|${hanQid}|<1<HS4010120878821<0944713700<S1.${body.kid}.`,
        ),
      ).toBe(true);
      const parsed = parsePersonal(body.payload);
      expect(parsed.errors).toEqual([]);
      expect(parsed.fields).toMatchObject({ fullName: 'NGUYEN LE KHA HAN', qid: hanQid, gender: 1 });
      const v = await verify(body.payload);
      expect(v.errors).toEqual([]);
      expect(v.info).toMatchObject({
        state: 'valid',
        issuer: { id: 'pc-covid', name: 'PC-Covid' },
        kid: body.kid,
      });
      expect(body.svg).toMatch(/^<svg /);
      expect(Buffer.from(body.png, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');

      const log = await listAccessLog(t.store.db, HAN.idNumber);
      expect(log).toEqual([
        expect.objectContaining({
          actor: { name: 'PC-Covid', role: 'app' },
          purpose: 'issue-personal-qr',
          outcome: 'disclosed',
          fields: ['idNumber', 'fullName', 'birthDate', 'qid', 'gender'],
          route: '/v1/credentials/personal',
        }),
      ]);

      const status = await t.app.inject({
        method: 'GET',
        url: `/v1/credentials/personal/${hanQid}`,
        headers: bearer(pcCovid),
      });
      expect(status.statusCode).toBe(200);
      expect(status.json()).toMatchObject({ qid: hanQid, kid: body.kid, iat: body.iat, status: 'active' });
    });

    it('refuses any claimed identity that differs, and a person not in the registry, alike (no oracle), writing nothing and auditing why', async () => {
      const before = await counts();
      const name = await issue(pcCovid, {
        idNumber: HAN.idNumber,
        fullName: 'Nguyen Le Kha',
        birthDate: HAN.birthDate,
      });
      const dob = await issue(pcCovid, {
        idNumber: HAN.idNumber,
        fullName: HAN.fullName,
        birthDate: '1987-18-01',
      });
      const gender = await issue(pcCovid, { ...HAN, gender: 'female' });
      const missing = await issue(pcCovid, {
        idNumber: '001087999999',
        fullName: HAN.fullName,
        birthDate: HAN.birthDate,
      });
      // Naming the failing field would tell the app which part of a guess was right.
      for (const r of [name, dob, gender, missing]) {
        expect(r.statusCode).toBe(422);
        expect(r.json()).toEqual({
          code: 'CREDENTIALS_IDENTITY_MISMATCH',
          message: 'The claimed identity differs from the registry',
        });
      }
      for (const r of [name, dob, gender, missing]) expect(r.body).not.toContain(hanQid);
      expect(await counts()).toEqual(before);
      const log = await listAccessLog(t.store.db, HAN.idNumber);
      expect(log.map((e) => e.purpose).sort()).toEqual([
        'issue-personal-qr: CREDENTIALS_IDENTITY_MISMATCH (birthDate)',
        'issue-personal-qr: CREDENTIALS_IDENTITY_MISMATCH (fullName)',
        'issue-personal-qr: CREDENTIALS_IDENTITY_MISMATCH (gender)',
      ]);
      for (const e of log) expect(e).toMatchObject({ outcome: 'refused', fields: [] });
      expect((await listAccessLog(t.store.db, '001087999999'))[0]?.purpose).toBe(
        'issue-personal-qr: CREDENTIALS_IDENTITY_MISMATCH (not-found)',
      );
    });

    it("refuses an app without the 'personal' right (403) and every role but app", async () => {
      const venueApp = await t.login({ role: 'app', name: 'Venue app', issuerId: 'venue-app' });
      const before = await counts();
      const res = await issue(venueApp.token, {
        idNumber: HAN.idNumber,
        fullName: HAN.fullName,
        birthDate: HAN.birthDate,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('ISSUERS_RIGHT_MISSING');
      const officer = await t.login({ role: 'health-officer', name: 'HO' });
      const other = await issue(officer.token, {
        idNumber: HAN.idNumber,
        fullName: HAN.fullName,
        birthDate: HAN.birthDate,
      });
      expect(other.statusCode).toBe(403);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/v1/credentials/personal',
        payload: { idNumber: HAN.idNumber, fullName: HAN.fullName, birthDate: HAN.birthDate },
      });
      expect(anonymous.statusCode).toBe(401);
      expect(await counts()).toEqual(before);
      const log = await listAccessLog(t.store.db, HAN.idNumber);
      expect(log).toEqual([
        expect.objectContaining({
          outcome: 'refused',
          actor: { name: 'Venue app', role: 'app' },
          fields: [],
        }),
      ]);
    });

    it('re-issue revokes the previous QR (even within the same second, even from another app)', async () => {
      const req = { idNumber: HAN.idNumber, fullName: HAN.fullName, birthDate: HAN.birthDate };
      const first = (await issue(pcCovid, req)).json();
      const second = (await issue(pcCovid, { ...req, phone: '0912345678' })).json();
      expect(second.iat).toBe(first.iat + 1);
      let a = await verify(first.payload);
      expect(a.info.state).toBe('invalid');
      expect(a.errors.map((e) => e.code)).toEqual(['CREDENTIAL_REVOKED']);
      expect((await verify(second.payload)).info.state).toBe('valid');

      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      const vneid = await t.login({ role: 'app', name: 'VNeID', issuerId: 'vneid' });
      const third = (await issue(vneid.token, req)).json();
      expect(third.iat).toBe(first.iat + 60);
      a = await verify(second.payload);
      expect(a.errors.map((e) => e.code)).toEqual(['CREDENTIAL_REVOKED']);
      expect((await verify(third.payload)).info).toMatchObject({ state: 'valid', issuer: { id: 'vneid' } });

      const mine = await t.app.inject({
        method: 'GET',
        url: `/v1/credentials/personal/${hanQid}`,
        headers: bearer(pcCovid),
      });
      expect(mine.json()).toMatchObject({ iat: second.iat, status: 'superseded' });
      const theirs = await t.app.inject({
        method: 'GET',
        url: `/v1/credentials/personal/${hanQid}`,
        headers: bearer(vneid.token),
      });
      expect(theirs.json()).toMatchObject({ iat: third.iat, status: 'active' });
      expect((await counts()).credentials).toBe(3);
    });

    it('gives concurrent issues of one QID distinct, increasing iats; only the newest verifies', async () => {
      const req = { idNumber: HAN.idNumber, fullName: HAN.fullName, birthDate: HAN.birthDate };
      const results = await Promise.all([issue(pcCovid, req), issue(pcCovid, req), issue(pcCovid, req)]);
      for (const r of results) expect(r.statusCode, r.body).toBe(201);
      const issued = results.map((r) => r.json()).sort((a, b) => a.iat - b.iat);
      const base = issued[0].iat;
      expect(issued.map((i) => i.iat - base)).toEqual([0, 1, 2]);
      const states = await Promise.all(issued.map(async (i) => (await verify(i.payload)).info.state));
      expect(states).toEqual(['invalid', 'invalid', 'valid']);
      expect((await counts()).credentials).toBe(3);
    });

    it('issues a dependant QR (LoaiDinhDanh 1) only for a declarer the registry links', async () => {
      const ok = await issue(pcCovid, { ...CHILD, declarationType: 1, declarerQid: hanQid });
      expect(ok.statusCode, ok.body).toBe(201);
      const fields = parsePersonal(ok.json().payload).fields;
      expect(fields).toMatchObject({ declarationType: 1, declarerQid: hanQid });
      expect((await verify(ok.json().payload)).info.state).toBe('valid');

      const before = await counts();
      const unlinked = await issue(pcCovid, { ...HAN, declarationType: 1, declarerQid: ok.json().qid });
      expect(unlinked.statusCode).toBe(422);
      expect(unlinked.json()).toMatchObject({
        code: 'CREDENTIALS_DECLARER_NOT_LINKED',
        details: { field: 'declarerQid' },
      });
      const unknown = await issue(pcCovid, {
        ...CHILD,
        declarationType: 1,
        declarerQid: '999999999999999999',
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('CREDENTIALS_DECLARER_NOT_FOUND');
      const missing = await issue(pcCovid, { ...CHILD, declarationType: 1 });
      expect(missing.json().code).toBe('CREDENTIALS_DECLARER_REQUIRED');
      const unexpected = await issue(pcCovid, { ...CHILD, declarerQid: hanQid });
      expect(unexpected.json().code).toBe('CREDENTIALS_DECLARER_UNEXPECTED');
      const badPhone = await issue(pcCovid, { ...HAN, phone: '12345' });
      expect(badPhone.statusCode).toBe(422);
      expect(badPhone.json()).toMatchObject({
        code: 'CREDENTIALS_PAYLOAD_INVALID',
        details: { field: 'EXT[3]' },
      });
      expect(await counts()).toEqual(before);
    });

    it('validates the body and shows an app only its own credentials', async () => {
      const extra = await issue(pcCovid, { ...HAN, nickname: 'x' });
      expect(extra.statusCode).toBe(400);
      const badDate = await issue(pcCovid, { ...HAN, birthDate: '18/01/1987' });
      expect(badDate.statusCode).toBe(400);
      await issue(pcCovid, HAN);
      const vneid = await t.login({ role: 'app', name: 'VNeID', issuerId: 'vneid' });
      const other = await t.app.inject({
        method: 'GET',
        url: `/v1/credentials/personal/${hanQid}`,
        headers: bearer(vneid.token),
      });
      expect(other.statusCode).toBe(404);
      expect(other.json().code).toBe('CREDENTIALS_NOT_FOUND');
    });
  });
}
