import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALECTS, storePerTest } from '../helpers.ts';
import { importRegistryCsv } from '../../src/registry/service.ts';
import { healthHistory } from '../../src/health/service.ts';
import {
  explainRecord,
  exportLinks,
  exportRows,
  importDoseFile,
  linkageReport,
  linkedHistory,
  listReviewQueue,
  reviewHistory,
  reviewRecord,
  runLinkage,
} from '../../src/linkage/service.ts';
import { DOSE_HEADER, NOW, writeFile } from './fixtures.ts';

const REGISTRY = [
  'id_number,full_name,birth_date,gender,phone,province_code,address',
  '079301012345,Trần Thị Lan,2001-05-06,female,0912345678,79,',
  '001093029317,Nguyễn Lê Khả Hân,1993-01-18,male,,01,',
  '001185004321,Phạm Thị Đào,1985-07-03,female,,01,',
  '048070001122,Đặng Văn Minh,1970-11-09,male,0987654321,48,',
  '001093029318,Nguyễn Văn An,1993-03-04,male,,01,',
].join('\n');

/** record_id → [typed fields, expected SPEC §7 check, expected decision, expected person]. */
const CASES: [string, string, string, string, string][] = [
  ['matched', '079301012345,TRAN THI LAN,06/05/2001,female,,AZ', 'matched', 'linked', '079301012345'],
  ['no-id', ',Trần Thị Lan,2001-05-06,Nữ,0912345678,AZ', 'no-id-number', 'linked', '079301012345'],
  [
    'bad-format',
    '07930101234,Trần Thị Lan,2001-05-06,female,,AZ',
    'wrong-id-format',
    'linked',
    '079301012345',
  ],
  ['digit', '079301012346,Tran Thi Lan,06/05/2001,female,,AZ', 'id-not-found', 'linked', '079301012345'],
  ['swap-digits', '079301013245,Trần Thị Lan,2001-05-06,,,AZ', 'id-not-found', 'linked', '079301012345'],
  [
    'middle-missing',
    '001185004321,Pham Dao,1985-07-03,female,,Pfizer',
    'name-mismatch',
    'linked',
    '001185004321',
  ],
  [
    'word-order',
    '001185004321,Đào Phạm Thị,1985-07-03,female,,Pfizer',
    'name-mismatch',
    'linked',
    '001185004321',
  ],
  [
    'dob-swap',
    '048070001122,Đặng Văn Minh,1970-09-11,male,,Vero Cell',
    'birth-date-mismatch',
    'linked',
    '048070001122',
  ],
  [
    'dob-year',
    '048070001122,Dang Van Minh,1971-11-09,male,,Vero Cell',
    'birth-date-mismatch',
    'linked',
    '048070001122',
  ],
  [
    'gender',
    '001093029317,Nguyễn Lê Khả Hân,1993-01-18,female,,Moderna',
    'gender-mismatch',
    'linked',
    '001093029317',
  ],
  ['review', ',Nguyễn Văn An,1993-03-04,,,Moderna', 'no-id-number', 'review', ''],
  ['stranger', ',Lý Thị Mai,1999-01-01,female,,AZ', 'no-id-number', 'unmatched', ''],
  ['not-found', '079301099999,Hoàng Văn Tùng,1980-02-02,male,,AZ', 'id-not-found', 'unmatched', ''],
  ['other-person', '001093029318,Trần Thị Lan,1960-01-01,female,,AZ', 'name-mismatch', 'unmatched', ''],
];

const doseCsv = (cases: typeof CASES) =>
  [
    DOSE_HEADER,
    ...cases.map(([id, f]) => {
      const [idNumber, name, dob, gender, phone, vaccine] = f.split(',');
      return `${id},S1,${idNumber},${name},${dob},${gender},${phone},${vaccine},LOT1,2021-09-01,1`;
    }),
  ].join('\n');

for (const dialect of DIALECTS) {
  describe(`${dialect}: linkage`, () => {
    const t = storePerTest(dialect, (store) =>
      importRegistryCsv(store, writeFile(REGISTRY, 'registry.csv'), { now: NOW }),
    );

    it('classifies every category of SPEC §7, links by similarity and queues the doubtful', async () => {
      const imported = await importDoseFile(t.store, writeFile(doseCsv(CASES)), { now: NOW });
      expect(imported.rejected).toBe(0);
      const before = [];
      for await (const r of exportRows(t.store.db)) before.push(r.category);
      expect(new Set(before)).toEqual(new Set(['not-yet-verified']));

      const run = await runLinkage(t.store, { now: NOW });
      expect(run.records).toBe(CASES.length);
      const got = new Map<string, { decision: string; check: string; idNumber: string; category: string }>();
      for await (const r of exportRows(t.store.db)) got.set(r.recordId, r);
      for (const [id, , check, decision, person] of CASES) {
        expect(got.get(id), id).toMatchObject({ check, decision, idNumber: person });
        const category = got.get(id)?.category;
        if (decision === 'linked')
          expect(category, id).toBe(check === 'matched' ? 'matched' : 'linked-by-similarity');
        if (decision === 'review') expect(category, id).toBe('needs-review');
        if (decision === 'unmatched') expect(category, id).toBe(check);
      }
      // A second run decides nothing again.
      expect((await runLinkage(t.store, { now: NOW })).records).toBe(0);
    });

    it('finds a candidate by phone alone when ID and birth date are missing and the name is mistyped', async () => {
      const only: typeof CASES = [['phone', ',Tran Thi Lam,,female,0912345678,AZ', 'no-id-number', '', '']];
      await importDoseFile(t.store, writeFile(doseCsv(only)), { now: NOW });
      await runLinkage(t.store, { now: NOW, applyToHealth: false });
      const [e] = await explainRecord(t.store.db, 'phone');
      expect(e?.check).toBe('no-id-number');
      expect(e?.candidates[0]).toMatchObject({
        personId: '079301012345',
        features: { phone: { value: 'same' }, birthDate: { value: 'missing' }, id: { value: null } },
      });
      expect(e?.decision).not.toBe('unmatched');
    });

    it('explains a decision: candidates, features, scores and the reason', async () => {
      await importDoseFile(t.store, writeFile(doseCsv(CASES)), { now: NOW });
      expect((await explainRecord(t.store.db, 'digit'))[0]).toMatchObject({ category: 'not-yet-verified' });
      await runLinkage(t.store, { now: NOW });
      const [digit] = await explainRecord(t.store.db, 'digit');
      expect(digit?.candidates[0]).toMatchObject({
        personId: '079301012345',
        features: { id: { value: 1 }, birthDate: { value: 'exact' }, province: { value: 'same' } },
      });
      expect(digit?.reason).toMatch(/score/);
      const [review] = await explainRecord(t.store.db, 'review');
      expect(review).toMatchObject({ decision: 'review', personId: '001093029318' });
      expect(review?.reason).toMatch(/Needs review/);
      expect(review?.candidates[0]?.features.name.value).toBe(1);
    });

    it('records linked doses as vaccinations of the health domain, once', async () => {
      await importDoseFile(t.store, writeFile(doseCsv(CASES)), { now: NOW });
      const run = await runLinkage(t.store, { now: NOW });
      expect(run.applied).toBe(run.byDecision.linked);
      const lan = await healthHistory(t.store.db, '079301012345');
      expect(lan.vaccinations).toHaveLength(5);
      expect(lan.vaccinations[0]).toMatchObject({
        vaccineCode: 'EU/1/21/1529',
        lot: 'LOT1',
        site: 'S1',
        doseNumber: 1,
      });
      await runLinkage(t.store, { now: NOW });
      expect((await healthHistory(t.store.db, '079301012345')).vaccinations).toHaveLength(5);
    });

    it('exports one row per record in the contract format', async () => {
      await importDoseFile(t.store, writeFile(doseCsv(CASES)), { now: NOW });
      await runLinkage(t.store, { now: NOW, applyToHealth: false });
      const out = writeFile('', 'export.csv');
      expect(await exportLinks(t.store.db, out)).toBe(CASES.length);
      const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('record_id,site,decision,id_number,score,category');
      expect(lines).toContain(
        lines.find(
          (l) => l.startsWith('digit,S1,linked,079301012345,') && l.endsWith(',linked-by-similarity'),
        ),
      );
      expect(lines.find((l) => l.startsWith('stranger,'))).toMatch(
        /^stranger,S1,unmatched,,[-\d.]*,no-id-number$/,
      );
    });

    it('review queue: list, accept, reject, correct — audited and applied to the record', async () => {
      const extra: typeof CASES = [
        ['review-2', ',Nguyễn Văn An,04/03/1993,male,,AZ', 'no-id-number', 'review', ''],
        ['review-3', ',Nguyễn Văn An,1993-03-04,,,Pfizer', 'no-id-number', 'review', ''],
      ];
      await importDoseFile(t.store, writeFile(doseCsv([...CASES, ...extra])), { now: NOW });
      await runLinkage(t.store, { now: NOW });
      const queue = await listReviewQueue(t.store.db);
      expect(queue.map((q) => q.recordId)).toEqual(['review', 'review-2', 'review-3']);
      expect(queue[0]?.candidates[0]?.personId).toBe('001093029318');
      expect(
        (await listReviewQueue(t.store.db, { after: { site: 'S1', recordId: 'review' }, limit: 1 })).map(
          (q) => q.recordId,
        ),
      ).toEqual(['review-2']);

      const accepted = await reviewRecord(
        t.store.db,
        { site: 'S1', recordId: 'review', action: 'accept', officer: 'officer-1' },
        NOW,
      );
      expect(accepted).toMatchObject({ decision: 'linked', personId: '001093029318' });
      expect(accepted.vaccinationId).toMatch(/^[0-9a-f-]{36}$/);
      await reviewRecord(
        t.store.db,
        { site: 'S1', recordId: 'review-2', action: 'reject', officer: 'officer-1', note: 'not him' },
        NOW,
      );
      const corrected = await reviewRecord(
        t.store.db,
        {
          site: 'S1',
          recordId: 'review-3',
          action: 'correct',
          personId: '001093029317',
          officer: 'officer-2',
        },
        NOW,
      );
      expect(corrected.personId).toBe('001093029317');
      expect((await listReviewQueue(t.store.db)).length).toBe(0);

      const rows = new Map<string, { decision: string; idNumber: string }>();
      for await (const r of exportRows(t.store.db)) rows.set(r.recordId, r);
      expect(rows.get('review')).toMatchObject({ decision: 'linked', idNumber: '001093029318' });
      expect(rows.get('review-2')).toMatchObject({ decision: 'unmatched', idNumber: '' });
      expect(rows.get('review-3')).toMatchObject({ decision: 'linked', idNumber: '001093029317' });
      expect(await reviewHistory(t.store.db, 'S1', 'review-2')).toEqual([
        expect.objectContaining({ action: 'reject', officer: 'officer-1', note: 'not him', personId: null }),
      ]);
      expect((await explainRecord(t.store.db, 'review'))[0]?.decidedBy).toBe('officer-1');
      expect((await healthHistory(t.store.db, '001093029318')).vaccinations).toHaveLength(1);

      // A dose recorded in the health domain cannot be moved; unknown persons and records are refused.
      await expect(
        reviewRecord(t.store.db, { site: 'S1', recordId: 'review', action: 'reject', officer: 'o' }, NOW),
      ).rejects.toMatchObject({ code: 'LINKAGE_ALREADY_APPLIED' });
      await expect(
        reviewRecord(
          t.store.db,
          { site: 'S1', recordId: 'review-2', action: 'correct', personId: '079301099999', officer: 'o' },
          NOW,
        ),
      ).rejects.toMatchObject({ code: 'LINKAGE_PERSON_NOT_FOUND' });
      await expect(
        reviewRecord(t.store.db, { site: 'S1', recordId: 'nope', action: 'accept', officer: 'o' }, NOW),
      ).rejects.toMatchObject({ code: 'LINKAGE_RECORD_NOT_FOUND' });
    });

    it("reports counts by category, province and site, and a person's linked history", async () => {
      await importDoseFile(t.store, writeFile(doseCsv(CASES)), { now: NOW });
      await importDoseFile(t.store, writeFile(`${DOSE_HEADER}\nlate,S2,,Lê Văn A,,,,AZ,,2021-08-01,1`), {
        now: NOW,
      });
      const before = await linkageReport(t.store.db);
      expect(before.byCategory).toEqual({ unmatched: { 'not-yet-verified': CASES.length + 1 } });
      await runLinkage(t.store, { now: NOW });
      const r = await linkageReport(t.store.db);
      expect(r.byCategory.linked).toEqual({ matched: 1, 'linked-by-similarity': 9 });
      expect(r.byCategory.review).toEqual({ 'needs-review': 1 });
      expect(r.byProvince).toEqual({ '79': 5, '01': 3, '48': 2 });
      expect(r.bySite).toEqual({ S1: { linked: 10, review: 1, unmatched: 3 }, S2: { unmatched: 1 } });
      const lan = await linkedHistory(t.store.db, '079301012345');
      expect(lan.map((d) => d.recordId).sort()).toEqual([
        'bad-format',
        'digit',
        'matched',
        'no-id',
        'swap-digits',
      ]);
      expect(lan.every((d) => d.vaccinationId !== null)).toBe(true);
    });
  });
}
