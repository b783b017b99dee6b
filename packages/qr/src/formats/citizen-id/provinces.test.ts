import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionalShared } from '../../../../../test-support/shared-data.ts';
import { PROVINCES, provinceName } from './provinces.ts';

const csvPath = optionalShared('data/province-codes.csv', 'the comparison with province-codes.csv') ?? '';
const csvExists = csvPath !== '';

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

describe.skipIf(!csvExists)('PROVINCES against the shared data/province-codes.csv', () => {
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
