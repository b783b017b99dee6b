/**
 * Declarations through the API (issue 7): attacks first — another person's declaration, on
 * behalf without the right, bad answers (one error per field), an unknown form version, a
 * forged, foreign-signed, unknown, expired or other person's declaration QR — then the
 * checkpoint officer's /v1/scan showing the person's valid movement declaration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDeclaration, read } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, T0, type TestApp } from '../platform/build.ts';
import { createPerson, findPerson } from '../../src/registry/service.ts';
import { createIssuer, currentTrustStore, signerFor } from '../../src/issuers/service.ts';
import { ensureDefaultRules } from '../../src/health/service.ts';
import { listAccessLog } from '../../src/access/service.ts';

const AN = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-05-01',
  gender: 'male',
} as const;
const NGOC = {
  idNumber: '079195054321',
  fullName: 'Trần Thị Bích Ngọc',
  birthDate: '1995-11-20',
  gender: 'female',
} as const;
const CHILD = {
  idNumber: '001215000123',
  fullName: 'Nguyễn Minh Khang',
  birthDate: '2015-04-01',
  gender: 'male',
} as const;

const MOVEMENT = {
  fromProvince: '01',
  toProvince: '79',
  route: 'QL1A',
  date: '2025-03-01',
  vehicleType: 'coach',
  plate: '51B-123.45',
};
const HEALTH = { symptoms: ['none'], contactWithCase: false, recentTravel: false };

for (const dialect of DIALECTS) {
  describe(`${dialect}: declarations`, () => {
    let t: TestApp;
    let an = '';
    let ngoc = '';
    let checkpoint = '';
    let healthOfficer = '';
    let anQr = '';

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await ensureDefaultRules(t.store.db, t.clock.now);
      await createIssuer(
        t.store.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'declaration'] },
        t.clock.now,
      );
      await createIssuer(
        t.store.db,
        { id: 'vneid', name: 'VNeID', rights: ['personal', 'venue'] },
        t.clock.now,
      );
      await createPerson(t.store.db, AN, t.clock.now);
      await createPerson(t.store.db, NGOC, t.clock.now);
      const anQid = (await findPerson(t.store.db, AN.idNumber))!.qid;
      await createPerson(t.store.db, CHILD, t.clock.now, { declarerQid: anQid });
      an = (await t.login({ role: 'citizen', name: 'An', personId: AN.idNumber })).token;
      ngoc = (await t.login({ role: 'citizen', name: 'Ngọc', personId: NGOC.idNumber })).token;
      checkpoint = (await t.login({ role: 'checkpoint-officer', name: 'Chốt QL1A' })).token;
      healthOfficer = (await t.login({ role: 'health-officer', name: 'CDC HN' })).token;
    });
    afterAll(async () => t?.close());

    const post = (token: string, url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: bearer(token) });
    const declare = (token: string, body: object) => post(token, '/v1/me/declarations', body);
    const scan = (token: string, payload: object) => post(token, '/v1/scan', payload);

    it('lists the form versions publicly', async () => {
      const res = await t.app.inject({ url: '/v1/declarations/forms' });
      expect(res.statusCode).toBe(200);
      const forms = (res.json() as { forms: { form: string; version: number }[] }).forms;
      expect(forms.map((f) => `${f.form}/${f.version}`)).toEqual(['health/1', 'movement/1']);
      const movement = (res.json() as { forms: { fields: Record<string, unknown>[] }[] }).forms[1]!;
      expect(movement.fields.find((f) => f.name === 'flight')).toMatchObject({
        type: 'flight',
        requiredWhen: { vehicleType: ['plane'] },
      });
    });

    it('refuses declaring on behalf of a person not registered under the declarer’s QID, the same for an unknown ID', async () => {
      const other = await declare(an, {
        form: 'health',
        version: 1,
        idNumber: NGOC.idNumber,
        answers: HEALTH,
      });
      expect(other.statusCode).toBe(403);
      expect(other.json().code).toBe('DECLARATIONS_ON_BEHALF_FORBIDDEN');
      const unknown = await declare(an, {
        form: 'health',
        version: 1,
        idNumber: '001090099999',
        answers: HEALTH,
      });
      expect(unknown.statusCode).toBe(403);
      expect(unknown.json()).toEqual(other.json());
      // A dependent is not the declarer's declarer: the child's guardian is An, not the reverse.
      const reverse = await declare(ngoc, {
        form: 'movement',
        version: 1,
        idNumber: CHILD.idNumber,
        answers: MOVEMENT,
      });
      expect(reverse.json().code).toBe('DECLARATIONS_ON_BEHALF_FORBIDDEN');
    });

    it('refuses an unknown form or version', async () => {
      for (const body of [
        { form: 'movement', version: 2, answers: MOVEMENT },
        { form: 'vaccination', version: 1, answers: {} },
      ]) {
        const res = await declare(an, body);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          code: 'DECLARATIONS_FORM_UNKNOWN',
          details: { field: 'version' },
        });
      }
    });

    it('reports every bad answer with its field and code', async () => {
      const res = await declare(an, {
        form: 'movement',
        version: 1,
        answers: {
          fromProvince: '1',
          date: '2025-04-01',
          vehicleType: 'car',
          plate: 'ABC',
          flight: 'VN123',
          colour: 'red',
        },
      });
      expect(res.statusCode).toBe(400);
      const body = res.json() as { code: string; details: { errors: { field: string; code: string }[] } };
      expect(body.code).toBe('DECLARATIONS_FORM_INVALID');
      expect(body.details.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(
        [
          'colour:FIELD_UNKNOWN',
          'date:FIELD_DATE_RANGE',
          'flight:FIELD_NOT_ALLOWED',
          'fromProvince:FIELD_FORMAT',
          'plate:FIELD_FORMAT',
          'toProvince:FIELD_REQUIRED',
        ].sort(),
      );
      const plane = await declare(an, {
        form: 'movement',
        version: 1,
        answers: { ...MOVEMENT, vehicleType: 'plane', plate: undefined },
      });
      expect(
        plane.json().details.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
      ).toEqual(['flight:FIELD_REQUIRED', 'seat:FIELD_REQUIRED']);
      const health = await declare(an, {
        form: 'health',
        version: 1,
        answers: {
          symptoms: ['none', 'fever'],
          contactWithCase: 'no',
          recentTravel: true,
          closeContacts: ['12'],
        },
      });
      expect(
        health.json().details.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
      ).toEqual([
        'symptoms:FIELD_EXCLUSIVE',
        'contactWithCase:FIELD_TYPE',
        'closeContacts:FIELD_FORMAT',
        'travelProvinces:FIELD_REQUIRED',
      ]);
    });

    it('refuses an oversized body, too many answers, and hostile keys as unknown fields', async () => {
      const big = await declare(an, {
        form: 'health',
        version: 1,
        answers: { ...HEALTH, note: 'x'.repeat(20_000) },
      });
      expect(big.statusCode).toBe(413);
      const many = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, 1]));
      expect((await declare(an, { form: 'health', version: 1, answers: many })).statusCode).toBe(400);
      // A __proto__ key is refused by the body parser itself, before any domain code.
      const proto = await t.app.inject({
        method: 'POST',
        url: '/v1/me/declarations',
        headers: { ...bearer(an), 'content-type': 'application/json' },
        payload: `{"form":"health","version":1,"answers":{"symptoms":["none"],"__proto__":{"admin":true}}}`,
      });
      expect(proto.statusCode).toBe(400);
      const nested = await declare(an, {
        form: 'health',
        version: 1,
        answers: { ...HEALTH, note: { nested: 1 }, constructor: 'x' },
      });
      expect(
        nested.json().details.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
      ).toEqual(['constructor:FIELD_UNKNOWN', 'note:FIELD_TYPE']);
    });

    it('a movement declaration yields a QR signed under the declaration right, valid 72 hours', async () => {
      const res = await declare(an, { form: 'movement', version: 1, answers: MOVEMENT });
      expect(res.statusCode, res.body).toBe(201);
      const d = res.json();
      expect(d).toMatchObject({
        form: 'movement',
        version: 1,
        idNumber: AN.idNumber,
        onBehalf: false,
        answers: { ...MOVEMENT, plate: '51B12345' },
      });
      expect(d.qr.expiresAt).toBe(new Date(T0.getTime() + 72 * 3600_000).toISOString());
      anQr = d.qr.payload;
      const r = await read(anQr, {
        trust: await currentTrustStore(t.store.db, t.clock.now),
        at: t.clock.now,
      });
      expect(r.kind).toBe('declaration');
      expect(r.signature).toMatchObject({ state: 'valid', issuer: { id: 'pc-covid' } });
      expect(r.errors).toEqual([]);
    });

    it('declares on behalf of a dependent, recording the declarer’s QID; each sees only their own', async () => {
      const res = await declare(an, {
        form: 'health',
        version: 1,
        idNumber: CHILD.idNumber,
        answers: HEALTH,
      });
      expect(res.statusCode, res.body).toBe(201);
      const anQid = (await findPerson(t.store.db, AN.idNumber))!.qid;
      expect(res.json()).toMatchObject({
        idNumber: CHILD.idNumber,
        onBehalf: true,
        declarerQid: anQid,
        qr: null,
      });
      const mine = (await t.app.inject({ url: '/v1/me/declarations', headers: bearer(an) })).json();
      expect(mine.declarations.map((x: { idNumber: string }) => x.idNumber).sort()).toEqual(
        [AN.idNumber, CHILD.idNumber].sort(),
      );
      const hers = (await t.app.inject({ url: '/v1/me/declarations', headers: bearer(ngoc) })).json();
      expect(hers.declarations).toEqual([]);
    });

    it('a checkpoint officer’s scan of the person shows the valid declaration, audited', async () => {
      const res = await scan(checkpoint, { text: AN.idNumber });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().declaration).toMatchObject({
        state: 'valid',
        date: '2025-03-01',
        fromProvince: '01',
        toProvince: '79',
        vehicle: 'road:51B12345',
        validUntil: new Date(T0.getTime() + 72 * 3600_000).toISOString(),
      });
      const log = await listAccessLog(t.store.db, AN.idNumber);
      const entry = log.find((e) => e.route === '/v1/scan' && e.outcome === 'disclosed');
      expect(entry?.fields).toContain('declaration.state');
      expect(entry?.fields).toContain('declaration.vehicle');
      // A person without a declaration: none.
      expect((await scan(checkpoint, { text: NGOC.idNumber })).json().declaration).toEqual({ state: 'none' });
    });

    it('scanning the declaration QR itself names its holder and the declaration', async () => {
      const res = await scan(checkpoint, { text: anQr });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        kind: 'declaration',
        identity: { confirmed: true, fullName: AN.fullName, documentNumber: '******012345' },
        declaration: { state: 'valid', vehicle: 'road:51B12345' },
      });
      // Paired with the holder's code: valid; with another person's: refused with a code.
      const paired = await scan(checkpoint, { text: AN.idNumber, declaration: anQr });
      expect(paired.json().declaration.state).toBe('valid');
      const other = await scan(checkpoint, { text: NGOC.idNumber, declaration: anQr });
      expect(other.statusCode).toBe(200);
      expect(other.json().declaration).toEqual({ state: 'refused', code: 'DECLARATIONS_QR_OTHER_PERSON' });
    });

    it('refuses a forged declaration QR, one signed without the declaration right, one not on record', async () => {
      const forged = anQr.replace('|79|', '|01|');
      const f = await scan(checkpoint, { text: forged });
      expect(f.statusCode).toBe(422);
      expect(f.json().code).toBe('SCAN_SIGNATURE_INVALID');
      const paired = await scan(checkpoint, { text: AN.idNumber, declaration: forged });
      expect(paired.json().declaration).toEqual({ state: 'refused', code: 'DECLARATIONS_QR_INVALID' });

      const iat = Math.floor(t.clock.now.getTime() / 1000);
      const input = {
        declarationId: 'made-up',
        idNumber: AN.idNumber,
        fromProvince: '01',
        toProvince: '79',
        date: '2025-03-01',
      };
      const byVneid = await issueDeclaration(
        input,
        await signerFor(t.store.db, 'vneid', 'personal', t.clock.now),
        iat,
      );
      const v = await scan(checkpoint, { text: byVneid });
      expect(v.statusCode).toBe(422);
      expect(v.json()).toMatchObject({
        code: 'SCAN_SIGNATURE_INVALID',
        details: { reason: 'KEY_RIGHT_MISSING' },
      });

      const notOnRecord = await issueDeclaration(
        input,
        await signerFor(t.store.db, 'pc-covid', 'declaration', t.clock.now),
        iat,
      );
      const u = await scan(checkpoint, { text: notOnRecord });
      expect(u.statusCode).toBe(404);
      expect(u.json().code).toBe('DECLARATIONS_QR_UNKNOWN');
    });

    it('an expired declaration QR is refused with its own code, and the person then has none', async () => {
      const saved = t.clock.now;
      t.clock.now = new Date(T0.getTime() + 72 * 3600_000 + 1000);
      try {
        // Tokens live 15 min: a fresh one at the later instant.
        const checkpoint = (await t.login({ role: 'checkpoint-officer', name: 'Chốt QL1A, later' })).token;
        const res = await scan(checkpoint, { text: anQr });
        expect(res.statusCode).toBe(422);
        expect(res.json().code).toBe('DECLARATIONS_QR_EXPIRED');
        expect((await scan(checkpoint, { text: AN.idNumber })).json().declaration).toEqual({ state: 'none' });
        const paired = await scan(checkpoint, { text: AN.idNumber, declaration: anQr });
        expect(paired.json().declaration).toEqual({ state: 'refused', code: 'DECLARATIONS_QR_EXPIRED' });
      } finally {
        t.clock.now = saved;
      }
    });

    it('officers record a declaration for a traveller; a health officer reads a person’s declarations, audited', async () => {
      const none = await post(checkpoint, '/v1/declarations', {
        form: 'health',
        version: 1,
        answers: HEALTH,
      });
      expect(none.json().code).toBe('DECLARATIONS_PERSON_REQUIRED');
      const unknown = await post(checkpoint, '/v1/declarations', {
        form: 'health',
        version: 1,
        idNumber: '001090099999',
        answers: HEALTH,
      });
      expect(unknown.statusCode).toBe(404);
      const ok = await post(checkpoint, '/v1/declarations', {
        form: 'movement',
        version: 1,
        idNumber: NGOC.idNumber,
        answers: { ...MOVEMENT, vehicleType: 'plane', plate: undefined, flight: 'VN 213', seat: '12A' },
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ onBehalf: true, declarerQid: null, answers: { flight: 'VN213' } });
      const list = await t.app.inject({
        url: `/v1/declarations/persons/${NGOC.idNumber}`,
        headers: bearer(healthOfficer),
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().declarations).toHaveLength(1);
      const log = await listAccessLog(t.store.db, NGOC.idNumber);
      expect(log.find((e) => e.route === '/v1/declarations/persons/{idNumber}')).toMatchObject({
        fields: ['declarations'],
        actor: { role: 'health-officer' },
      });
      // A citizen cannot read another's declarations through the officers' route.
      const refused = await t.app.inject({
        url: `/v1/declarations/persons/${NGOC.idNumber}`,
        headers: bearer(an),
      });
      expect(refused.statusCode).toBe(403);
    });

    it('the close contacts named in a declaration a health officer reads are audited too', async () => {
      const ok = await post(checkpoint, '/v1/declarations', {
        form: 'health',
        version: 1,
        idNumber: AN.idNumber,
        answers: { ...HEALTH, closeContacts: [NGOC.idNumber] },
      });
      expect(ok.statusCode, ok.body).toBe(201);
      const list = await t.app.inject({
        url: `/v1/declarations/persons/${AN.idNumber}`,
        headers: bearer(healthOfficer),
      });
      expect(list.statusCode).toBe(200);
      const log = await listAccessLog(t.store.db, NGOC.idNumber);
      expect(
        log.find(
          (e) => e.route === '/v1/declarations/persons/{idNumber}' && e.fields.includes('closeContact'),
        ),
      ).toMatchObject({
        actor: { role: 'health-officer', name: 'CDC HN' },
      });
    });
  });
}
