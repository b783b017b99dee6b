import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  foldName,
  formatIsoDate,
  isRealDate,
  splitIsoDate,
  stripTrailingNewlines,
  vietnamToday,
} from './text.ts';

describe('foldName', () => {
  it('folds the examples of the brief', () => {
    expect(foldName('Nguyễn  Lê Khả Hân')).toBe('NGUYEN LE KHA HAN');
    expect(foldName('đặng')).toBe('DANG');
    expect(foldName('ĐỖ THỊ')).toBe('DO THI');
  });

  it('treats NFC and NFD input alike', () => {
    const nfc = 'Trương Thị Phượng Ưng Ẩn'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(foldName(nfd)).toBe('TRUONG THI PHUONG UNG AN');
    expect(foldName(nfc)).toBe(foldName(nfd));
  });

  it('trims and collapses every kind of whitespace', () => {
    expect(foldName(' \t hoàng\u00a0\u00a0 yến \n')).toBe('HOANG YEN');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => foldName(foldName(s)) === foldName(s)));
  });
});

describe('isRealDate', () => {
  it('knows leap years', () => {
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2023, 2, 29)).toBe(false);
  });

  it('knows month lengths and ranges', () => {
    expect(isRealDate(2021, 4, 31)).toBe(false);
    expect(isRealDate(2021, 12, 31)).toBe(true);
    expect(isRealDate(2021, 13, 1)).toBe(false);
    expect(isRealDate(2021, 0, 1)).toBe(false);
    expect(isRealDate(2021, 1, 0)).toBe(false);
    expect(isRealDate(2021.5, 1, 1)).toBe(false);
  });

  it('agrees with Date.UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const t = new Date(Date.UTC(2000, m - 1, d));
          t.setUTCFullYear(y);
          const expected = t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
          return isRealDate(y, m, d) === expected;
        },
      ),
    );
  });
});

describe('date helpers', () => {
  it('splits and formats ISO dates', () => {
    expect(splitIsoDate('1987-01-18')).toEqual({ y: 1987, m: 1, d: 18 });
    expect(splitIsoDate('1987-1-18')).toBeNull();
    expect(splitIsoDate('１９８７-01-18')).toBeNull();
    expect(formatIsoDate({ y: 987, m: 1, d: 8 })).toBe('0987-01-08');
  });

  it('judges today in Viet Nam (UTC+7)', () => {
    expect(vietnamToday(new Date('2026-01-01T16:59:59Z'))).toBe('2026-01-01');
    expect(vietnamToday(new Date('2026-01-01T17:00:00Z'))).toBe('2026-01-02');
  });

  it('strips trailing CR/LF only', () => {
    expect(stripTrailingNewlines('abc\r\n\r')).toBe('abc');
    expect(stripTrailingNewlines('a\rbc ')).toBe('a\rbc ');
  });
});
