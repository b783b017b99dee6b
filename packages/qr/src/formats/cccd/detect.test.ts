import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksLikeCccd } from './detect.ts';

const SAMPLE =
  '079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';

describe('looksLikeCccd', () => {
  it('accepts 6–9+ fields with a ddMMyyyy date in field 4', () => {
    expect(looksLikeCccd(SAMPLE)).toBe(true);
    expect(looksLikeCccd(SAMPLE + '\r')).toBe(true);
    expect(looksLikeCccd(SAMPLE.split('|').slice(0, 6).join('|'))).toBe(true);
    expect(looksLikeCccd(`${SAMPLE}|a|b|c`)).toBe(true);
  });

  it('rejects other kinds and shapes', () => {
    expect(
      looksLikeCccd(
        '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700',
      ),
    ).toBe(false);
    expect(looksLikeCccd('079201012345||Nguyễn Văn Ánh|15062001|Nam')).toBe(false);
    expect(looksLikeCccd('079201012345||Nguyễn Văn Ánh|2001-06-15|Nam|x|y')).toBe(false);
    expect(looksLikeCccd('079201012345||Nguyễn Văn Ánh|32062001|Nam|x|y')).toBe(false);
    expect(looksLikeCccd('079201012345||Nguyễn Văn Ánh|15132001|Nam|x|y')).toBe(false);
    expect(looksLikeCccd('079201012345')).toBe(false);
    expect(looksLikeCccd('')).toBe(false);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof looksLikeCccd(s) === 'boolean'));
  });
});
