import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OneQRError } from '../../errors.ts';
import { decodeCitizenId, isCitizenIdText, makeCitizenId } from './decode.ts';
import { PROVINCES } from './provinces.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const at = { now: NOW };
const codes = (list: { code: string }[]) => list.map((i) => i.code);

describe('decodeCitizenId', () => {
  it('decodes province, century, gender and birth year', () => {
    const r = decodeCitizenId('079201012345', undefined, at);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.fields).toEqual({
      idNumber: '079201012345',
      type: 'citizen-id',
      provinceCode: '079',
      provinceName: 'Hồ Chí Minh',
      gender: 'male',
      birthYear: 2001,
      century: 2000,
    });
  });

  it('maps every century/gender digit', () => {
    const table: [string, number, 'male' | 'female'][] = [
      ['0', 1985, 'male'],
      ['1', 1985, 'female'],
      ['2', 2085, 'male'],
      ['3', 2085, 'female'],
    ];
    for (const [d4, year, gender] of table) {
      const r = decodeCitizenId(`001${d4}85000001`, undefined, { now: new Date('2090-01-01T00:00:00Z') });
      expect(r.fields?.birthYear).toBe(year);
      expect(r.fields?.gender).toBe(gender);
    }
    expect(decodeCitizenId('001500000001', undefined, at).fields?.century).toBe(2100);
  });

  it('recognises a 9-digit CMND without decoding it', () => {
    const r = decodeCitizenId('123456789', undefined, at);
    expect(r.errors).toEqual([]);
    expect(r.fields).toEqual({ idNumber: '123456789', type: 'cmnd' });
  });

  it('rejects other shapes with CITIZEN_ID_FORMAT', () => {
    for (const bad of [
      '',
      '12345678',
      '1234567890',
      '07920101234',
      '0792010123456',
      '07920101234a',
      '０７９201012345',
    ]) {
      const r = decodeCitizenId(bad, undefined, at);
      expect(r.fields).toBeNull();
      expect(codes(r.errors)).toEqual(['CITIZEN_ID_FORMAT']);
    }
  });

  it('reports an unknown province as an error but still decodes', () => {
    const r = decodeCitizenId('003201012345', undefined, at);
    expect(codes(r.errors)).toEqual(['CITIZEN_ID_PROVINCE_UNKNOWN']);
    expect(r.fields?.provinceName).toBeUndefined();
    expect(r.fields?.birthYear).toBe(2001);
  });

  it('reports a birth year in the future', () => {
    const r = decodeCitizenId('079230012345', undefined, at);
    expect(r.fields?.birthYear).toBe(2030);
    expect(codes(r.errors)).toEqual(['CITIZEN_ID_BIRTH_YEAR_FUTURE']);
    expect(codes(decodeCitizenId('079226012345', undefined, at).errors)).toEqual([]);
  });

  it('warns (never errs) when the stated year or gender disagrees', () => {
    const r = decodeCitizenId('079201012345', { birthDate: '2000-06-15', gender: 'female' }, at);
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['CITIZEN_ID_BIRTH_YEAR_MISMATCH', 'CITIZEN_ID_GENDER_MISMATCH']);
    expect(r.warnings[0]?.field).toBe('birthDate');
    expect(r.warnings[1]?.field).toBe('gender');
    const ok = decodeCitizenId('079201012345', { birthDate: '2001-06-15', gender: 'male' }, at);
    expect(ok.warnings).toEqual([]);
  });

  it('ignores trailing CR/LF', () => {
    expect(decodeCitizenId('079201012345\r\n', undefined, at).fields?.idNumber).toBe('079201012345');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = decodeCitizenId(s, { birthDate: s, gender: 'male' }, at);
        return Array.isArray(r.errors);
      }),
    );
  });
});

describe('isCitizenIdText', () => {
  it('accepts 12 or 9 digits, with trailing CR/LF', () => {
    expect(isCitizenIdText('079201012345')).toBe(true);
    expect(isCitizenIdText('079201012345\r')).toBe(true);
    expect(isCitizenIdText('123456789\n')).toBe(true);
    expect(isCitizenIdText(' 079201012345')).toBe(false);
    expect(isCitizenIdText('0792010123')).toBe(false);
    expect(isCitizenIdText('079201012345|')).toBe(false);
  });
});

describe('makeCitizenId', () => {
  it('builds the documented layout', () => {
    expect(makeCitizenId('079', 2001, 'male', '012345')).toBe('079201012345');
    expect(makeCitizenId('001', 1900, 'female', '000000')).toBe('001100000000');
    expect(makeCitizenId('096', 2399, 'female', '999999')).toBe('096999999999');
  });

  it('throws OneQRError on bad arguments', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof OneQRError ? err.code : 'not OneQRError';
      }
      return 'no throw';
    };
    expect(code(() => makeCitizenId('79', 2001, 'male', '012345'))).toBe('CITIZEN_ID_PROVINCE_FORMAT');
    expect(code(() => makeCitizenId('079', 1899, 'male', '012345'))).toBe('CITIZEN_ID_BIRTH_YEAR_RANGE');
    expect(code(() => makeCitizenId('079', 2400, 'male', '012345'))).toBe('CITIZEN_ID_BIRTH_YEAR_RANGE');
    expect(code(() => makeCitizenId('079', 2001.5, 'male', '012345'))).toBe('CITIZEN_ID_BIRTH_YEAR_RANGE');
    expect(code(() => makeCitizenId('079', 2001, 'male', '12345'))).toBe('CITIZEN_ID_RANDOM_FORMAT');
  });

  it('round-trips through decodeCitizenId (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVINCES),
        fc.integer({ min: 1900, max: 2026 }),
        fc.constantFrom('male' as const, 'female' as const),
        fc.stringMatching(/^\d{6}$/),
        (province, year, gender, random6) => {
          const id = makeCitizenId(province.code, year, gender, random6);
          const r = decodeCitizenId(id, { birthDate: `${year}-01-01`, gender }, at);
          expect(r.errors).toEqual([]);
          expect(r.warnings).toEqual([]);
          expect(r.fields).toEqual({
            idNumber: id,
            type: 'citizen-id',
            provinceCode: province.code,
            provinceName: province.name,
            gender,
            birthYear: year,
            century: 1900 + 100 * Math.floor((year - 1900) / 100),
          });
          expect(id.endsWith(random6)).toBe(true);
        },
      ),
    );
  });
});
