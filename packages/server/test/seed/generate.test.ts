import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore } from '../helpers.ts';
import { decodeCitizenId } from '@oneqr/qr';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import { generateRegistryCsv } from '../../src/seed/generate.ts';
import { importRegistryCsv } from '../../src/registry/import.ts';
import { seedPersons } from '../../src/seed/persons.ts';
import { findPerson } from '../../src/registry/service.ts';
import { PopulationGenerator } from '../../src/seed/population.ts';
import { PROVINCE_CODES_2 } from '../../src/registry/validate.ts';
import * as NAMES from '../../src/seed/names-data.ts';
import { CsvParser, type CsvRecord } from '../../src/registry/csv.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-gen-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2025-03-01T08:00:00.000Z');

function records(file: string): CsvRecord[] {
  const p = new CsvParser();
  const out: CsvRecord[] = [];
  p.push(fs.readFileSync(file, 'utf8'), out);
  p.end(out);
  return out;
}

describe('registry generator', () => {
  it('is deterministic: same seed → same bytes; another seed → other persons', async () => {
    const [a, b, c] = ['a.csv', 'b.csv', 'c.csv'].map((f) => path.join(dir, f)) as [string, string, string];
    const progress: number[] = [];
    await generateRegistryCsv(a, { count: 2500, onProgress: (n) => progress.push(n) });
    await generateRegistryCsv(b, { count: 2500, seed: 1405 });
    await generateRegistryCsv(c, { count: 2500, seed: 7 });
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    expect(fs.readFileSync(a).equals(fs.readFileSync(c))).toBe(false);
    expect(progress).toEqual([1000, 2000, 2500]);
    // The first rows of a longer run are the same rows.
    const d = path.join(dir, 'd.csv');
    await generateRegistryCsv(d, { count: 3000 });
    expect(fs.readFileSync(d, 'utf8').startsWith(fs.readFileSync(a, 'utf8'))).toBe(true);
  });

  it('makes unique IDs that decode consistently with each row', async () => {
    const file = path.join(dir, 'check.csv');
    await generateRegistryCsv(file, { count: 20_000, seed: 99 });
    const recs = records(file);
    expect(recs[0]?.fields.join(',')).toBe(
      'id_number,full_name,birth_date,gender,phone,province_code,address',
    );
    const rows = recs.slice(1);
    expect(rows).toHaveLength(20_000);
    const ids = new Set<string>();
    for (const { fields } of rows) {
      const [id, name, birth, gender, phone, province, address] = fields as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      ids.add(id);
      const d = decodeCitizenId(id, { birthDate: birth, gender: gender as 'male' | 'female' }, { now: NOW });
      expect(d.errors, id).toEqual([]);
      expect(d.warnings, id).toEqual([]);
      expect(d.fields?.provinceCode).toBe(`0${province}`);
      expect(PROVINCE_CODES_2.has(province)).toBe(true);
      expect(birth >= '1930-01-01' && birth <= '2021-12-31').toBe(true);
      expect(name.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(phone).toMatch(/^$|^0[35789]\d{8}$/);
      expect(address).toContain(d.fields?.provinceName ?? '?');
    }
    expect(ids.size).toBe(20_000);
    const women = rows.filter((r) => r.fields[3] === 'female').length;
    expect(women / rows.length).toBeGreaterThan(0.45);
    expect(women / rows.length).toBeLessThan(0.55);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry generator → import`, () => {
    it('writes a file the importer takes whole, the same as seedPersons writes directly', async () => {
      const file = path.join(dir, `imp-${dialect}.csv`);
      await generateRegistryCsv(file, { count: 1500 });
      const viaCsv = await createTestStore(dialect);
      const direct = await createTestStore(dialect);
      try {
        const r = await importRegistryCsv(viaCsv, file, { now: NOW });
        expect(r).toMatchObject({ rows: 1500, inserted: 1500, rejected: 0, warnings: 0 });
        expect(await seedPersons(direct, 1500, 1405, NOW)).toEqual({
          inserted: 1500,
          updated: 0,
          unchanged: 0,
        });
        expect(await seedPersons(direct, 1500, 1405, NOW)).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: 1500,
        });
        const gen = new PopulationGenerator(1405);
        for (let i = 0; i < 50; i++) {
          const p = gen.next();
          const [a, b] = [await findPerson(viaCsv.db, p.idNumber), await findPerson(direct.db, p.idNumber)];
          expect(a).toEqual({ ...b, qid: a?.qid });
          expect(a?.fullName).toBe(p.fullName);
        }
      } finally {
        await viaCsv.destroy();
        await direct.destroy();
      }
    });
  });
}

const CSV = optionalShared('data/vn-names.csv', 'the names-data check against vn-names.csv') ?? '';
describe.skipIf(CSV === '')('seed names-data.ts matches ../shared/data/vn-names.csv', () => {
  it('has every row, in order, with its weight', () => {
    const lists: Record<string, readonly (readonly [string, number])[]> = {
      surname: NAMES.SURNAMES,
      middle_male: NAMES.MIDDLE_MALE,
      middle_female: NAMES.MIDDLE_FEMALE,
      given_male: NAMES.GIVEN_MALE,
      given_female: NAMES.GIVEN_FEMALE,
    };
    const want: Record<string, [string, number][]> = {};
    for (const line of fs.readFileSync(CSV, 'utf8').trim().split('\n').slice(1)) {
      const [kind, name, weight] = line.split(',') as [string, string, string];
      (want[kind] ??= []).push([name, Number(weight)]);
    }
    expect(Object.keys(want).sort()).toEqual(Object.keys(lists).sort());
    for (const [kind, rows] of Object.entries(want)) expect(lists[kind], kind).toEqual(rows);
  });
});
