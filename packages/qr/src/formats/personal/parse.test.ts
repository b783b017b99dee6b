import { describe, expect, it } from 'vitest';
import { parsePersonal } from './parse.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const at = { now: NOW };
const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const codes = (list: { code: string }[]) => list.map((i) => i.code);

/** The sample with one field replaced (0–4 top level, 'ext' the whole EXT). */
function withField(index: number, value: string): string {
  const parts = SAMPLE.split('|');
  parts[index] = value;
  return parts.join('|');
}
const withExt = (ext: string) => withField(5, ext);

describe('parsePersonal: the published sample', () => {
  it('parses to exactly the published fields, without errors', () => {
    const r = parsePersonal(SAMPLE, at);
    expect(r.errors).toEqual([]);
    expect(r.fields).toEqual({
      documentNumber: '001093029317',
      documentType: 'citizen-id',
      fullName: 'NGUYEN LE KHA HAN',
      birthDate: '1987-01-18',
      declarationType: 0,
      qid: '162979388586171100',
      gender: 1,
      insuranceNumber: 'HS4010120878821',
      phone: '0944713700',
      reserved: [],
      ext: ['', '1', 'HS4010120878821', '0944713700'],
    });
  });

  it('keeps the 18-digit QID exact (never a number)', () => {
    expect(parsePersonal(SAMPLE, at).fields?.qid).toBe('162979388586171100');
    // A QID that a float would round: it must come back digit for digit.
    const qid = '162979388586171123';
    expect(String(Number(qid))).not.toBe(qid);
    expect(parsePersonal(withField(4, qid), at).fields?.qid).toBe(qid);
    expect(parsePersonal(withField(4, '000123'), at).fields?.qid).toBe('000123');
  });

  it('warns that the ID encodes 1993, not 1987 (the sample is inconsistent)', () => {
    const r = parsePersonal(SAMPLE, at);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'CITIZEN_ID_BIRTH_YEAR_MISMATCH', field: 'NgaySinh' }),
    ]);
  });
});

describe('parsePersonal: tolerant structure', () => {
  it('drops one trailing CR, LF or CRLF (and a BOM)', () => {
    for (const end of ['\r', '\n', '\r\n']) {
      const r = parsePersonal(SAMPLE + end, at);
      expect(r.errors).toEqual([]);
      expect(r.fields?.phone).toBe('0944713700');
    }
    expect(parsePersonal('\uFEFF' + SAMPLE, at).fields?.documentNumber).toBe('001093029317');
    expect(codes(parsePersonal(SAMPLE + '\n\n', at).errors)).toEqual(['PHONE_FORMAT']);
  });

  it('splits on the first five | only: the rest is EXT', () => {
    const r = parsePersonal(withExt('<1|x<<0944713700'), at);
    expect(r.fields?.ext).toEqual(['', '1|x', '', '0944713700']);
    expect(codes(r.errors)).toEqual(['GENDER_FORMAT']);
    const reserved = parsePersonal(withExt('<1<<<<a|b<c'), at);
    expect(reserved.errors).toEqual([]);
    expect(reserved.fields?.reserved).toEqual(['a|b', 'c']);
  });

  it('accepts an empty EXT and omitted trailing sub-fields', () => {
    const empty = parsePersonal(withExt(''), at);
    expect(empty.errors).toEqual([]);
    expect(empty.fields?.ext).toEqual([]);
    expect(empty.fields?.gender).toBeUndefined();
    const short = parsePersonal(withExt('<2'), at);
    expect(short.fields?.gender).toBe(2);
    expect(short.fields?.phone).toBeUndefined();
  });

  it('treats empty sub-fields as absent', () => {
    const r = parsePersonal(withExt('<<<0944713700'), at);
    expect(r.errors).toEqual([]);
    expect(r.fields).not.toHaveProperty('gender');
    expect(r.fields).not.toHaveProperty('insuranceNumber');
    expect(r.fields?.phone).toBe('0944713700');
  });

  it('returns null fields without the six-field structure', () => {
    for (const text of ['001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100', 'hello', '||||']) {
      const r = parsePersonal(text, at);
      expect(r.fields).toBeNull();
      expect(codes(r.errors)).toEqual(['PERSONAL_FIELD_COUNT']);
    }
    expect(codes(parsePersonal('', at).errors)).toEqual(['INPUT_EMPTY']);
    expect(codes(parsePersonal('\r\n', at).errors)).toEqual(['INPUT_EMPTY']);
    expect(codes(parsePersonal('|'.repeat(9000), at).errors)).toEqual(['INPUT_TOO_LONG']);
  });

  it('fills what it can read even when fields are wrong', () => {
    const r = parsePersonal('X|nguyen|18/01/1987|2||<9', at);
    expect(codes(r.errors)).toEqual([
      'DOCUMENT_NUMBER_FORMAT',
      'NAME_LOWERCASE',
      'BIRTH_DATE_FORMAT',
      'DECLARATION_TYPE_FORMAT',
      'QID_MISSING',
      'GENDER_FORMAT',
    ]);
    expect(r.fields).toMatchObject({
      documentNumber: 'X',
      fullName: 'nguyen',
      birthDate: '18/01/1987',
      qid: '',
    });
  });
});

describe('parsePersonal: one code per field error', () => {
  const cases: [string, string, string][] = [
    [withField(0, ''), 'DOCUMENT_NUMBER_MISSING', 'SoGiayTo'],
    [withField(0, '00109302931'), 'DOCUMENT_NUMBER_FORMAT', 'SoGiayTo'],
    [withField(0, 'c1234567'), 'DOCUMENT_NUMBER_FORMAT', 'SoGiayTo'],
    [withField(0, 'C12345678901'), 'DOCUMENT_NUMBER_FORMAT', 'SoGiayTo'],
    [withField(1, ''), 'NAME_MISSING', 'HoTen'],
    [withField(1, 'A'.repeat(101)), 'NAME_TOO_LONG', 'HoTen'],
    [withField(1, 'NGUYỄN LE KHA HAN'), 'NAME_DIACRITICS', 'HoTen'],
    [withField(1, 'ĐANG VAN AN'), 'NAME_DIACRITICS', 'HoTen'],
    [withField(1, 'Nguyen Le Kha Han'), 'NAME_LOWERCASE', 'HoTen'],
    [withField(1, 'NGUYEN  LE KHA HAN'), 'NAME_SPACING', 'HoTen'],
    [withField(1, ' NGUYEN LE'), 'NAME_SPACING', 'HoTen'],
    [withField(1, 'NGUYEN\tLE'), 'NAME_SPACING', 'HoTen'],
    [withField(1, 'NGUYEN LE 2'), 'NAME_FORMAT', 'HoTen'],
    [withField(1, "H'HEN NIE"), 'NAME_FORMAT', 'HoTen'],
    [withField(2, ''), 'BIRTH_DATE_MISSING', 'NgaySinh'],
    [withField(2, '18-01-1987'), 'BIRTH_DATE_FORMAT', 'NgaySinh'],
    [withField(2, '1987-1-18'), 'BIRTH_DATE_FORMAT', 'NgaySinh'],
    [withField(2, '1987-02-29'), 'BIRTH_DATE_INVALID', 'NgaySinh'],
    [withField(2, '1987-13-01'), 'BIRTH_DATE_INVALID', 'NgaySinh'],
    [withField(2, '1899-12-31'), 'BIRTH_DATE_TOO_OLD', 'NgaySinh'],
    [withField(2, '2026-06-02'), 'BIRTH_DATE_FUTURE', 'NgaySinh'],
    [withField(3, '2'), 'DECLARATION_TYPE_FORMAT', 'LoaiDinhDanh'],
    [withField(3, ''), 'DECLARATION_TYPE_FORMAT', 'LoaiDinhDanh'],
    [withField(4, ''), 'QID_MISSING', 'QID'],
    [withField(4, '1629-7938'), 'QID_FORMAT', 'QID'],
    [withField(4, '1'.repeat(65)), 'QID_TOO_LONG', 'QID'],
    [withField(3, '1'), 'DECLARER_QID_MISSING', 'EXT[0]'],
    [withExt('AB_1<1'), 'DECLARER_QID_FORMAT', 'EXT[0]'],
    [withExt('<3'), 'GENDER_FORMAT', 'EXT[1]'],
    [withExt('<1<<944713700'), 'PHONE_FORMAT', 'EXT[3]'],
    [withExt('<1<<+84944713700'), 'PHONE_FORMAT', 'EXT[3]'],
    [withExt('<1<<<SIG'), 'SIGNATURE_FIELD_FORMAT', 'EXT[4]'],
    [withExt('<1<<<S1.kid.iat.sig<extra'), 'EXT_AFTER_SIGNATURE', 'EXT'],
  ];
  for (const [text, code, field] of cases) {
    it(`${code} for ${JSON.stringify(text.split('|').slice(0, 6).join('|').slice(0, 70))}`, () => {
      const r = parsePersonal(text, at);
      expect(r.fields).not.toBeNull();
      expect(r.errors.map((i) => [i.code, i.field])).toEqual([[code, field]]);
      expect(r.errors[0]?.message).toMatch(new RegExp(field.replace(/[[\]]/g, '\\$&')));
    });
  }

  it('accepts a 9-digit CMND and a passport number', () => {
    const cmnd = parsePersonal(withField(0, '123456789'), at);
    expect(cmnd.errors).toEqual([]);
    expect(cmnd.warnings).toEqual([]);
    expect(cmnd.fields?.documentType).toBe('cmnd');
    const passport = parsePersonal(withField(0, 'C1234567'), at);
    expect(passport.errors).toEqual([]);
    expect(passport.fields?.documentType).toBe('passport');
  });

  it('on behalf: reads the declarer QID', () => {
    const r = parsePersonal(withField(3, '1').replace('|<1<', '|162979388586171101<1<'), at);
    expect(r.errors).toEqual([]);
    expect(r.fields?.declarationType).toBe(1);
    expect(r.fields?.declarerQid).toBe('162979388586171101');
  });

  it('warns about a declarer QID when LoaiDinhDanh is 0', () => {
    const r = parsePersonal(withExt('162979388586171101<1'), at);
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toContain('DECLARER_QID_UNEXPECTED');
    expect(r.fields?.declarerQid).toBe('162979388586171101');
  });

  it('warns (not errs) about a malformed BHYT number and keeps it', () => {
    const r = parsePersonal(withExt('<1<HS40101208788<0944713700'), at);
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toContain('INSURANCE_FORMAT');
    expect(r.fields?.insuranceNumber).toBe('HS40101208788');
  });

  it('keeps a syntactically present signature raw', () => {
    const r = parsePersonal(withExt('<1<<<S1.abcdefgh.t0.xyz'), at);
    expect(r.errors).toEqual([]);
    expect(r.fields?.signature).toBe('S1.abcdefgh.t0.xyz');
  });
});

describe('parsePersonal: ID cross-check', () => {
  it('warns on a gender mismatch with the 12-digit ID, on EXT[1]', () => {
    const r = parsePersonal('079201012345|NGUYEN VAN ANH|2001-06-15|0|Q1|<2', at);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((i) => [i.code, i.field])).toEqual([['CITIZEN_ID_GENDER_MISMATCH', 'EXT[1]']]);
  });

  it('is silent when ID, date and gender agree', () => {
    const r = parsePersonal('079301012345|TRAN THI BICH|2001-06-15|0|Q1|<2', at);
    expect(r.warnings).toEqual([]);
  });

  it('downgrades an unknown province to a warning on SoGiayTo', () => {
    const r = parsePersonal('003201012345|NGUYEN VAN ANH|2001-06-15|0|Q1|', at);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((i) => [i.code, i.field])).toEqual([['CITIZEN_ID_PROVINCE_UNKNOWN', 'SoGiayTo']]);
  });

  it('does not compare a date that is itself invalid', () => {
    const r = parsePersonal('079201012345|NGUYEN VAN ANH|2001-02-30|0|Q1|', at);
    expect(codes(r.errors)).toEqual(['BIRTH_DATE_INVALID']);
    expect(r.warnings).toEqual([]);
  });
});

describe('parsePersonal: bounded time', () => {
  it('answers large hostile inputs quickly', () => {
    const inputs = [
      '|'.repeat(8192),
      '<'.repeat(8000),
      `1|2|3|4|5|${'<'.repeat(8000)}`,
      'A'.repeat(8192),
      `${'a|'.repeat(4000)}`,
    ];
    const t0 = performance.now();
    for (const s of inputs) for (let i = 0; i < 20; i++) parsePersonal(s, at);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
