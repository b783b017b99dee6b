import { describe, expect, it } from 'vitest';
import { DIALECTS, countRows, storePerTest } from '../helpers.ts';
import { DoseImportError, importDoseFile } from '../../src/linkage/dose-import.ts';
import { DOSE_HEADER, NOW, writeFile } from './fixtures.ts';

const GOOD = [
  'r1,HCM-01,079301012345,Trần Thị Lan,2001-05-06,female,0912345678,AZ,AB123,2021-08-01,1',
  'r2,HCM-01,079301012345,Tran Thi Lan,06/05/2001,Nữ,,Pfizer,FK0001,15/09/2021,2',
  'r3,HCM-01,,Nguyễn Văn An,,,,EU/1/20/1507,,2021-10-01,1',
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: dose-record import`, () => {
    const t = storePerTest(dialect);
    const count = () => countRows(t.store.db, 'dose_records');

    it('imports CSV rows, maps vaccine names and reads both date spellings', async () => {
      const r = await importDoseFile(t.store, writeFile([DOSE_HEADER, ...GOOD].join('\r\n')), { now: NOW });
      expect(r).toMatchObject({ rows: 3, inserted: 3, unchanged: 0, rejected: 0, errors: [] });
      const rows = await t.store.db.selectFrom('dose_records').selectAll().orderBy('record_id').execute();
      expect(
        rows.map((x) => [x.record_id, x.vaccine_code, x.birth_date, x.vaccination_date, x.gender]),
      ).toEqual([
        ['r1', 'EU/1/21/1529', '2001-05-06', '2021-08-01', 'female'],
        ['r2', 'EU/1/20/1528', '2001-05-06', '2021-09-15', 'female'],
        ['r3', 'EU/1/20/1507', null, '2021-10-01', null],
      ]);
      expect(rows[1]?.name_folded).toBe('TRAN THI LAN');
    });

    it('reports a malformed file row by row and still imports the good rows', async () => {
      const latin1 = Buffer.from('r9,HCM-01,,Tr\xe2n Th\xec Lan,,,,AZ,,2021-08-01,1', 'latin1');
      const huge = `r10,HCM-01,,${'A'.repeat(10 * 1024 * 1024)},,,,AZ,,2021-08-01,1`;
      const text = [
        DOSE_HEADER, // 1
        GOOD[0], // 2
        'r4,HCM-01,,Lê Văn B,31/02/2021,male,,AZ,,2021-08-01,1', // 3 no such birth date
        'r5,HCM-01,,Lê Văn C,,male,,AZ,,31/02/2021,1', // 4 no such vaccination date
        'r6,HCM-01,too,few', // 5 wrong column count
        'r7,HCM-01,,Lê Văn D,,male,,Coronavac,,2021-08-01,0', // 6 unknown vaccine, dose 0
        'r8,HCM-01,,Lê Văn E,,male,,AZ,,2031-08-01,1', // 7 future
        'r8b,HCM-01,,Lê Văn F,,male,,AZ,,0000-01-01,1', // 8 before 1900
      ].join('\n');
      const file = writeFile(
        Buffer.concat([Buffer.from(text + '\n'), latin1, Buffer.from('\n' + huge + '\n' + GOOD[1] + '\n')]),
      );
      const r = await importDoseFile(t.store, file, { now: NOW });
      expect(r).toMatchObject({ rows: 10, inserted: 2, rejected: 8 });
      expect(r.errors.map((e) => [e.line, e.field, e.code])).toEqual([
        [3, 'birth_date', 'DOSE_BIRTH_DATE_INVALID'],
        [4, 'vaccination_date', 'DOSE_DATE_INVALID'],
        [5, 'row', 'REGISTRY_CSV_FIELD_COUNT'],
        [6, 'vaccine', 'DOSE_VACCINE_UNKNOWN'],
        [6, 'dose_number', 'DOSE_NUMBER_INVALID'],
        [7, 'vaccination_date', 'DOSE_DATE_FUTURE'],
        [8, 'vaccination_date', 'DOSE_DATE_INVALID'],
        [9, 'full_name', 'DOSE_ENCODING'],
        [10, 'row', 'REGISTRY_CSV_ROW_TOO_LONG'],
      ]);
      expect(r.errors[0]?.message).toContain('31/02/2021');
      expect(await count()).toBe(2);
    });

    it('reads JSON lines, with bad lines reported and a 10 MB line cut', async () => {
      const line = (o: object) => JSON.stringify(o);
      const base = {
        site: 'HN-02',
        id_number: '001093029317',
        full_name: 'Nguyễn Lê Khả Hân',
        vaccine: 'Sinopharm',
        vaccination_date: '2021-07-01',
      };
      const text = [
        line({ ...base, record_id: 'j1', dose_number: 1 }),
        '{not json',
        line({ ...base, record_id: 'j2', dose_number: '2', birth_date: '18/01/1993' }),
        line({ ...base, record_id: 'j3', dose_number: 1, note: 'x'.repeat(10 * 1024 * 1024) }),
        line({ ...base, record_id: 'j4', dose_number: [1] }),
      ].join('\n');
      const r = await importDoseFile(t.store, writeFile(text, 'doses.jsonl'), { now: NOW });
      expect(r).toMatchObject({ rows: 5, inserted: 2, rejected: 3 });
      expect(r.errors.map((e) => [e.line, e.code])).toEqual([
        [2, 'DOSE_JSON_INVALID'],
        [4, 'REGISTRY_CSV_ROW_TOO_LONG'],
        [5, 'DOSE_JSON_INVALID'],
      ]);
    });

    it('is idempotent by (site, record_id) and completes an interrupted import exactly once', async () => {
      const rows = Array.from(
        { length: 50 },
        (_, i) => `x${i},S,,Lê Văn ${String.fromCharCode(65 + (i % 26))},,,,AZ,,2021-08-01,1`,
      );
      const file = writeFile([DOSE_HEADER, ...rows, 'x3,S,,Lê Văn Z,,,,AZ,,2021-08-01,2'].join('\n'));
      let batches = 0;
      await expect(
        importDoseFile(t.store, file, {
          now: NOW,
          batchSize: 7,
          onProgress: () => {
            if (++batches === 3) throw new Error('killed');
          },
        }),
      ).rejects.toThrow('killed');
      expect(await count()).toBe(21);
      const again = await importDoseFile(t.store, file, { now: NOW, batchSize: 7 });
      expect(again).toMatchObject({ rows: 51, inserted: 29, unchanged: 22, rejected: 0 });
      expect(await count()).toBe(50);
      const third = await importDoseFile(t.store, file, { now: NOW });
      expect(third).toMatchObject({ inserted: 0, unchanged: 50, rejected: 1 });
      expect(third.errors).toEqual([expect.objectContaining({ line: 52, code: 'DOSE_DUPLICATE' })]);
    });

    it('refuses before any write a header without the required columns, and an empty file', async () => {
      await expect(
        importDoseFile(t.store, writeFile('record_id,site\nr1,S\n'), { now: NOW }),
      ).rejects.toMatchObject({
        code: 'DOSE_HEADER_MISSING',
      });
      await expect(importDoseFile(t.store, writeFile(''), { now: NOW })).rejects.toBeInstanceOf(
        DoseImportError,
      );
      expect(await count()).toBe(0);
    });
  });
}
