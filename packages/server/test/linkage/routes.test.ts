/** The linkage routes over HTTP (inject), with real tokens, on every engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { importRegistryCsv } from '../../src/registry/service.ts';
import { listAccessLog } from '../../src/access/service.ts';
import { importDoseFile, runLinkage } from '../../src/linkage/service.ts';
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

const LOOKUPS = 4;

for (const dialect of DIALECTS) {
  describe(`${dialect}: linkage routes`, () => {
    let t: TestApp;
    let officer: Record<string, string>;
    let staff: Record<string, string>;
    beforeAll(async () => {
      t = await buildTestApp(dialect, {
        lookupLimitPerMinute: { 'venue-staff': 0, 'checkpoint-officer': 0, 'health-officer': LOOKUPS },
      });
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
        importId: expect.any(String),
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
      await runLinkage(t.store, { now: t.clock.now });
      expect(
        (await t.app.inject({ method: 'GET', url: '/v1/linkage/review', headers: staff })).statusCode,
      ).toBe(403);
      const queue = await t.app.inject({ method: 'GET', url: '/v1/linkage/review', headers: officer });
      expect(queue.statusCode, queue.body).toBe(200);
      const items = (queue.json() as { items: { recordId: string }[] }).items;
      expect(items.map((i) => i.recordId)).toEqual(['a2']);
      // The queue shows candidates' ID numbers: each candidate shown is audited, for the citizen to see.
      const candidates = (queue.json() as { items: { candidates: { personId: string }[] }[] }).items[0]!
        .candidates;
      expect(candidates.map((c) => c.personId)).toContain('001093029318');
      for (const c of candidates)
        expect(
          (await listAccessLog(t.store.db, c.personId)).map((e) => [e.route, e.actor?.name]),
        ).toContainEqual(['/v1/linkage/review', 'officer']);
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

    it('a vaccination site uploads for its own site only and reads back only its own uploads', async () => {
      const site1 = bearer((await t.login({ role: 'vaccination-site', name: 'site 1', siteId: 'V1' })).token);
      const site2 = bearer((await t.login({ role: 'vaccination-site', name: 'site 2', siteId: 'V2' })).token);
      const rows = (site: string, ids: string[]) =>
        [DOSE_HEADER, ...ids.map((id) => `${id},${site},,Lê Văn B,,,,AZ,,2021-08-02,1`)].join('\n');
      const upload = (headers: Record<string, string>, site: string, body: string | Readable) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/vaccinations/imports?site=${site}`,
          headers: { ...headers, 'content-type': 'text/csv' },
          payload: body,
        });
      // Streamed in small pieces, as a site's client sends a large file.
      const stream = Readable.from(rows('V1', ['v1', 'v2', 'v3']).match(/[^]{1,7}/g) ?? []);
      const own = await upload(site1, 'V1', stream);
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ inserted: 3, rejected: 0 });
      const ownId = (own.json() as { importId: string }).importId;

      // Attack: another site's records, by query or inside the file.
      const other = await upload(site1, 'V2', rows('V2', ['w1']));
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ code: 'LINKAGE_SITE_FORBIDDEN' });
      const smuggled = await upload(
        site1,
        'V1',
        rows('V2', ['w2']) + '\nv4,V1,,Lê Văn C,,,,AZ,,2021-08-02,1',
      );
      expect(smuggled.json()).toMatchObject({
        inserted: 1,
        rejected: 1,
        errors: [{ line: 2, field: 'site', code: 'DOSE_KEY_INVALID' }],
      });
      const smuggledId = (smuggled.json() as { importId: string }).importId;
      expect(
        await t.store.db.selectFrom('dose_records').select('record_id').where('site', '=', 'V2').execute(),
      ).toEqual([]);

      // Its own results and errors, nothing of another site.
      const list = await t.app.inject({ method: 'GET', url: '/v1/vaccinations/imports', headers: site1 });
      expect(list.statusCode, list.body).toBe(200);
      const items = (list.json() as { items: { id: string; site: string; status: string }[] }).items;
      expect(items.map((i) => i.id).sort()).toEqual([ownId, smuggledId].sort());
      expect(items.every((i) => i.site === 'V1' && i.status === 'done')).toBe(true);
      const detail = await t.app.inject({
        method: 'GET',
        url: `/v1/vaccinations/imports/${smuggledId}`,
        headers: site1,
      });
      expect(detail.json()).toMatchObject({
        status: 'done',
        rows: 2,
        rejected: 1,
        errors: [{ line: 2, field: 'site', code: 'DOSE_KEY_INVALID' }],
      });
      for (const url of [`/v1/vaccinations/imports/${ownId}`, '/v1/vaccinations/imports?site=V1']) {
        const peek = await t.app.inject({ method: 'GET', url, headers: site2 });
        if (url.includes('?')) expect(peek.json()).toEqual({ items: [] });
        else expect(peek.json()).toMatchObject({ code: 'LINKAGE_IMPORT_NOT_FOUND' });
      }
      // The officer sees every site's uploads.
      const all = await t.app.inject({ method: 'GET', url: '/v1/vaccinations/imports', headers: officer });
      expect((all.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(
        expect.arrayContaining([ownId, smuggledId]),
      );
      // A failed upload is recorded as failed, with its file-level reason.
      const bad = await upload(site1, 'V1', 'record_id,site\n');
      expect(bad.json()).toMatchObject({ code: 'LINKAGE_UPLOAD_INVALID' });
      const failed = await t.app.inject({ method: 'GET', url: '/v1/vaccinations/imports', headers: site1 });
      expect(
        (failed.json() as { items: { status: string }[] }).items.filter((i) => i.status !== 'done'),
      ).toEqual([
        expect.objectContaining({
          status: 'failed',
          failure: expect.stringContaining('DOSE_HEADER_MISSING'),
        }),
      ]);

      // Nothing else: no person, no queue, no report, no review.
      for (const [method, url] of [
        ['GET', '/v1/linkage/review'],
        ['GET', '/v1/linkage/report'],
        ['GET', '/v1/linkage/persons/079301012345/doses'],
        ['GET', '/v1/registry/persons/079301012345'],
        ['GET', '/v1/health/persons/079301012345'],
        ['POST', '/v1/linkage/review/V1/v1'],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          headers: site1,
          payload: method === 'POST' ? { action: 'reject' } : undefined,
        });
        expect(res.statusCode, url).toBe(403);
      }
    });

    it('a correction spends the look-up budget, so review is no existence oracle for ID numbers', async () => {
      const prober = bearer((await t.login({ role: 'health-officer', name: 'prober' })).token);
      await importDoseFile(
        t.store,
        writeFile(`${DOSE_HEADER}\nz1,S9,,Lý Thị Mai,1999-01-01,female,,AZ,,2021-08-02,1`),
        {
          now: t.clock.now,
        },
      );
      await runLinkage(t.store, { now: t.clock.now });
      const correct = (personId: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/linkage/review/S9/z1',
          headers: prober,
          payload: { action: 'correct', personId },
        });
      const codes: string[] = [];
      for (let n = 0; n < LOOKUPS + 3; n++)
        codes.push((await correct(`0010930${String(40000 + n).padStart(5, '0')}`)).json().code as string);
      expect(codes.slice(0, LOOKUPS)).toEqual(Array(LOOKUPS).fill('LINKAGE_PERSON_NOT_FOUND'));
      expect(codes.slice(LOOKUPS)).toEqual(Array(3).fill('SCAN_LOOKUP_THROTTLED'));
      // A registered ID is refused the same way once over budget: nothing is learnt.
      const known = await correct('079301012345');
      expect(known.statusCode).toBe(429);
      expect(Number(known.headers['retry-after'])).toBeGreaterThan(0);
      // Accept and reject name no ID: they do not spend.
      const reject = await t.app.inject({
        method: 'POST',
        url: '/v1/linkage/review/S1/nope',
        headers: prober,
        payload: { action: 'reject' },
      });
      expect(reject.json()).toMatchObject({ code: 'LINKAGE_RECORD_NOT_FOUND' });
    });

    it('an upload route takes no JSON body: the unlimited stream limit is not a buffered JSON limit', async () => {
      // Attack: application/json on the upload route would be buffered whole under the
      // route's unlimited body limit (memory exhaustion), before the token is even checked.
      const big = JSON.stringify({ pad: 'x'.repeat(200 * 1024) });
      for (const [headers, code] of [
        [{}, 'ACCESS_TOKEN_MISSING'],
        [officer, 'REQUEST_UNSUPPORTED_MEDIA'],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/vaccinations/imports?site=S1',
          headers: { ...headers, 'content-type': 'application/json' },
          payload: big,
        });
        expect(res.json()).toMatchObject({ code });
      }
      const imports = await t.store.db
        .selectFrom('dose_imports')
        .select('id')
        .where('site', '=', 'S1')
        .execute();
      const before = imports.length;
      await t.app.inject({
        method: 'POST',
        url: '/v1/vaccinations/imports?site=S1',
        headers: { ...officer, 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(
        (await t.store.db.selectFrom('dose_imports').select('id').where('site', '=', 'S1').execute()).length,
      ).toBe(before);
    });
  });
}
