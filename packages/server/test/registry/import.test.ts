import { describe, expect, it } from 'vitest';
import { DIALECTS, countRows, storePerTest } from '../helpers.ts';
import { importRegistryCsv, RegistryImportError } from '../../src/registry/import.ts';
import { findPerson } from '../../src/registry/service.ts';
import { CMND, HAN, HEADER, LAN, writeCsv } from './fixtures.ts';

const NOW = new Date('2025-03-01T08:00:00.000Z');

const MIXED = [
  HEADER,
  HAN, // 2
  LAN, // 3
  CMND, // 4
  '099093029318,Lê Văn A,1993-02-02,male,,01,', // 5 unknown province
  '12345,Lê Văn B,1993-02-02,male,,01,', // 6 bad shape
  '001093000001,Lê Văn C,1993-02-30,male,,01,', // 7 no such date
  '001093000002,Lê Văn D,1993-02-03,nam,0912,99,', // 8 three bad fields
  '001093000003,,1993-02-03,male,,,', // 9 empty name
  '001193000005,Lê Thị F,1987-01-18,female,,,', // 10 ID says 1993: warning, imported
  '001093000006,too,few', // 11 too few fields
  '001093000008,"  Ngô  Va\u0300n   H ",1993-03-03,male,,,', // 12 spacing + NFD, normalised
  '001093000009,"Hồ ""Gà""",1993-03-03,male,,,', // 13 quote in a name
  '001299000010,Lê Văn Z,2099-01-01,male,,,', // 14 birth year in the future (ID and date)
].join('\r\n');

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry import`, () => {
    const t = storePerTest(dialect);
    const count = () => countRows(t.store.db, 'registry_persons');

    it('imports good rows and lists bad ones by line, field and code', async () => {
      const r = await importRegistryCsv(t.store, writeCsv(MIXED), { now: NOW, batchSize: 3 });
      expect(r).toMatchObject({ rows: 13, inserted: 5, updated: 0, unchanged: 0, rejected: 8, warnings: 1 });
      const brief = r.errors.map((e) => [e.line, e.field, e.code]);
      expect(brief).toEqual([
        [5, 'id_number', 'CITIZEN_ID_PROVINCE_UNKNOWN'],
        [6, 'id_number', 'CITIZEN_ID_FORMAT'],
        [7, 'birth_date', 'REGISTRY_BIRTH_DATE_INVALID'],
        [8, 'gender', 'REGISTRY_GENDER_INVALID'],
        [8, 'phone', 'REGISTRY_PHONE_FORMAT'],
        [8, 'province_code', 'REGISTRY_PROVINCE_UNKNOWN'],
        [9, 'full_name', 'REGISTRY_NAME_EMPTY'],
        [11, 'row', 'REGISTRY_CSV_FIELD_COUNT'],
        [13, 'full_name', 'REGISTRY_NAME_CHARACTERS'],
        [14, 'id_number', 'CITIZEN_ID_BIRTH_YEAR_FUTURE'],
        [14, 'birth_date', 'REGISTRY_BIRTH_DATE_FUTURE'],
      ]);
      for (const e of r.errors) expect(e.message.length).toBeGreaterThan(5);
      expect(await count()).toBe(5);

      const han = await findPerson(t.store.db, '001093029317');
      expect(han).toMatchObject({
        documentType: 'citizen-id',
        fullName: 'Nguyễn Lê Khả Hân',
        birthDate: '1993-01-18',
        gender: 'male',
        phone: '0944713700',
        provinceCode: '01',
        address: 'Số 12, Phường Phúc Xá, Hà Nội',
        declarerQid: null,
      });
      expect(han?.qid).toMatch(/^[1-9]\d{17}$/);
      expect(await findPerson(t.store.db, '079301012345')).toMatchObject({ phone: null, address: null });
      expect(await findPerson(t.store.db, '123456789')).toMatchObject({ documentType: 'cmnd' });
      expect((await findPerson(t.store.db, '001093000008'))?.fullName).toBe('Ngô Vàn H');
      expect(await findPerson(t.store.db, '001193000005')).toMatchObject({ birthDate: '1987-01-18' });
    });

    it('reads a province code in both spellings (79 and 079) and stores the two-digit one', async () => {
      const csv = [
        HEADER,
        '079301012345,Trần Thị Lan,2001-05-06,female,,079,',
        '001093000011,Lê Văn K,1993-02-02,male,,01,',
        '001093000012,Lê Văn M,1993-02-02,male,,001,',
        '001093000013,Lê Văn N,1993-02-02,male,,0790,', // four digits: refused
        '001093000014,Lê Văn P,1993-02-02,male,,099,', // no such province
      ].join('\n');
      const r = await importRegistryCsv(t.store, writeCsv(csv), { now: NOW });
      expect(r).toMatchObject({ inserted: 3, rejected: 2 });
      expect(r.errors.map((e) => [e.line, e.field, e.code])).toEqual([
        [5, 'province_code', 'REGISTRY_PROVINCE_UNKNOWN'],
        [6, 'province_code', 'REGISTRY_PROVINCE_UNKNOWN'],
      ]);
      expect((await findPerson(t.store.db, '079301012345'))?.provinceCode).toBe('79');
      expect((await findPerson(t.store.db, '001093000011'))?.provinceCode).toBe('01');
      expect((await findPerson(t.store.db, '001093000012'))?.provinceCode).toBe('01');
    });

    it('is idempotent: a second run changes nothing and keeps every QID', async () => {
      const file = writeCsv(MIXED);
      await importRegistryCsv(t.store, file, { now: NOW });
      const before = await t.store.db
        .selectFrom('registry_persons')
        .selectAll()
        .orderBy('id_number')
        .execute();
      const qidsBefore = await t.store.db.selectFrom('registry_qids').select('qid').orderBy('qid').execute();
      const later = new Date(NOW.getTime() + 86_400_000);
      const r = await importRegistryCsv(t.store, file, { now: later });
      expect(r).toMatchObject({ rows: 13, inserted: 0, updated: 0, unchanged: 5, rejected: 8 });
      expect(
        await t.store.db.selectFrom('registry_persons').selectAll().orderBy('id_number').execute(),
      ).toEqual(before);
      expect(await t.store.db.selectFrom('registry_qids').select('qid').orderBy('qid').execute()).toEqual(
        qidsBefore,
      );
    });

    it('updates a changed row but keeps its QID and created_at', async () => {
      await importRegistryCsv(t.store, writeCsv(`${HEADER}\n${HAN}\n${LAN}\n`), { now: NOW });
      const han = await t.store.db
        .selectFrom('registry_persons')
        .selectAll()
        .where('id_number', '=', '001093029317')
        .executeTakeFirstOrThrow();
      const later = new Date(NOW.getTime() + 60_000);
      const moved = HAN.replace('0944713700', '0987654321').replace('"Số 12, Phường Phúc Xá, Hà Nội"', 'Huế');
      const r = await importRegistryCsv(t.store, writeCsv(`${HEADER}\n${moved}\n${LAN}\n`), { now: later });
      expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
      const after = await t.store.db
        .selectFrom('registry_persons')
        .selectAll()
        .where('id_number', '=', '001093029317')
        .executeTakeFirstOrThrow();
      expect(after).toMatchObject({
        phone: '0987654321',
        address: 'Huế',
        qid: han.qid,
        created_at: han.created_at,
      });
      expect(Number(after.updated_at)).toBe(later.getTime());
    });

    it('takes columns in any order, ignores extra ones, reads document_type, skips a BOM and blank lines', async () => {
      const text =
        '\uFEFFnote,address,province_code,phone,gender,birth_date,full_name,id_number,document_type\n' +
        'x,,,,female,1990-04-05,Đặng Thị Mai,B1234567,passport\n\n' +
        'y,"Thôn 3, Tỉnh Nam Định",36,0351234567,male,1975-09-02,"Vũ Văn Nam",036075000123,\n';
      const r = await importRegistryCsv(t.store, writeCsv(text), { now: NOW });
      expect(r).toMatchObject({ rows: 2, inserted: 2, rejected: 0 });
      expect(await findPerson(t.store.db, 'B1234567')).toMatchObject({
        documentType: 'passport',
        fullName: 'Đặng Thị Mai',
      });
      expect(await findPerson(t.store.db, '036075000123')).toMatchObject({
        address: 'Thôn 3, Tỉnh Nam Định',
        provinceCode: '36',
      });
    });

    it('refuses a repeated ID number within a batch, naming the first line', async () => {
      const r = await importRegistryCsv(
        t.store,
        writeCsv(`${HEADER}\n${HAN}\n${LAN}\n${HAN.replace('Hân', 'Hà')}\n`),
        { now: NOW },
      );
      expect(r).toMatchObject({ rows: 3, inserted: 2, rejected: 1 });
      expect(r.errors).toEqual([
        {
          line: 4,
          field: 'id_number',
          code: 'REGISTRY_ID_DUPLICATE',
          message: 'ID number already appears on line 2.',
        },
      ]);
      expect((await findPerson(t.store.db, '001093029317'))?.fullName).toBe('Nguyễn Lê Khả Hân');
    });

    it('fails before any write when a required column is missing, or the file is empty', async () => {
      const noPhone = `id_number,full_name,birth_date,gender,province_code,address\n001093029317,A,1993-01-18,male,01,\n`;
      await expect(importRegistryCsv(t.store, writeCsv(noPhone), { now: NOW })).rejects.toMatchObject({
        name: 'RegistryImportError',
        code: 'REGISTRY_CSV_HEADER_MISSING',
        message: expect.stringContaining('phone'),
      });
      await expect(importRegistryCsv(t.store, writeCsv(''), { now: NOW })).rejects.toBeInstanceOf(
        RegistryImportError,
      );
      await expect(
        importRegistryCsv(t.store, writeCsv(`${HEADER},phone\n`), { now: NOW }),
      ).rejects.toMatchObject({
        code: 'REGISTRY_CSV_HEADER_DUPLICATE',
      });
      expect(await count()).toBe(0);
    });

    it('reports progress with rows and bytes, ending at the file size', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 25; i++)
        lines.push(`0010930${String(i).padStart(5, '0')},Lê Văn Tám,1993-08-08,male,,,`);
      const file = writeCsv(lines.join('\n'));
      const calls: [number, number, number][] = [];
      const r = await importRegistryCsv(t.store, file, {
        now: NOW,
        batchSize: 10,
        onProgress: (...a) => calls.push(a),
      });
      expect(r.inserted).toBe(25);
      expect(calls.map((c) => c[0])).toEqual([10, 20, 25, 25]);
      const size = calls[0]?.[2] ?? 0;
      expect(calls.at(-1)).toEqual([25, size, size]);
    });
  });
}
