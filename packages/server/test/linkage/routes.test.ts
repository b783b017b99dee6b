/** The linkage routes over HTTP (inject), with real tokens, on every engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { importRegistryCsv } from '../../src/registry/service.ts';
import { listAccessLog } from '../../src/access/service.ts';
import { DOSE_HEADER, writeFile } from './fixtures.ts';

const REGISTRY = [
  'id_number,full_name,birth_date,gender,phone,province_code,address',
  '079301012345,Trần Thị Lan,2001-05-06,female,0912345678,079,',
  '001093029318,Nguyễn Văn An,1993-03-04,male,,01,',
].join('\n');
const DOSES = [
  DOSE_HEADER,
  'a1,S1,079301012345,Trần Thị Lan,06/05/2001,female,,AZ,L1,2021-08-01,1',
  'a2,S1,,Nguyễn Văn An,1993-03-04,,,Pfizer,L2,2021-08-02,1',
  'a3,S1,,Lê Văn B,31/02/2021,,,AZ,,2021-08-02,1',
].join('\n');

for (const dialect of DIALECTS) {
  describe(`${dialect}: linkage routes`, () => {
    let t: TestApp;
    let officer: Record<string, string>;
    let staff: Record<string, string>;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await importRegistryCsv(t.store, writeFile(REGISTRY, 'registry.csv'), { now: t.clock.now });
      officer = bearer((await t.login({ role: 'health-officer', name: 'officer' })).token);
      staff = bearer((await t.login({ role: 'venue-staff', name: 'staff' })).token);
    });
    afterAll(async () => t?.close());

    it('takes a streamed upload for one site, row errors listed, idempotent; refuses other roles and sites', async () => {
      const post = (headers: Record<string, string>, site = 'S1', body = DOSES) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/vaccinations/imports?site=${site}`,
          headers: { ...headers, 'content-type': 'text/csv' },
          payload: body,
        });
      expect((await post(staff)).statusCode).toBe(403);
      const res = await post(officer);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        rows: 3,
        inserted: 2,
        rejected: 1,
        errors: [{ line: 4, field: 'birth_date' }],
      });
      expect((await post(officer)).json()).toMatchObject({ inserted: 0, unchanged: 2 });
      expect((await post(officer, 'S2')).json()).toMatchObject({ inserted: 0, rejected: 3 });
      const bad = await post(officer, 'S1', 'record_id,site\n');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'LINKAGE_UPLOAD_INVALID' });
    });

    it('serves the review queue, applies a decision (audited), reports and the linked history', async () => {
      const { runLinkage } = await import('../../src/linkage/service.ts');
      await runLinkage(t.store, { now: t.clock.now });
      expect(
        (await t.app.inject({ method: 'GET', url: '/v1/linkage/review', headers: staff })).statusCode,
      ).toBe(403);
      const queue = await t.app.inject({ method: 'GET', url: '/v1/linkage/review', headers: officer });
      expect(queue.statusCode, queue.body).toBe(200);
      const items = (queue.json() as { items: { recordId: string }[] }).items;
      expect(items.map((i) => i.recordId)).toEqual(['a2']);
      const accept = await t.app.inject({
        method: 'POST',
        url: '/v1/linkage/review/S1/a2',
        headers: officer,
        payload: { action: 'accept' },
      });
      expect(accept.statusCode, accept.body).toBe(200);
      expect(accept.json()).toMatchObject({ decision: 'linked', personId: '001093029318' });
      const report = await t.app.inject({ method: 'GET', url: '/v1/linkage/report', headers: officer });
      expect(report.json()).toMatchObject({
        byProvince: { '79': 1, '01': 1 },
        bySite: { S1: { linked: 2 } },
      });
      const doses = await t.app.inject({
        method: 'GET',
        url: '/v1/linkage/persons/001093029318/doses',
        headers: officer,
      });
      expect(doses.json()).toMatchObject({ doses: [{ recordId: 'a2', decidedBy: expect.any(String) }] });
      const log = await listAccessLog(t.store.db, '001093029318');
      expect(log.map((e) => e.route)).toEqual(
        expect.arrayContaining(['/v1/linkage/review/:site/:recordId', '/v1/linkage/persons/:personId/doses']),
      );
    });
  });
}
