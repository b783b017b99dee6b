/**
 * The front door's contract at its edges: the 8 KiB bound counted in UTF-8 bytes (not UTF-16
 * units), a card reader's line ending, and an invalid checking instant refused as a value
 * rather than silently switching every date check off.
 */
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, read } from '../../src/index.ts';
import { AT, SAMPLE, codesOf } from './fixtures.ts';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('read(): the 8 KiB bound', () => {
  const cases: [string, string][] = [
    ['ASCII, exactly 8192 bytes', 'A'.repeat(MAX_INPUT_BYTES)],
    ['ASCII, 8193 bytes', 'A'.repeat(MAX_INPUT_BYTES + 1)],
    ['3-byte letters, 8193 bytes in 2731 UTF-16 units', 'ệ'.repeat(2731)],
    ['3-byte letters, 8190 bytes', 'ệ'.repeat(2730)],
    ['4-byte emoji pairs, 8192 bytes', '😷'.repeat(2048)],
    ['4-byte emoji pairs, 8196 bytes', '😷'.repeat(2049)],
    ['lone high surrogates before 3-byte letters, 12288 bytes', '\ud800ệ'.repeat(2048)],
    ['a lone high surrogate at the end', `${'A'.repeat(MAX_INPUT_BYTES - 3)}\ud800`],
    ['the sample padded past the bound', SAMPLE + '<'.repeat(MAX_INPUT_BYTES)],
  ];
  for (const [name, text] of cases) {
    const over = bytes(text) > MAX_INPUT_BYTES;
    it(`${name}: ${over ? 'refused with INPUT_TOO_LONG' : 'answered'}`, async () => {
      const r = await read(text, { at: AT });
      expect(codesOf(r).includes('INPUT_TOO_LONG')).toBe(over);
      if (over) expect(r).toMatchObject({ kind: 'unknown', fields: null, signature: { state: 'unsigned' } });
    });
  }
});

describe('read(): an invalid checking instant', () => {
  const future = [
    '001093029317|123456789|Nguyễn Lê Khả Hân|18012087|Nữ|Hà Nội|01022091', // born 2087
    '001093029317|NGUYEN LE KHA HAN|2087-01-18|0|162979388586171100|', // born 2087
    '001293029317', // an ID encoding birth year 2093
  ];
  it('is refused with INTERNAL for every kind, never read with the date checks off', async () => {
    for (const text of [...future, SAMPLE]) {
      const r = await read(text, { at: new Date('not a date') });
      expect(r.kind, text).toBe('unknown');
      expect(codesOf(r), text).toEqual(['INTERNAL']);
    }
  });

  it('the same codes are refused for their future dates at a valid instant', async () => {
    for (const text of future) {
      const r = await read(text, { at: AT });
      expect(r.kind, text).not.toBe('unknown');
      expect(
        codesOf(r).some((c) => /FUTURE/.test(c)),
        `${text}: ${codesOf(r).join(', ')}`,
      ).toBe(true);
    }
  });
});
