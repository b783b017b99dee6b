/**
 * Attacks on what POST /v1/scan discloses (issue 6, items 1–4), each performed as the attacker
 * would: a typed CCCD string with a forged name, a CCCD for an unregistered ID, refusals read
 * as an oracle, and bare-ID enumeration. On both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, T0, type TestApp } from '../platform/build.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createPerson, findPerson } from '../../src/registry/service.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { ensureDefaultRules } from '../../src/health/service.ts';

const AN = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-05-01',
  gender: 'male',
  provinceCode: '01',
};
const UNREGISTERED = '001090099999';
// The card layout: ID | old ID | name | ddMMyyyy | Nam/Nữ | address | issue date.
const cccd = (id: string, name: string, dob: string, gender = 'Nam') =>
  `${id}||${name}|${dob}|${gender}|Số 1 Tràng Tiền, Hà Nội|01012021`;
const GENUINE = cccd(AN.idNumber, AN.fullName, '01051990');
const FORGED_NAME = cccd(AN.idNumber, 'Trần Văn Giả', '01051990');
const UNIFORM = {
  code: 'SCAN_IDENTITY_UNCONFIRMED',
  message: 'The registry does not confirm the identity on the code',
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: scan disclosure attacks`, () => {
    let t: TestApp;
    let qid = '';
    let signed = '';

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await ensureDefaultRules(t.store.db, t.clock.now);
      await createPerson(t.store.db, AN, t.clock.now);
      qid = (await findPerson(t.store.db, AN.idNumber))!.qid;
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      const app = await t.login({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/credentials/personal',
        headers: bearer(app.token),
        payload: { idNumber: AN.idNumber, fullName: AN.fullName, birthDate: AN.birthDate },
      });
      expect(res.statusCode, res.body).toBe(201);
      signed = (res.json() as { payload: string }).payload;
    });
    afterAll(async () => t?.close());

    /** A fresh client (its own look-up budget). */
    const scanner = async (role: 'venue-staff' | 'checkpoint-officer' | 'health-officer', app = t) =>
      (await app.login({ role, name: `attacker ${role} ${Math.random()}` })).token;
    const scanWith = (token: string, text: string, app = t) =>
      app.app.inject({ method: 'POST', url: '/v1/scan', headers: bearer(token), payload: { text } });
    const refusedPurposes = async (personId: string, clientIds: string[]) =>
      (
        await t.store.db
          .selectFrom('audit_log')
          .select('purpose')
          .where('person_id', '=', personId)
          .where('outcome', '=', 'refused')
          .where('actor_client_id', 'in', clientIds)
          .execute()
      ).map((r) => r.purpose);

    it('1: a typed CCCD with a forged name is refused for every role, and audited under the real person', async () => {
      const clients = await Promise.all(
        (['venue-staff', 'checkpoint-officer', 'health-officer'] as const).map((role) =>
          t.login({ role, name: `forger ${role}` }),
        ),
      );
      const [venue, checkpoint, health] = clients.map((c) => c.token) as [string, string, string];
      const genuine = await scanWith(venue, GENUINE);
      expect(genuine.json()).toMatchObject({ name: 'Nguyễn V. An' });

      const atVenue = await scanWith(venue, FORGED_NAME);
      expect(atVenue.statusCode).toBe(422);
      expect(atVenue.json()).toEqual(UNIFORM);
      expect(atVenue.body).not.toMatch(/Giả|colour/);
      const atCheckpoint = await scanWith(checkpoint, FORGED_NAME);
      expect(atCheckpoint.statusCode).toBe(422);
      expect(atCheckpoint.json()).toEqual(UNIFORM);
      const forHealth = await scanWith(health, FORGED_NAME);
      expect(forHealth.json()).toMatchObject({
        code: 'SCAN_IDENTITY_UNCONFIRMED',
        details: { field: 'fullName' },
      });

      // Birth date and gender (the registry knows it) are checked too.
      for (const [text, field] of [
        [cccd(AN.idNumber, AN.fullName, '02051990'), 'birthDate'],
        [cccd(AN.idNumber, AN.fullName, '01051990', 'Nữ'), 'gender'],
      ] as const) {
        expect((await scanWith(checkpoint, text)).json(), field).toEqual(UNIFORM);
        expect((await scanWith(health, text)).json(), field).toMatchObject({ details: { field } });
      }
      const purposes = await refusedPurposes(
        AN.idNumber,
        clients.map((c) => c.clientId),
      );
      expect(purposes.sort()).toEqual([
        'scan (checkpoint-officer): SCAN_IDENTITY_UNCONFIRMED (birthDate)',
        'scan (checkpoint-officer): SCAN_IDENTITY_UNCONFIRMED (fullName)',
        'scan (checkpoint-officer): SCAN_IDENTITY_UNCONFIRMED (gender)',
        'scan (health-officer): SCAN_IDENTITY_UNCONFIRMED (birthDate)',
        'scan (health-officer): SCAN_IDENTITY_UNCONFIRMED (fullName)',
        'scan (health-officer): SCAN_IDENTITY_UNCONFIRMED (gender)',
        'scan (venue-staff): SCAN_IDENTITY_UNCONFIRMED (fullName)',
      ]);
    });

    it('2: a CCCD for an ID the registry does not know is not confirmed, carries a warning, and gives venue staff no colour', async () => {
      const text = cccd(UNREGISTERED, 'Lê Thị Lạ', '01011990', 'Nữ');
      const checkpoint = (await scanWith(await scanner('checkpoint-officer'), text)).json();
      expect(checkpoint).toMatchObject({
        kind: 'cccd',
        identity: { confirmed: false, source: 'cccd', fullName: 'Lê Thị Lạ', birthDate: '1990-01-01' },
        colour: null,
        warnings: [{ code: 'SCAN_CARD_NOT_IN_REGISTRY', message: expect.any(String) }],
      });
      const health = (await scanWith(await scanner('health-officer'), text)).json();
      expect(health).toMatchObject({
        identity: { confirmed: false, source: 'cccd', inRegistry: false },
        colour: null,
        warnings: [{ code: 'SCAN_CARD_NOT_IN_REGISTRY' }],
      });
      const venue = await scanWith(await scanner('venue-staff'), text);
      expect(venue.statusCode).toBe(422);
      expect(venue.json()).toEqual(UNIFORM);
    });

    it('3: venue staff and checkpoint officers get one indistinguishable refusal for every mismatch and every miss', async () => {
      const unsigned = (id: string, name: string, dob: string, q = qid) => `${id}|${name}|${dob}|0|${q}|<1`;
      const probes: Record<string, string> = {
        'unsigned, wrong name': unsigned(AN.idNumber, 'NGUYEN VAN BINH', AN.birthDate),
        'unsigned, wrong birth date': unsigned(AN.idNumber, 'NGUYEN VAN AN', '1990-05-02'),
        'unsigned, wrong QID': unsigned(AN.idNumber, 'NGUYEN VAN AN', AN.birthDate, '100000000000000001'),
        'unsigned, not registered': unsigned(UNREGISTERED, 'NGUYEN VAN AN', AN.birthDate),
        'CCCD, wrong name': FORGED_NAME,
        'CCCD, wrong birth date': cccd(AN.idNumber, AN.fullName, '02051990'),
        'bare ID, not registered': UNREGISTERED,
      };
      const shape = (res: LightMyRequestResponse) => ({
        status: res.statusCode,
        body: res.body,
        headers: Object.keys(res.headers)
          .filter((h) => !['date', 'content-length'].includes(h) && !h.startsWith('x-ratelimit'))
          .sort(),
      });
      for (const role of ['venue-staff', 'checkpoint-officer'] as const) {
        const token = await scanner(role);
        const answers = new Map<string, ReturnType<typeof shape>>();
        for (const [name, text] of Object.entries(probes))
          answers.set(name, shape(await scanWith(token, text)));
        const first = [...answers.values()][0]!;
        expect(JSON.parse(first.body), role).toEqual(UNIFORM);
        for (const [name, a] of answers) expect(a, `${role}: ${name}`).toEqual(first);
        // The venue staff's CCCD miss is that same refusal too (checkpoint officers get item 2's answer).
        if (role === 'venue-staff') {
          expect(shape(await scanWith(token, cccd(UNREGISTERED, 'A B', '01011990')))).toEqual(first);
        }
      }
      // The health officer sees the full identity anyway, and is told why.
      const health = await scanner('health-officer');
      expect((await scanWith(health, probes['unsigned, wrong birth date']!)).json()).toMatchObject({
        details: { field: 'birthDate' },
      });
      expect((await scanWith(health, probes['unsigned, wrong QID']!)).json()).toMatchObject({
        details: { field: 'qid' },
      });
      const miss = await scanWith(health, UNREGISTERED);
      expect([miss.statusCode, miss.json().code]).toEqual([404, 'SCAN_PERSON_NOT_FOUND']);
    });

    it('venue staff are shown the registry’s name for an unsigned 1405 code, not the folded text on it', async () => {
      const VAN = {
        idNumber: '001190054321',
        fullName: 'Hoàng Thị Thu Vân',
        birthDate: '1990-07-02',
        gender: 'female',
        provinceCode: '01',
      };
      await createPerson(t.store.db, VAN, t.clock.now);
      const vanQid = (await findPerson(t.store.db, VAN.idNumber))!.qid;
      const unsigned = `${VAN.idNumber}|HOANG THI THU VAN|${VAN.birthDate}|0|${vanQid}|<2`;
      const res = await scanWith(await scanner('venue-staff'), unsigned);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Hoàng T. T. Vân' });
      // The checkpoint view already shows the registry's name; both come from one record.
      const atCheckpoint = await scanWith(await scanner('checkpoint-officer'), unsigned);
      expect(atCheckpoint.json()).toMatchObject({ identity: { source: 'registry', fullName: VAN.fullName } });
    });

    it('4: bare-ID enumeration by one venue-staff client stops at its budget, and the throttle is audited once', async () => {
      const staff = await t.login({ role: 'venue-staff', name: 'enumerator' });
      const answered: number[] = [];
      const throttled: LightMyRequestResponse[] = [];
      for (let n = 0; n < 60; n++) {
        // Alternate a registered ID with unused numbers, as an enumeration does.
        const id = n % 3 === 0 ? AN.idNumber : `0010900${String(20000 + n).padStart(5, '0')}`;
        const res = await scanWith(staff.token, id);
        if (res.statusCode === 429) throttled.push(res);
        else answered.push(res.statusCode);
      }
      expect(answered).toHaveLength(20);
      expect(throttled).toHaveLength(40);
      expect(throttled[0]!.json()).toMatchObject({
        code: 'SCAN_LOOKUP_THROTTLED',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      expect(Number(throttled[0]!.headers['retry-after'])).toBeGreaterThan(0);
      // Typed CCCD and unsigned 1405 codes spend the same budget.
      expect((await scanWith(staff.token, GENUINE)).statusCode).toBe(429);
      expect(
        (await scanWith(staff.token, `${AN.idNumber}|NGUYEN VAN AN|${AN.birthDate}|0|${qid}|<1`)).statusCode,
      ).toBe(429);
      // A signed, valid QR is not a look-up: still answered.
      const ok = await scanWith(staff.token, signed);
      expect(ok.statusCode, ok.body).toBe(200);

      const rows = await t.store.db
        .selectFrom('audit_log')
        .select(['purpose', 'outcome', 'person_id'])
        .where('actor_client_id', '=', staff.clientId)
        .where('outcome', '=', 'refused')
        .execute();
      const throttleRows = rows.filter((r) => r.purpose.includes('SCAN_LOOKUP_THROTTLED'));
      expect(throttleRows).toEqual([
        {
          purpose: expect.stringContaining('scan (venue-staff): SCAN_LOOKUP_THROTTLED'),
          outcome: 'refused',
          person_id: null,
        },
      ]);
      // Refused look-ups before the throttle are audited one by one (the unused numbers); none after.
      expect(rows.length).toBe(1 + answered.filter((s) => s !== 200).length);

      // Another client is not affected; the next minute opens a new budget.
      expect((await scanWith(await scanner('venue-staff'), AN.idNumber)).statusCode).toBe(200);
      t.clock.now = new Date(T0.getTime() + 60_000);
      try {
        expect((await scanWith(staff.token, AN.idNumber)).statusCode).toBe(200);
      } finally {
        t.clock.now = T0;
      }
    });

    it('4: the budget holds across API nodes sharing the store, and under concurrent look-ups', async () => {
      const second = await buildApp({
        store: t.store,
        config: { rateLimitPerMinute: 10_000, tokenRateLimitPerMinute: 10_000 },
        clock: () => t.clock.now,
        logger: false,
      });
      try {
        const staff = await t.login({ role: 'venue-staff', name: 'two nodes' });
        const nodes = [t.app, second];
        const statuses = await Promise.all(
          Array.from({ length: 30 }, (_, n) =>
            nodes[n % 2]!.inject({
              method: 'POST',
              url: '/v1/scan',
              headers: bearer(staff.token),
              payload: { text: AN.idNumber },
            }).then((r) => r.statusCode),
          ),
        );
        expect(statuses.filter((s) => s === 200)).toHaveLength(20);
        expect(statuses.filter((s) => s === 429)).toHaveLength(10);
        const audited = await t.store.db
          .selectFrom('audit_log')
          .select('purpose')
          .where('actor_client_id', '=', staff.clientId)
          .where('outcome', '=', 'refused')
          .execute();
        expect(audited).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it('4: the budget is configurable per role, and from the environment', async () => {
      const strict = await buildTestApp(dialect, {
        lookupLimitPerMinute: { 'venue-staff': 2, 'checkpoint-officer': 3, 'health-officer': 0 },
      });
      try {
        await createPerson(strict.store.db, AN, strict.clock.now);
        const count = async (role: 'venue-staff' | 'checkpoint-officer' | 'health-officer') => {
          const token = await scanner(role, strict);
          let ok = 0;
          for (let n = 0; n < 5; n++)
            if ((await scanWith(token, AN.idNumber, strict)).statusCode === 200) ok++;
          return ok;
        };
        expect(await count('venue-staff')).toBe(2);
        expect(await count('checkpoint-officer')).toBe(3);
        expect(await count('health-officer')).toBe(5);
      } finally {
        await strict.close();
      }
      expect(loadConfig({}).lookupLimitPerMinute['venue-staff']).toBe(20);
      expect(
        loadConfig({ ONEQR_LOOKUP_LIMIT_VENUE_STAFF: '5', ONEQR_LOOKUP_LIMIT_HEALTH_OFFICER: '0' })
          .lookupLimitPerMinute,
      ).toMatchObject({ 'venue-staff': 5, 'health-officer': 0 });
      expect(() => loadConfig({ ONEQR_LOOKUP_LIMIT_CHECKPOINT_OFFICER: 'lots' })).toThrow(
        /ONEQR_LOOKUP_LIMIT_CHECKPOINT_OFFICER/,
      );
    });
  });
}
