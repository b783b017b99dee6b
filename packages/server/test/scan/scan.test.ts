/**
 * POST /v1/scan through the API: interoperability (each app issues, scanners of every other app
 * verify), answers by role, one audit record per disclosure, bad input refused with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createPerson, findPerson } from '../../src/registry/service.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { ensureDefaultRules, recordVaccination } from '../../src/health/service.ts';
import type { Role } from '../../src/access/roles.ts';

const APPS = [
  { id: 'pc-covid', name: 'PC-Covid' },
  { id: 'vneid', name: 'VNeID' },
  { id: 'health-book', name: 'Sổ sức khỏe điện tử' },
] as const;

// Three persons consistent with their ID numbers (province, century/gender, birth year).
const PERSONS = [
  {
    idNumber: '001090012345',
    fullName: 'Nguyễn Văn An',
    birthDate: '1990-05-01',
    gender: 'male',
    provinceCode: '01',
    phone: '0912345678',
    address: 'Hà Nội',
  },
  {
    idNumber: '079195054321',
    fullName: 'Trần Thị Bích Ngọc',
    birthDate: '1995-11-20',
    gender: 'female',
    provinceCode: '79',
    phone: '0987654321',
    address: 'TP Hồ Chí Minh',
  },
  {
    idNumber: '056088011111',
    fullName: 'Lê Đức Thịnh',
    birthDate: '1988-02-29',
    gender: 'male',
    provinceCode: '56',
    phone: null,
    address: 'Khánh Hòa',
  },
] as const;

const SCANNER_ROLES = ['venue-staff', 'checkpoint-officer', 'health-officer'] as const;

for (const dialect of DIALECTS) {
  describe(`${dialect}: scan`, () => {
    let t: TestApp;
    const issued: { app: string; person: (typeof PERSONS)[number]; payload: string }[] = [];
    const scanners: Record<string, Record<string, string>> = {};
    let citizenToken = '';

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      const now = t.clock.now;
      await ensureDefaultRules(t.store.db, now);
      for (const p of PERSONS) await createPerson(t.store.db, { ...p }, now);
      // Khánh Hòa person fully vaccinated long ago → green under Khánh Hòa's rules.
      await recordVaccination(
        t.store.db,
        {
          personId: '056088011111',
          vaccineCode: 'EU/1/21/1529',
          doseNumber: 1,
          administeredOn: '2021-08-01',
        } as never,
        now,
      );
      await recordVaccination(
        t.store.db,
        {
          personId: '056088011111',
          vaccineCode: 'EU/1/21/1529',
          doseNumber: 2,
          administeredOn: '2021-10-01',
        } as never,
        now,
      );
      for (const a of APPS)
        await createIssuer(t.store.db, { id: a.id, name: a.name, rights: ['personal'] }, now);
      for (const [i, a] of APPS.entries()) {
        const app = await t.login({ role: 'app', name: `${a.name} backend`, issuerId: a.id });
        const person = PERSONS[i]!;
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/credentials/personal',
          headers: bearer(app.token),
          payload: { idNumber: person.idNumber, fullName: person.fullName, birthDate: person.birthDate },
        });
        expect(res.statusCode, res.body).toBe(201);
        issued.push({ app: a.id, person, payload: (res.json() as { payload: string }).payload });
        scanners[a.id] = {};
        for (const role of SCANNER_ROLES) {
          scanners[a.id]![role] = (await t.login({ role, name: `${a.name} ${role}`, issuerId: a.id })).token;
        }
      }
      citizenToken = (await t.login({ role: 'citizen', name: 'Lê Đức Thịnh', personId: '056088011111' }))
        .token;
    });
    afterAll(async () => t?.close());

    const scan = (token: string, text: string) =>
      t.app.inject({ method: 'POST', url: '/v1/scan', headers: bearer(token), payload: { text } });

    const auditCount = async (outcome?: string) => {
      let q = t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
      if (outcome) q = q.where('outcome', '=', outcome);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };

    it('3×3: a QR issued by each app is verified by the scanners of every app', async () => {
      for (const code of issued) {
        for (const reader of APPS) {
          const res = await scan(scanners[reader.id]!['health-officer']!, code.payload);
          expect(res.statusCode, `${reader.id} reading ${code.app}: ${res.body}`).toBe(200);
          const body = res.json() as {
            signature: { state: string; issuer: string };
            identity: { source: string; documentNumber: string };
          };
          expect(body.signature).toEqual({ state: 'valid', issuer: code.app });
          expect(body.identity.source).toBe('signature');
          expect(body.identity.documentNumber).toBe(code.person.idNumber);
        }
      }
    });

    it('CCCD card QR and the bare 12-digit ID are resolved through the registry by every app', async () => {
      const p = PERSONS[1];
      const cccd = `${p.idNumber}||${p.fullName}|20111995|Nữ|${p.address}|01022021`;
      for (const reader of APPS) {
        for (const text of [cccd, p.idNumber, `${p.idNumber}\r`]) {
          const res = await scan(scanners[reader.id]!['checkpoint-officer']!, text);
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json() as { identity: { source: string; confirmed: boolean; fullName: string } };
          expect(body.identity).toMatchObject({ confirmed: true, source: 'registry', fullName: p.fullName });
        }
      }
    });

    it('venue staff get nothing beyond the masked name and the colour', async () => {
      const khanhHoa = issued[2]!;
      const res = await scan(scanners['vneid']!['venue-staff']!, khanhHoa.payload);
      expect(res.statusCode).toBe(200);
      const body = res.json() as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['colour', 'name']);
      expect(body.name).toBe('LE D. THINH');
      expect(body.colour).toBe('green');
      // The bare ID resolves through the registry; staff still see only the masked name.
      const byId = (await scan(scanners['pc-covid']!['venue-staff']!, PERSONS[0].idNumber)).json() as Record<
        string,
        unknown
      >;
      expect(Object.keys(byId).sort()).toEqual(['colour', 'name']);
      expect(byId.name).toBe('Nguyễn V. An');
    });

    it('checkpoint officers get the confirmed identity, colour and declaration validity — not health history', async () => {
      const res = await scan(scanners['health-book']!['checkpoint-officer']!, issued[0]!.payload);
      const body = res.json() as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['colour', 'declaration', 'identity', 'kind']);
      expect(body.identity).toEqual({
        confirmed: true,
        source: 'signature',
        fullName: 'NGUYEN VAN AN',
        birthDate: '1990-05-01',
        documentNumber: '******012345',
      });
      expect(body.declaration).toEqual({ state: 'none' });
    });

    it('health officers get full identity and vaccination history with the deciding rule', async () => {
      const res = await scan(scanners['pc-covid']!['health-officer']!, issued[2]!.payload);
      const body = res.json() as {
        colour: string;
        colourRule: { province: string | null };
        vaccinations: unknown[];
        identity: Record<string, unknown>;
      };
      expect(body.colour).toBe('green');
      expect(body.colourRule.province).toBe('56');
      expect(body.vaccinations).toHaveLength(2);
      expect(body.identity).toMatchObject({
        documentNumber: '056088011111',
        qid: expect.stringMatching(/^\d{18}$/),
        inRegistry: true,
      });
    });

    it('each disclosure writes exactly one audit record, and the citizen sees who read their data', async () => {
      const before = await auditCount('disclosed');
      const res = await scan(scanners['vneid']!['checkpoint-officer']!, issued[2]!.payload);
      expect(res.statusCode).toBe(200);
      expect(await auditCount('disclosed')).toBe(before + 1);
      const log = await t.app.inject({
        method: 'GET',
        url: '/v1/me/access-log',
        headers: bearer(citizenToken),
      });
      expect(log.statusCode).toBe(200);
      const entries = (
        log.json() as { entries: { actor: { name: string; role: Role }; route: string; fields: string[] }[] }
      ).entries;
      const mine = entries.filter(
        (e) =>
          e.route === '/v1/scan' &&
          e.actor.role === 'checkpoint-officer' &&
          e.actor.name === 'VNeID checkpoint-officer',
      );
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine[0]!.fields).toContain('identity.fullName');
    });

    it('roles without scanning rights are refused, disclose nothing, and are logged as refused', async () => {
      const before = { refused: await auditCount('refused'), disclosed: await auditCount('disclosed') };
      const res = await scan(citizenToken, issued[0]!.payload);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('NGUYEN');
      expect(await auditCount('refused')).toBe(before.refused + 1);
      expect(await auditCount('disclosed')).toBe(before.disclosed);
      const anon = await t.app.inject({
        method: 'POST',
        url: '/v1/scan',
        payload: { text: issued[0]!.payload },
      });
      expect(anon.statusCode).toBe(401);
    });

    it('forged, truncated, unknown and hostile texts get 4xx with a code and disclose nothing', async () => {
      const token = scanners['pc-covid']!['health-officer']!;
      const good = issued[0]!.payload;
      const disclosed = await auditCount('disclosed');
      const cases: [string, number, string][] = [
        [good.replace('NGUYEN VAN AN', 'NGUYEN VAN AM'), 422, 'SCAN_SIGNATURE_INVALID'],
        [good.slice(0, -10), 422, 'SCAN_SIGNATURE_INVALID'],
        ['hello world', 422, 'SCAN_UNREADABLE'],
        ["001090012345' OR '1'='1", 422, 'SCAN_UNREADABLE'],
        ['001090099999', 404, 'SCAN_PERSON_NOT_FOUND'],
        ['999999999999', 422, 'SCAN_UNREADABLE'],
      ];
      for (const [text, status, code] of cases) {
        const res = await scan(token, text);
        expect(res.statusCode, text).toBe(status);
        expect((res.json() as { code: string }).code, text).toBe(code);
      }
      expect(await auditCount('disclosed')).toBe(disclosed);
      const tooLong = await scan(token, 'x'.repeat(9000));
      expect(tooLong.statusCode).toBe(400);
      expect((tooLong.json() as { code: string }).code).toBe('REQUEST_INVALID');
      const extra = await t.app.inject({
        method: 'POST',
        url: '/v1/scan',
        headers: bearer(token),
        payload: { text: good, more: 1 },
      });
      expect(extra.statusCode).toBe(400);
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });

    it('each refused scan writes exactly one refused record, seen by the person the code names', async () => {
      const token = scanners['vneid']!['checkpoint-officer']!;
      const p = PERSONS[2];
      const qid = (await findPerson(t.store.db, p.idNumber))!.qid;
      // [text, code answered, reason the audit keeps, person named]
      const cases: [string, string, string, string | null][] = [
        [
          `${p.idNumber}|LE DUC THINH|1988-03-01|0|${qid}|<1`,
          'SCAN_IDENTITY_UNCONFIRMED',
          'SCAN_IDENTITY_UNCONFIRMED (birthDate)',
          p.idNumber,
        ],
        [
          issued[2]!.payload.replace('LE DUC THINH', 'LE DUC THANH'),
          'SCAN_SIGNATURE_INVALID',
          'SCAN_SIGNATURE_INVALID',
          p.idNumber,
        ],
        [
          '001090099999',
          'SCAN_IDENTITY_UNCONFIRMED',
          'SCAN_IDENTITY_UNCONFIRMED (not-found)',
          '001090099999',
        ],
        ['hello world', 'SCAN_UNREADABLE', 'SCAN_UNREADABLE', null],
      ];
      const refusedIds = async () =>
        (
          await t.store.db.selectFrom('audit_log').select('id').where('outcome', '=', 'refused').execute()
        ).map((row) => row.id);
      for (const [text, code, audited, personId] of cases) {
        const before = { refused: await refusedIds(), disclosed: await auditCount('disclosed') };
        const res = await scan(token, text);
        expect((res.json() as { code: string }).code, text).toBe(code);
        // Ids sort by time then randomness, and the test clock stands still: find the new one by set difference.
        const added = (await refusedIds()).filter((id) => !before.refused.includes(id));
        expect(added, text).toHaveLength(1);
        expect(await auditCount('disclosed'), text).toBe(before.disclosed);
        const record = await t.store.db
          .selectFrom('audit_log')
          .selectAll()
          .where('id', '=', added[0]!)
          .executeTakeFirstOrThrow();
        expect(record, text).toMatchObject({
          person_id: personId,
          fields: '[]',
          route: '/v1/scan',
          purpose: `scan (checkpoint-officer): ${audited}`,
        });
      }
      const log = await t.app.inject({
        method: 'GET',
        url: '/v1/me/access-log',
        headers: bearer(citizenToken),
      });
      const entries = (log.json() as { entries: { outcome: string; purpose: string }[] }).entries;
      const refused = entries.filter((e) => e.outcome === 'refused').map((e) => e.purpose);
      expect(refused.sort()).toEqual([
        'scan (checkpoint-officer): SCAN_IDENTITY_UNCONFIRMED (birthDate)',
        'scan (checkpoint-officer): SCAN_SIGNATURE_INVALID',
      ]);
    });

    it('an unsigned 1405 code is confirmed through the registry and says so', async () => {
      const p = PERSONS[0];
      const qid = (await findPerson(t.store.db, p.idNumber))!.qid;
      const unsigned = `${p.idNumber}|NGUYEN VAN AN|1990-05-01|0|${qid}|<1`;
      const res = await scan(scanners['vneid']!['checkpoint-officer']!, unsigned);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { identity: { source: string } }).identity.source).toBe('registry');
      const forged = `${p.idNumber}|NGUYEN VAN BINH|1990-05-01|0|${qid}|<1`;
      // Only the health officer, who sees the full identity anyway, learns which field differs.
      const wrong = await scan(scanners['vneid']!['checkpoint-officer']!, forged);
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toEqual({
        code: 'SCAN_IDENTITY_UNCONFIRMED',
        message: 'The registry does not confirm the identity on the code',
      });
      const precise = await scan(scanners['vneid']!['health-officer']!, forged);
      expect(precise.json()).toMatchObject({
        code: 'SCAN_IDENTITY_UNCONFIRMED',
        details: { field: 'fullName' },
      });
    });
  });
}
