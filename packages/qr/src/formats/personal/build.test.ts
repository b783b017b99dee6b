import { describe, expect, it } from 'vitest';
import { OneQRError } from '../../errors.ts';
import { buildPersonal } from './build.ts';
import type { PersonalInput } from './fields.ts';
import { parsePersonal } from './parse.ts';

const at = { now: new Date('2026-06-01T00:00:00Z') };
const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const BASE: PersonalInput = {
  documentNumber: '001093029317',
  fullName: 'Nguyễn  Lê Khả Hân',
  birthDate: '1987-01-18',
  qid: '162979388586171100',
  gender: 1,
  insuranceNumber: 'HS4010120878821',
  phone: '0944713700',
};

function thrown(input: PersonalInput): [string, string | undefined] | 'no throw' {
  try {
    buildPersonal(input, at);
  } catch (err) {
    if (err instanceof OneQRError) return [err.code, err.field];
    throw err;
  }
  return 'no throw';
}

describe('buildPersonal', () => {
  it('rebuilds the published sample from a name with diacritics', () => {
    expect(buildPersonal(BASE, at)).toBe(SAMPLE);
  });

  it('omits trailing empty EXT sub-fields, keeps inner ones', () => {
    const minimal = {
      documentNumber: '123456789',
      fullName: 'lê văn  tám',
      birthDate: '1960-02-29',
      qid: 'Q1',
    };
    expect(buildPersonal(minimal, at)).toBe('123456789|LE VAN TAM|1960-02-29|0|Q1|');
    expect(buildPersonal({ ...minimal, phone: '0901234567' }, at)).toBe(
      '123456789|LE VAN TAM|1960-02-29|0|Q1|<<<0901234567',
    );
    expect(buildPersonal({ ...minimal, gender: 0 }, at)).toBe('123456789|LE VAN TAM|1960-02-29|0|Q1|<0');
  });

  it('writes the declarer QID on behalf', () => {
    const text = buildPersonal({ ...BASE, declarationType: 1, declarerQid: 'ABC123' }, at);
    expect(text).toBe(
      '001093029317|NGUYEN LE KHA HAN|1987-01-18|1|162979388586171100|ABC123<1<HS4010120878821<0944713700',
    );
  });

  it('round-trips through parsePersonal', () => {
    const parsed = parsePersonal(buildPersonal(BASE, at), at);
    expect(parsed.errors).toEqual([]);
    expect(parsed.fields).toMatchObject({ ...BASE, fullName: 'NGUYEN LE KHA HAN', declarationType: 0 });
  });

  it('throws OneQRError with the field code on invalid input', () => {
    expect(thrown({ ...BASE, documentNumber: '0010930293' })).toEqual(['DOCUMENT_NUMBER_FORMAT', 'SoGiayTo']);
    expect(thrown({ ...BASE, documentNumber: '' })).toEqual(['DOCUMENT_NUMBER_MISSING', 'SoGiayTo']);
    expect(thrown({ ...BASE, fullName: '  \t ' })).toEqual(['NAME_MISSING', 'HoTen']);
    expect(thrown({ ...BASE, fullName: 'Nguyễn Văn 2' })).toEqual(['NAME_FORMAT', 'HoTen']);
    expect(thrown({ ...BASE, birthDate: '1987-02-29' })).toEqual(['BIRTH_DATE_INVALID', 'NgaySinh']);
    expect(thrown({ ...BASE, birthDate: '2026-06-02' })).toEqual(['BIRTH_DATE_FUTURE', 'NgaySinh']);
    expect(thrown({ ...BASE, birthDate: '1899-12-31' })).toEqual(['BIRTH_DATE_TOO_OLD', 'NgaySinh']);
    expect(thrown({ ...BASE, declarationType: 2 as 0 })).toEqual(['DECLARATION_TYPE_FORMAT', 'LoaiDinhDanh']);
    expect(thrown({ ...BASE, qid: '16297938858617110|' })).toEqual(['QID_FORMAT', 'QID']);
    expect(thrown({ ...BASE, declarationType: 1 })).toEqual(['DECLARER_QID_MISSING', 'EXT[0]']);
    expect(thrown({ ...BASE, declarerQid: 'ABC' })).toEqual(['DECLARER_QID_UNEXPECTED', 'EXT[0]']);
    expect(thrown({ ...BASE, declarationType: 1, declarerQid: 'A<B' })).toEqual([
      'DECLARER_QID_FORMAT',
      'EXT[0]',
    ]);
    expect(thrown({ ...BASE, gender: 3 as 0 })).toEqual(['GENDER_FORMAT', 'EXT[1]']);
    expect(thrown({ ...BASE, insuranceNumber: 'HS401012087882' })).toEqual(['INSURANCE_FORMAT', 'EXT[2]']);
    expect(thrown({ ...BASE, phone: '094471370' })).toEqual(['PHONE_FORMAT', 'EXT[3]']);
  });
});
