import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROVINCES, provinceName } from './provinces.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const csvPath = path.resolve(repoRoot, '../shared/data/province-codes.csv');
const csvExists = existsSync(csvPath);
if (!csvExists) console.warn(`provinces.test: ${csvPath} absent, skipping the comparison with the CSV`);

describe('PROVINCES', () => {
  it('holds 63 unique three-digit codes with NFC names', () => {
    expect(PROVINCES).toHaveLength(63);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(63);
    for (const p of PROVINCES) {
      expect(p.code).toMatch(/^\d{3}$/);
      expect(p.name).toBe(p.name.normalize('NFC'));
    }
  });

  it('looks names up by code', () => {
    expect(provinceName('001')).toBe('Hà Nội');
    expect(provinceName('079')).toBe('Hồ Chí Minh');
    expect(provinceName('096')).toBe('Cà Mau');
    expect(provinceName('003')).toBeUndefined();
    expect(provinceName('1')).toBeUndefined();
  });
});

describe.skipIf(!csvExists)('PROVINCES against /work/shared/data/province-codes.csv', () => {
  it('matches the CSV row for row', () => {
    const rows = readFileSync(csvPath, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => {
        const [code = '', ...rest] = line.split(',');
        return { code, name: rest.join(',') };
      });
    expect(PROVINCES).toEqual(rows);
  });
});
