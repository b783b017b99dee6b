/**
 * Colour cards at fixed instants under the bundled rule sets (Khánh Hòa, HCMC, national default),
 * and rule versioning, on every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { createPerson } from '../../src/registry/service.ts';
import { makeCitizenId } from '@oneqr/qr';
import {
  addRuleVersion,
  ensureDefaultRules,
  evaluateColour,
  healthHistory,
  recordTest,
  recordVaccination,
  setCaseStatus,
} from '../../src/health/service.ts';
import { listRuleSets } from '../../src/health/rules.ts';
import type { HttpError } from '../../src/errors.ts';

const T0 = new Date('2022-01-15T03:00:00.000Z'); // 10:00 in Vietnam
const CREATED = new Date('2021-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const KH = '56';
const HCM = '79';
const HANOI = '01'; // no rule set of its own → national default

const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

for (const dialect of DIALECTS) {
  describe(`${dialect}: colour card`, () => {
    let store: TestStore;
    let serial = 0;

    /** A fresh registered person in Khánh Hòa. */
    const person = async (): Promise<string> => {
      serial += 1;
      const idNumber = makeCitizenId('056', 1990, 'female', String(serial).padStart(6, '0'));
      await createPerson(
        store.db,
        { idNumber, fullName: 'Nguyễn Thị Lan', birthDate: '1990-05-01', gender: 'female', provinceCode: KH },
        CREATED,
      );
      return idNumber;
    };
    const dose = (
      personId: string,
      administeredOn: string,
      doseNumber: number,
      vaccineCode = 'EU/1/21/1529',
    ) =>
      recordVaccination(
        store.db,
        { personId, vaccineCode, doseNumber, administeredOn, lot: 'AB1234', site: 'TYT Phường 1' },
        T0,
      );

    beforeAll(async () => {
      store = await createTestStore(dialect);
      await ensureDefaultRules(store.db, CREATED);
    });
    afterAll(async () => {
      await store.destroy();
    });

    it('2 doses, the second 14+ days ago → green, naming the rule set version and the clause', async () => {
      const p = await person();
      await dose(p, '2021-11-01', 1);
      await dose(p, '2021-12-31', 2);
      expect(await evaluateColour(store.db, p, KH, T0)).toEqual({
        colour: 'green',
        rule: { id: 'khanh-hoa', version: 1, province: KH, clause: 'full-series-14d' },
      });
    });

    it('second dose 13 days ago → yellow (first dose 14+ days ago); green once 14 days have passed', async () => {
      const p = await person();
      await dose(p, '2021-11-01', 1);
      await dose(p, '2022-01-02', 2);
      const now = await evaluateColour(store.db, p, KH, T0);
      expect(now.colour).toBe('yellow');
      expect(now.rule.clause).toBe('first-dose-14d');
      expect((await evaluateColour(store.db, p, KH, new Date('2022-01-16T00:00:00Z'))).colour).toBe('green');
    });

    it('dose dates are Vietnamese calendar days: 14 days end at midnight in Vietnam (UTC+7), not UTC', async () => {
      const p = await person();
      await dose(p, '2021-11-01', 1);
      await dose(p, '2022-01-02', 2);
      // 2022-01-16 00:00 in Vietnam is 2022-01-15 17:00 UTC.
      const midnightVn = new Date('2022-01-15T17:00:00.000Z');
      expect((await evaluateColour(store.db, p, KH, plus(midnightVn, -1))).colour).toBe('yellow');
      expect(await evaluateColour(store.db, p, KH, midnightVn)).toMatchObject({
        colour: 'green',
        rule: { clause: 'full-series-14d' },
      });
    });

    it('a dose given today in Vietnam counts before 07:00 (when the UTC date is still yesterday)', async () => {
      await addRuleVersion(
        store.db,
        '31',
        {
          name: 'any dose (test)',
          clauses: [
            { id: 'any-dose', colour: 'green', when: { var: 'vaccinations.0' } },
            { id: 'none', colour: 'red', when: true },
          ],
          validFrom: T0,
        },
        T0,
      );
      const p = await person();
      const earlyMorningVn = new Date('2022-01-15T18:00:00.000Z'); // 2022-01-16 01:00 in Vietnam
      await recordVaccination(
        store.db,
        { personId: p, vaccineCode: 'EU/1/21/1529', doseNumber: 1, administeredOn: '2022-01-16' },
        earlyMorningVn,
      );
      expect((await evaluateColour(store.db, p, '31', earlyMorningVn)).rule.clause).toBe('any-dose');
      expect((await evaluateColour(store.db, p, '31', plus(earlyMorningVn, -2 * HOUR))).rule.clause).toBe(
        'none',
      );
    });

    it('first dose only 13 days ago → red; the single Janssen dose 14+ days ago → green', async () => {
      const fresh = await person();
      await dose(fresh, '2022-01-02', 1);
      expect((await evaluateColour(store.db, fresh, KH, T0)).rule.clause).toBe('everyone-else');

      const janssen = await person();
      await dose(janssen, '2021-12-01', 1, 'EU/1/20/1525');
      const answer = await evaluateColour(store.db, janssen, KH, T0);
      expect(answer).toMatchObject({ colour: 'green', rule: { clause: 'full-series-14d' } });
      const [v] = (await healthHistory(store.db, janssen)).vaccinations;
      expect(v).toMatchObject({ totalDoses: 1, vaccineName: 'Jcovden (Janssen)' });
    });

    it('Abdala needs three doses for the full series', async () => {
      const p = await person();
      await dose(p, '2021-10-01', 1, 'Abdala');
      await dose(p, '2021-11-01', 2, 'Abdala');
      expect((await evaluateColour(store.db, p, KH, T0)).colour).toBe('yellow');
      await dose(p, '2021-12-01', 3, 'Abdala');
      expect((await evaluateColour(store.db, p, KH, T0)).colour).toBe('green');
    });

    it('recovered with a certificate: green within 180 days, not green on day 181', async () => {
      const p = await person();
      const cert = new Date('2021-10-10T00:00:00.000Z');
      await setCaseStatus(
        store.db,
        {
          personId: p,
          status: 'recovered',
          since: new Date('2021-09-25T00:00:00Z'),
          recoveredCertificateAt: cert,
        },
        T0,
      );
      const day180 = await evaluateColour(store.db, p, KH, plus(cert, 180 * DAY));
      expect(day180).toMatchObject({ colour: 'green', rule: { clause: 'recovered-180d' } });
      const day181 = await evaluateColour(store.db, p, KH, plus(cert, 181 * DAY));
      expect(day181).toMatchObject({ colour: 'red', rule: { clause: 'everyone-else' } });
    });

    it('negative PCR: yellow within 72 h (inclusive), red at 73 h; a rapid test does not count', async () => {
      const p = await person();
      const sampled = plus(T0, -72 * HOUR);
      await recordTest(
        store.db,
        { personId: p, testType: 'pcr', result: 'negative', sampledAt: sampled },
        T0,
      );
      expect(await evaluateColour(store.db, p, KH, plus(sampled, 10 * HOUR))).toMatchObject({
        colour: 'yellow',
        rule: { clause: 'negative-pcr-72h' },
      });
      expect((await evaluateColour(store.db, p, KH, T0)).colour).toBe('yellow');
      expect((await evaluateColour(store.db, p, KH, plus(sampled, 73 * HOUR))).colour).toBe('red');
      // Before the sample was taken, the test is not known.
      expect((await evaluateColour(store.db, p, KH, plus(sampled, -HOUR))).colour).toBe('red');

      const rapid = await person();
      await recordTest(
        store.db,
        { personId: rapid, testType: 'rapid-antigen', result: 'negative', sampledAt: plus(T0, -HOUR) },
        T0,
      );
      expect((await evaluateColour(store.db, rapid, KH, T0)).colour).toBe('red');
    });

    it('nothing recorded → red; an F0 is red even when fully vaccinated', async () => {
      const nobody = await person();
      expect(await evaluateColour(store.db, nobody, KH, T0)).toEqual({
        colour: 'red',
        rule: { id: 'khanh-hoa', version: 1, province: KH, clause: 'everyone-else' },
      });
      const f0 = await person();
      await dose(f0, '2021-10-01', 1);
      await dose(f0, '2021-11-01', 2);
      await setCaseStatus(store.db, { personId: f0, status: 'f0', since: plus(T0, -DAY) }, T0);
      expect((await evaluateColour(store.db, f0, KH, T0)).rule.clause).toBe('active-case');
      // Before the status took effect, the old colour stands.
      expect((await evaluateColour(store.db, f0, KH, plus(T0, -2 * DAY))).colour).toBe('green');
    });

    it('a province without a rule set falls back to the national default: default-green, red for F0', async () => {
      const p = await person();
      expect(await evaluateColour(store.db, p, HANOI, T0)).toEqual({
        colour: 'default-green',
        rule: { id: 'national-default', version: 1, province: null, clause: 'no-restriction' },
      });
      expect((await evaluateColour(store.db, p, null, T0)).colour).toBe('default-green');
      await setCaseStatus(store.db, { personId: p, status: 'f0' }, T0);
      expect(await evaluateColour(store.db, p, HANOI, T0)).toMatchObject({
        colour: 'red',
        rule: { id: 'national-default', clause: 'active-case' },
      });
    });

    it('HCMC: green also needs no close contact in the last 14 days', async () => {
      const p = await person();
      await dose(p, '2021-10-01', 1);
      await dose(p, '2021-11-01', 2);
      await setCaseStatus(store.db, { personId: p, status: 'f1', since: plus(T0, -5 * DAY) }, T0);
      expect(await evaluateColour(store.db, p, HCM, T0)).toMatchObject({
        colour: 'yellow',
        rule: { id: 'ho-chi-minh', clause: 'first-dose-14d' },
      });
      expect((await evaluateColour(store.db, p, KH, T0)).colour).toBe('green');
      expect((await evaluateColour(store.db, p, HCM, plus(T0, 9 * DAY))).rule.clause).toBe(
        'full-series-14d-no-contact',
      );
    });

    it('a new rule version takes effect from its validFrom only', async () => {
      const p = await person();
      await dose(p, '2021-10-01', 1);
      await dose(p, '2021-11-01', 2);
      const validFrom = plus(T0, DAY);
      const v2 = await addRuleVersion(
        store.db,
        KH,
        {
          name: 'Khánh Hòa: everyone yellow (test)',
          clauses: [{ id: 'all-yellow', colour: 'yellow', when: true }],
          validFrom,
        },
        T0,
      );
      expect(v2).toMatchObject({ id: 'khanh-hoa', version: 2, province: KH });
      expect(await evaluateColour(store.db, p, KH, plus(validFrom, -1))).toMatchObject({
        rule: { version: 1 },
        colour: 'green',
      });
      expect(await evaluateColour(store.db, p, KH, validFrom)).toEqual({
        colour: 'yellow',
        rule: { id: 'khanh-hoa', version: 2, province: KH, clause: 'all-yellow' },
      });
      // Scanners caching offline get the deciding version and the scheduled one.
      const cached = (await listRuleSets(store.db, T0))
        .filter((r) => r.id === 'khanh-hoa')
        .map((r) => r.version);
      expect(cached).toEqual([1, 2]);
      const later = (await listRuleSets(store.db, validFrom))
        .filter((r) => r.id === 'khanh-hoa')
        .map((r) => r.version);
      expect(later).toEqual([2]);
    });

    it('refuses invalid, backdated or id-mismatched rule versions', async () => {
      const add = (province: string | null, input: Parameters<typeof addRuleVersion>[2]) =>
        addRuleVersion(store.db, province, input, T0).then(
          () => 'stored',
          (err: HttpError) => err.code,
        );
      const ok = [{ id: 'x', colour: 'red', when: true }];
      expect(
        await add('30', {
          name: 'n',
          clauses: [{ id: 'x', colour: 'red', when: { or: [true] } }],
          validFrom: T0,
        }),
      ).toBe('HEALTH_RULE_INVALID');
      expect(
        await add('30', { name: 'n', clauses: [{ id: 'x', colour: 'blue', when: true }], validFrom: T0 }),
      ).toBe('HEALTH_RULE_INVALID');
      expect(
        await add('30', {
          name: 'n',
          clauses: [{ id: 'x', colour: 'red', when: { var: 'now' } }],
          validFrom: T0,
        }),
      ).toBe('HEALTH_RULE_INVALID');
      // Type error only found by the dry run: comparing a date string with `before`.
      const typeError = [
        { id: 'x', colour: 'red', when: { before: [{ var: 'now' }, { var: 'now' }] } },
        ...ok,
      ];
      expect(await add('30', { name: 'n', clauses: typeError, validFrom: T0 })).toBe('HEALTH_RULE_INVALID');
      expect(await add('30', { name: 'n', clauses: ok, validFrom: plus(T0, -DAY) })).toBe(
        'HEALTH_RULE_BACKDATED',
      );
      expect(await add(KH, { id: 'not-khanh-hoa', name: 'n', clauses: ok, validFrom: T0 })).toBe(
        'HEALTH_RULE_ID_MISMATCH',
      );
      expect(await add('30', { id: 'khanh-hoa', name: 'n', clauses: ok, validFrom: T0 })).toBe(
        'HEALTH_RULE_ID_MISMATCH',
      );
      expect(await add('30', { name: 'Hải Dương', clauses: ok, validFrom: T0 })).toBe('stored');
      expect((await evaluateColour(store.db, 'anyone', '30', T0)).rule).toMatchObject({
        id: 'province-30',
        version: 1,
      });
    });

    it('ensureDefaultRules is idempotent and keeps admin versions', async () => {
      await ensureDefaultRules(store.db, T0);
      await ensureDefaultRules(store.db, T0);
      const rows = await listRuleSets(store.db, new Date('2030-01-01T00:00:00Z'));
      expect(rows.filter((r) => r.id === 'national-default').map((r) => r.version)).toEqual([1]);
      expect(rows.filter((r) => r.id === 'khanh-hoa').map((r) => r.version)).toEqual([2]);
    });

    it('records refuse unknown persons, unknown vaccines and future dates', async () => {
      const p = await person();
      const code = (promise: Promise<unknown>) =>
        promise.then(
          () => 'stored',
          (err: HttpError) => err.code,
        );
      expect(await code(dose('000000000000', '2021-10-01', 1))).toBe('HEALTH_PERSON_NOT_FOUND');
      expect(await code(dose(p, '2021-10-01', 1, 'Covaxin'))).toBe('HEALTH_VACCINE_UNKNOWN');
      expect(await code(dose(p, '2021-02-30', 1))).toBe('HEALTH_DATE_INVALID');
      expect(await code(dose(p, '2022-01-16', 1))).toBe('HEALTH_DATE_IN_FUTURE');
      expect(await code(dose(p, '2021-10-01', 0))).toBe('HEALTH_DOSE_INVALID');
      expect(
        await code(
          recordTest(
            store.db,
            { personId: p, testType: 'pcr', result: 'negative', sampledAt: plus(T0, HOUR) },
            T0,
          ),
        ),
      ).toBe('HEALTH_DATE_IN_FUTURE');
      expect(
        await code(setCaseStatus(store.db, { personId: p, status: 'f1', recoveredCertificateAt: T0 }, T0)),
      ).toBe('HEALTH_CASE_INVALID');
      expect(await healthHistory(store.db, p)).toEqual({ vaccinations: [], tests: [], caseStatus: null });
    });
  });
}
