/**
 * The vaccine passport end to end, on every engine: a citizen with a complete series gets an
 * EU DCC that our reader and an independent COSE implementation (cose-js) verify with the
 * published DSC; its PNG decodes with zbar; altered bytes fail; refusals carry their codes.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- cose-js ships no types; the test uses only sign.verify
import cose from 'cose-js';
import { base45Encode, decodeDccLayers, dccKeySourceFromCertificates, makeCitizenId, read } from '@oneqr/qr';
import { renderPng } from '@oneqr/qr/symbols';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { recordVaccination } from '../../src/health/service.ts';
import { listAccessLog } from '../../src/access/service.ts';
import { uvciCheckCharacter, hasValidUvciCheck } from '../../src/passport/service.ts';
import { zbarWasmDecode } from '../../../qr/test/symbols/zbar.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import fs from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SCHEMA = optionalShared(
  'testdata/dcc-schema/schema/1.3.0/DCC.combined-schema.json',
  'the DCC JSON schema 1.3.0 (issued certificates are validated against it)',
);

const PERSON = makeCitizenId('001', 1990, 'female', '345678');
const INCOMPLETE = makeCitizenId('079', 1988, 'male', '111222');
const T0 = new Date('2025-03-01T08:00:00.000Z');

interface Passport {
  uvci: string;
  status: string;
  issuedAt: string;
  expiresAt: string;
  kid: string;
  hc1: string;
  fields: { key: string; label: { vi: string; en: string }; value: { vi: string; en: string } }[];
}
interface Gateway {
  kid: string;
  country: string;
  certificateType: string;
  rawData: string;
}

describe('UVCI check character (Luhn mod 38)', () => {
  it('matches the DCC FAQ example and refuses a changed character', () => {
    expect(uvciCheckCharacter('URN:UVCI:01:NL:187/37512422923')).toBe('Z');
    expect(hasValidUvciCheck('URN:UVCI:01:NL:187/37512422923#Z')).toBe(true);
    expect(hasValidUvciCheck('URN:UVCI:01:NL:187/37512422924#Z')).toBe(false);
  });
});

for (const dialect of DIALECTS) {
  for (const alg of ['ES256', 'PS256'] as const) {
    describe(`${dialect}: vaccine passport (${alg})`, () => {
      let t: TestApp;
      let citizen: string;
      let incomplete: string;
      let officer: string;
      let admin: string;

      const dscs = async (): Promise<Gateway[]> =>
        (await t.app.inject({ url: '/v1/trust-list/dsc' })).json() as Gateway[];
      const derOf = (g: Gateway) => new Uint8Array(Buffer.from(g.rawData, 'base64'));
      const issue = (token: string) =>
        t.app.inject({ method: 'POST', url: '/v1/me/passport', headers: bearer(token) });

      beforeAll(async () => {
        t = await buildTestApp(dialect, { passportAlg: alg });
        await createPerson(
          t.store.db,
          { idNumber: PERSON, fullName: 'Nguyễn Thị Đào', birthDate: '1990-05-17', gender: 'female' },
          T0,
        );
        await createPerson(
          t.store.db,
          { idNumber: INCOMPLETE, fullName: 'Lê Văn Bình', birthDate: '1988-01-02', gender: 'male' },
          T0,
        );
        for (const [id, n] of [
          [PERSON, 1],
          [PERSON, 2],
          [INCOMPLETE, 1],
        ] as const) {
          await recordVaccination(
            t.store.db,
            { personId: id, vaccineCode: 'EU/1/20/1528', doseNumber: n, administeredOn: `2021-0${6 + n}-10` },
            T0,
          );
        }
        citizen = (await t.login({ role: 'citizen', name: 'citizen', personId: PERSON })).token;
        incomplete = (await t.login({ role: 'citizen', name: 'citizen 2', personId: INCOMPLETE })).token;
        officer = (await t.login({ role: 'health-officer', name: 'officer' })).token;
        admin = (await t.login({ role: 'admin', name: 'admin' })).token;
      });
      afterAll(async () => t?.close());

      let passport: Passport;

      it('issues an EU DCC to a citizen with a complete series, signed by a DSC of the CSCA', async () => {
        const res = await issue(citizen);
        expect(res.statusCode, res.body).toBe(200);
        passport = res.json() as Passport;
        expect(passport.hc1.startsWith('HC1:')).toBe(true);
        expect(passport.uvci).toMatch(/^URN:UVCI:01:VN:MOH\/[A-Z0-9]{20}#.$/);
        expect(hasValidUvciCheck(passport.uvci)).toBe(true);
        expect(Date.parse(passport.expiresAt) - Date.parse(passport.issuedAt)).toBe(365 * 86_400_000);

        const list = await dscs();
        expect(list).toHaveLength(1);
        expect(list[0]).toMatchObject({ kid: passport.kid, country: 'VN', certificateType: 'DSC' });
        // kid = first 8 bytes of SHA-256 over the DER (EU rule).
        const digest = crypto.createHash('sha256').update(derOf(list[0]!)).digest();
        expect(list[0]!.kid).toBe(digest.subarray(0, 8).toString('base64'));
        const cert = new crypto.X509Certificate(Buffer.from(list[0]!.rawData, 'base64'));
        const [csca] = (await t.app.inject({ url: '/v1/trust-list/csca' })).json() as Gateway[];
        const root = new crypto.X509Certificate(Buffer.from(csca!.rawData, 'base64'));
        expect(cert.checkIssued(root)).toBe(true);
        expect(cert.verify(root.publicKey)).toBe(true);
        expect(root.ca).toBe(true);
        expect(cert.keyUsage).toEqual(['1.3.6.1.4.1.1847.2021.1.2']);
        expect(cert.publicKey.asymmetricKeyType).toBe(alg === 'ES256' ? 'ec' : 'rsa');
      });

      it('verifies in our reader with the DSC as trust, with the EU codes and no ID number', async () => {
        const keys = dccKeySourceFromCertificates((await dscs()).map(derOf));
        const result = await read(passport.hc1, { dccKeys: keys, at: T0 });
        expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
        // No warning: in particular the payload validates against the DCC schema of its `ver`.
        expect(result.warnings, JSON.stringify(result.warnings)).toEqual([]);
        expect(result.kind).toBe('dcc');
        expect(result.signature.state).toBe('valid');
        const layers = decodeDccLayers(passport.hc1).layers!;
        const json = JSON.stringify(layers.hcert);
        expect(json).not.toContain(PERSON);
        expect(JSON.stringify(layers)).not.toContain(PERSON);
        expect(layers.hcert).toMatchObject({
          ver: '1.3.0',
          nam: { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Thị Đào', gnt: 'THI<DAO' },
          dob: '1990-05-17',
          v: [
            {
              tg: '840539006',
              vp: '1119349007',
              mp: 'EU/1/20/1528',
              ma: 'ORG-100030215',
              dn: 2,
              sd: 2,
              dt: '2021-08-10',
              co: 'VN',
              ci: passport.uvci,
            },
          ],
        });
        expect(layers.claims).toMatchObject({ iss: 'VN', iat: T0.getTime() / 1000 });
      });

      it.skipIf(SCHEMA === null)(
        'its JSON validates against the DCC schema 1.3.0 (strict, no leniency)',
        () => {
          const ajv = new Ajv2020({ allErrors: true, strict: false });
          addFormats.default(ajv);
          const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA!, 'utf8')) as object);
          const hcert = decodeDccLayers(passport.hc1).layers!.hcert;
          expect(validate(hcert), JSON.stringify(validate.errors)).toBe(true);
          // The check can fail: a dose number of 0 is refused.
          const v = (hcert as { v: object[] }).v[0]!;
          expect(validate({ ...(hcert as object), v: [{ ...v, dn: 0 }] })).toBe(false);
        },
      );

      it('verifies in an independent COSE implementation (cose-js)', async () => {
        const cert = new crypto.X509Certificate(Buffer.from((await dscs())[0]!.rawData, 'base64'));
        const jwk = cert.publicKey.export({ format: 'jwk' });
        const key =
          alg === 'ES256'
            ? { x: Buffer.from(jwk.x!, 'base64url'), y: Buffer.from(jwk.y!, 'base64url') }
            : { n: Buffer.from(jwk.n!, 'base64url'), e: Buffer.from(jwk.e!, 'base64url') };
        const coseBytes = zlib.inflateSync(decodeDccLayers(passport.hc1).layers!.compressed);
        const payload = (await cose.sign.verify(coseBytes, { key })) as Buffer;
        expect(payload.length).toBeGreaterThan(50);
        const forged = Buffer.from(coseBytes);
        forged[forged.length - 80]! ^= 1;
        await expect(cose.sign.verify(forged, { key })).rejects.toThrow();
      });

      it('renders a PNG that zbar decodes to the same HC1 text', async () => {
        const png = renderPng(passport.hc1, { scale: 4 });
        expect(await zbarWasmDecode(png)).toEqual([passport.hc1]);
      });

      it('altered bytes fail with DCC_SIGNATURE_INVALID; a foreign DSC is not trusted', async () => {
        const keys = dccKeySourceFromCertificates((await dscs()).map(derOf));
        const coseBytes = zlib.inflateSync(decodeDccLayers(passport.hc1).layers!.compressed);
        // Change one byte of the name inside the signed payload, keep the structure valid.
        const at = coseBytes.indexOf(Buffer.from('NGUYEN'));
        expect(at).toBeGreaterThan(0);
        const altered = Buffer.from(coseBytes);
        altered[at] = 'M'.charCodeAt(0);
        const text = 'HC1:' + base45Encode(new Uint8Array(zlib.deflateSync(altered)));
        const result = await read(text, { dccKeys: keys, at: T0 });
        expect(result.signature.state).toBe('invalid');
        expect(result.errors.map((e) => e.code)).toContain('DCC_SIGNATURE_INVALID');
        const untrusted = await read(passport.hc1, { dccKeys: dccKeySourceFromCertificates([]), at: T0 });
        expect(untrusted.signature.state).not.toBe('valid');
      });

      it('answers the 11 display fields in Vietnamese and English', async () => {
        const res = await t.app.inject({ url: '/v1/me/passport', headers: bearer(citizen) });
        expect(res.statusCode).toBe(200);
        const view = res.json() as Passport;
        expect(view.uvci).toBe(passport.uvci);
        const byKey = Object.fromEntries(view.fields.map((f) => [f.key, f]));
        expect(Object.keys(byKey)).toEqual([
          'name',
          'dateOfBirth',
          'nationality',
          'targetDisease',
          'totalDoses',
          'date',
          'doseNumber',
          'vaccine',
          'product',
          'manufacturer',
          'certificateId',
        ]);
        expect(byKey.name!.label).toEqual({ vi: 'Họ và tên', en: 'Name' });
        expect(byKey.name!.value.vi).toBe('Nguyễn Thị Đào');
        expect(byKey.nationality!.value).toEqual({ vi: 'Việt Nam', en: 'Viet Nam' });
        expect(byKey.product!.value.en).toBe('Comirnaty (Pfizer-BioNTech)');
        expect(byKey.manufacturer!.value.en).toBe('Biontech Manufacturing GmbH');
        expect(byKey.vaccine!.value).toEqual({
          vi: 'Vắc xin mRNA SARS-CoV-2',
          en: 'SARS-CoV-2 mRNA vaccine',
        });
        expect(byKey.targetDisease!.value).toEqual({ vi: 'COVID-19', en: 'COVID-19' });
        expect(byKey.product!.value.vi).toBe('Comirnaty (Pfizer-BioNTech)');
        expect(byKey.certificateId!.value.en).toBe(passport.uvci);
        expect(JSON.stringify(view)).not.toContain(PERSON);
        const log = await listAccessLog(t.store.db, PERSON, { limit: 50 });
        expect(JSON.stringify(log)).toContain('/v1/me/passport');
      });

      it('returns the same certificate until a new dose, then re-issues (old one superseded)', async () => {
        expect(((await issue(citizen)).json() as Passport).uvci).toBe(passport.uvci);
        await recordVaccination(
          t.store.db,
          {
            personId: PERSON,
            vaccineCode: 'EU/1/20/1507',
            doseNumber: 3,
            totalDoses: 3,
            administeredOn: '2022-01-10',
          },
          T0,
        );
        const next = (await issue(citizen)).json() as Passport;
        expect(next.uvci).not.toBe(passport.uvci);
        const v = (decodeDccLayers(next.hc1).layers!.hcert as { v: { dn: number; mp: string }[] }).v[0]!;
        expect(v).toMatchObject({ dn: 3, mp: 'EU/1/20/1507' });
        passport = next;
      });

      it('parallel first requests of one person end with one current certificate', async () => {
        const other = makeCitizenId('048', 1975, 'male', '424242');
        await createPerson(
          t.store.db,
          { idNumber: other, fullName: 'Phạm Minh', birthDate: '1975-02-02', gender: 'male' },
          T0,
        );
        await recordVaccination(
          t.store.db,
          { personId: other, vaccineCode: 'EU/1/20/1525', doseNumber: 1, administeredOn: '2021-09-01' },
          T0,
        );
        const token = (await t.login({ role: 'citizen', name: 'parallel', personId: other })).token;
        const answers = await Promise.all(Array.from({ length: 8 }, () => issue(token)));
        expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
        expect(new Set(answers.map((r) => (r.json() as Passport).uvci)).size).toBe(1);
      });

      it('refuses an incomplete series and a wrong person with codes', async () => {
        const res = await issue(incomplete);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ code: 'PASSPORT_SERIES_INCOMPLETE' });
        const none = await t.app.inject({ url: '/v1/me/passport', headers: bearer(incomplete) });
        expect(none.json()).toMatchObject({ code: 'PASSPORT_NOT_ISSUED' });

        const counter = (body: object) =>
          t.app.inject({
            method: 'POST',
            url: '/v1/passport/issue',
            headers: bearer(officer),
            payload: body,
          });
        const wrong = await counter({
          idNumber: PERSON,
          fullName: 'Nguyễn Thị Hoa',
          birthDate: '1990-05-17',
        });
        expect(wrong.statusCode).toBe(409);
        expect(wrong.json()).toMatchObject({
          code: 'PASSPORT_IDENTITY_MISMATCH',
          details: { reason: 'fullName' },
        });
        const unknown = await counter({
          idNumber: makeCitizenId('001', 1990, 'female', '999999'),
          fullName: 'X',
          birthDate: '1990-05-17',
        });
        expect(unknown.json()).toMatchObject({
          code: 'PASSPORT_IDENTITY_MISMATCH',
          details: { reason: 'not-found' },
        });
        const ok = await counter({ idNumber: PERSON, fullName: 'nguyen thi dao', birthDate: '1990-05-17' });
        expect(ok.statusCode, ok.body).toBe(200);
        expect((ok.json() as Passport).uvci).toBe(passport.uvci);
      });

      it('role checks: citizens, officers and admins each only where allowed', async () => {
        expect((await issue(officer)).statusCode).toBe(403);
        expect((await t.app.inject({ method: 'POST', url: '/v1/me/passport' })).statusCode).toBe(401);
        const asCitizen = await t.app.inject({
          method: 'POST',
          url: '/v1/passport/issue',
          headers: bearer(citizen),
          payload: { idNumber: PERSON, fullName: 'Nguyễn Thị Đào', birthDate: '1990-05-17' },
        });
        expect(asCitizen.statusCode).toBe(403);
        const revokeAsOfficer = await t.app.inject({
          method: 'POST',
          url: '/v1/admin/passport/revocations',
          headers: bearer(officer),
          payload: { uvci: passport.uvci },
        });
        expect(revokeAsOfficer.statusCode).toBe(403);
      });

      it('revokes by UVCI: listed by UCI hash in the EU revocation batch shape', async () => {
        const revoke = (uvci: string) =>
          t.app.inject({
            method: 'POST',
            url: '/v1/admin/passport/revocations',
            headers: bearer(admin),
            payload: { uvci },
          });
        const res = await revoke(passport.uvci);
        expect(res.statusCode, res.body).toBe(201);
        const hash = crypto
          .createHash('sha256')
          .update(passport.uvci)
          .digest()
          .subarray(0, 16)
          .toString('base64');
        expect(res.json()).toEqual({ uvci: passport.uvci, hash });
        expect((await revoke(passport.uvci)).json()).toMatchObject({ code: 'PASSPORT_ALREADY_REVOKED' });
        const body = passport.uvci.slice(0, -1);
        const other = `URN:UVCI:01:VN:MOH/${'A'.repeat(20)}`;
        expect((await revoke(`${other}#${uvciCheckCharacter(other)!}`)).json()).toMatchObject({
          code: 'PASSPORT_NOT_FOUND',
        });
        const badCheck = body + (passport.uvci.endsWith('A') ? 'B' : 'A');
        expect((await revoke(badCheck)).json()).toMatchObject({ code: 'PASSPORT_INVALID' });
        const list = (await t.app.inject({ url: '/v1/trust-list/dcc-revocations' })).json();
        expect(list).toEqual([
          {
            country: 'VN',
            kid: passport.kid,
            hashType: 'UCI',
            expires: passport.expiresAt,
            entries: [{ hash }],
          },
        ]);
        // A revoked certificate is no longer current: the citizen's next request issues a new one.
        const fresh = (await issue(citizen)).json() as Passport;
        expect(fresh.uvci).not.toBe(passport.uvci);
      });
    });
  }
}

describe('DSC private keys at rest', () => {
  it('are sealed under ONEQR_MASTER_KEY when it is set, and still sign (validity configured: 6 months)', async () => {
    const saved = process.env.ONEQR_MASTER_KEY;
    process.env.ONEQR_MASTER_KEY = crypto.randomBytes(32).toString('base64');
    const t = await buildTestApp('sqlite', { passportValidityMonths: 6 });
    try {
      await createPerson(
        t.store.db,
        { idNumber: PERSON, fullName: 'Nguyễn An', birthDate: '1990-05-17', gender: 'female' },
        T0,
      );
      await recordVaccination(
        t.store.db,
        { personId: PERSON, vaccineCode: 'EU/1/20/1525', doseNumber: 1, administeredOn: '2021-09-01' },
        T0,
      );
      const token = (await t.login({ role: 'citizen', name: 'sealed', personId: PERSON })).token;
      const res = await t.app.inject({ method: 'POST', url: '/v1/me/passport', headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as Passport).expiresAt).toBe('2025-09-01T08:00:00.000Z');
      const rows = await t.store.db.selectFrom('passport_keys').select(['kind', 'private_jwk']).execute();
      expect(rows.map((r) => r.kind).sort()).toEqual(['csca', 'dsc']);
      for (const r of rows) {
        expect(r.private_jwk.startsWith('enc:v1:')).toBe(true);
        expect(r.private_jwk).not.toContain('"d"');
      }
      const list = (await t.app.inject({ url: '/v1/trust-list/dsc' })).json() as Gateway[];
      const keys = dccKeySourceFromCertificates(
        list.map((g) => new Uint8Array(Buffer.from(g.rawData, 'base64'))),
      );
      const result = await read((res.json() as Passport).hc1, { dccKeys: keys, at: T0 });
      expect(result.signature.state).toBe('valid');
    } finally {
      if (saved === undefined) delete process.env.ONEQR_MASTER_KEY;
      else process.env.ONEQR_MASTER_KEY = saved;
      await t.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: counter issue is no free registry oracle`, () => {
    it('POST /v1/passport/issue spends the look-up budget: over it, a registered ID is refused like an unknown one', async () => {
      // Attack: a health-officer token typing ID numbers at the counter route learnt which are
      // registered (reason not-found vs fullName) outside the per-minute look-up budget.
      const t = await buildTestApp(dialect, {
        lookupLimitPerMinute: { 'venue-staff': 0, 'checkpoint-officer': 0, 'health-officer': 2 },
      });
      try {
        await createPerson(
          t.store.db,
          { idNumber: PERSON, fullName: 'Nguyễn Thị Đào', birthDate: '1990-05-17', gender: 'female' },
          T0,
        );
        const officer = bearer((await t.login({ role: 'health-officer', name: 'prober' })).token);
        const counter = (idNumber: string) =>
          t.app.inject({
            method: 'POST',
            url: '/v1/passport/issue',
            headers: officer,
            payload: { idNumber, fullName: 'X', birthDate: '1990-05-17' },
          });
        const codes: string[] = [];
        for (let n = 0; n < 2; n++)
          codes.push(
            (await counter(makeCitizenId('001', 1990, 'female', `99999${n}`))).json().code as string,
          );
        expect(codes).toEqual(['PASSPORT_IDENTITY_MISMATCH', 'PASSPORT_IDENTITY_MISMATCH']);
        const known = await counter(PERSON);
        expect(known.statusCode).toBe(429);
        expect(known.json()).toMatchObject({ code: 'SCAN_LOOKUP_THROTTLED' });
        expect(Number(known.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await t.close();
      }
    });
  });
}
