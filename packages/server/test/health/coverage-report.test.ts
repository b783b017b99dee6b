/**
 * GET /v1/health/report/coverage (the authority console's chart): per birth province of the ID
 * number, persons registered, with a dose, with a complete primary series. Counts only; a person
 * with two doses counts once; other roles are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenId } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { recordVaccination } from '../../src/health/service.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: vaccination coverage by province`, () => {
    let t: TestApp;
    let officer = '';
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      const now = t.clock.now;
      const persons = [
        makeCitizenId('056', 1985, 'male', '000001'), // two doses: complete
        makeCitizenId('056', 1990, 'female', '000002'), // one dose
        makeCitizenId('056', 1970, 'male', '000003'), // none
        makeCitizenId('001', 1980, 'female', '000004'), // Janssen: complete with one
      ];
      for (const [i, id] of persons.entries())
        await createPerson(
          t.store.db,
          {
            idNumber: id,
            fullName: `Người Số ${'ABCD'[i]}`,
            birthDate: '1980-01-01',
            gender: i % 2 ? 'female' : 'male',
          },
          now,
        );
      const dose = (personId: string, vaccineCode: string, doseNumber: number, administeredOn: string) =>
        recordVaccination(t.store.db, { personId, vaccineCode, doseNumber, administeredOn }, now);
      await dose(persons[0]!, 'EU/1/21/1529', 1, '2024-10-01');
      await dose(persons[0]!, 'EU/1/21/1529', 2, '2024-11-01');
      await dose(persons[1]!, 'EU/1/21/1529', 1, '2024-11-01');
      await dose(persons[3]!, 'EU/1/20/1525', 1, '2024-11-01');
      officer = (await t.login({ role: 'health-officer', name: 'CDC' })).token;
    });
    afterAll(async () => t?.close());

    it('counts registered, vaccinated and complete persons per province', async () => {
      const res = await t.app.inject({ url: '/v1/health/report/coverage', headers: bearer(officer) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        provinces: [
          { provinceCode: '01', registered: 1, vaccinated: 1, complete: 1 },
          { provinceCode: '56', registered: 3, vaccinated: 2, complete: 1 },
        ],
      });
      expect(res.body).not.toMatch(/\d{12}/);
    });

    it('refuses venue staff', async () => {
      const staff = (await t.login({ role: 'venue-staff', name: 'staff' })).token;
      const res = await t.app.inject({ url: '/v1/health/report/coverage', headers: bearer(staff) });
      expect(res.statusCode).toBe(403);
    });
  });
}
