import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES } from '../../errors.ts';
import { parseCccd } from './parse.ts';

const at = { now: new Date('2026-06-01T00:00:00Z') };
const ADDRESS = '12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh';
const SAMPLE = `079201012345||Nguyễn Văn Ánh|15062001|Nam|${ADDRESS}|20042021`;
const WOMAN =
  '001192012345|012345678|Trần Thị Thu Hương|29021992|Nữ|Số 5 ngõ 12 Đào Tấn, Ngọc Khánh, Ba Đình, Hà Nội|10082021';
const codes = (list: { code: string }[]) => list.map((i) => i.code);

/** SAMPLE with field i (0-based) replaced. */
function withField(i: number, value: string): string {
  const parts = SAMPLE.split('|');
  parts[i] = value;
  return parts.join('|');
}

describe('parseCccd: realistic cards', () => {
  it('reads a 2021 card without old CMND', () => {
    const r = parseCccd(SAMPLE, at);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.fields).toEqual({
      idNumber: '079201012345',
      fullName: 'Nguyễn Văn Ánh',
      birthDate: '2001-06-15',
      gender: 'male',
      address: ADDRESS,
      issueDate: '2021-04-20',
      extra: [],
      raw: SAMPLE,
    });
  });

  it('reads a card with the old CMND, a woman born on 29 Feb', () => {
    const r = parseCccd(WOMAN, at);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.fields).toMatchObject({
      oldIdNumber: '012345678',
      gender: 'female',
      birthDate: '1992-02-29',
      issueDate: '2021-08-10',
    });
  });

  it('NFC-normalises a decomposed (NFD) name, address and Nữ', () => {
    const r = parseCccd(WOMAN.normalize('NFD'), at);
    expect(r.errors).toEqual([]);
    expect(r.fields?.fullName).toBe('Trần Thị Thu Hương'.normalize('NFC'));
    expect(r.fields?.fullName).not.toBe(r.fields?.fullName.normalize('NFD'));
    expect(r.fields?.address).toBe(r.fields?.address.normalize('NFC'));
    expect(r.fields?.gender).toBe('female');
    expect(parseCccd(withField(4, 'NỮ'), at).fields?.gender).toBe('female');
  });

  it('accepts ethnic-minority names with an apostrophe', () => {
    expect(parseCccd(withField(2, "H'Hen Niê"), at).errors).toEqual([]);
  });
});

describe('parseCccd: tolerant structure', () => {
  it('strips trailing CR/LF (keyboard-mode readers) and keeps raw as given', () => {
    const r = parseCccd(SAMPLE + '\r\n', at);
    expect(r.errors).toEqual([]);
    expect(r.fields?.issueDate).toBe('2021-04-20');
    expect(r.fields?.raw).toBe(SAMPLE + '\r\n');
  });

  it('accepts six fields (no issue date) with a warning', () => {
    const six = SAMPLE.split('|').slice(0, 6).join('|');
    const r = parseCccd(six, at);
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['CCCD_ISSUE_DATE_MISSING']);
    expect(r.fields).not.toHaveProperty('issueDate');
  });

  it('keeps fields beyond the seventh raw, with a warning (2024 cards)', () => {
    const r = parseCccd(`${SAMPLE}|01012040|x|Ghi chú`, at);
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['CCCD_EXTRA_FIELDS']);
    expect(r.fields?.extra).toEqual(['01012040', 'x', 'Ghi chú']);
  });

  it('refuses fewer than six fields, empty and oversized text', () => {
    expect(parseCccd('079201012345||Nguyễn Văn Ánh|15062001|Nam', at)).toMatchObject({ fields: null });
    expect(codes(parseCccd('079201012345||Nguyễn Văn Ánh|15062001|Nam', at).errors)).toEqual([
      'CCCD_FIELD_COUNT',
    ]);
    expect(codes(parseCccd('\r', at).errors)).toEqual(['INPUT_EMPTY']);
    expect(codes(parseCccd('|'.repeat(9000), at).errors)).toEqual(['INPUT_TOO_LONG']);
  });
});

describe('parseCccd: one code per field error', () => {
  const cases: [string, string, string][] = [
    [withField(0, '07920101234'), 'CCCD_ID_FORMAT', 'idNumber'],
    [withField(1, '12345'), 'CCCD_OLD_ID_FORMAT', 'oldIdNumber'],
    [withField(2, ''), 'CCCD_NAME_MISSING', 'fullName'],
    [withField(2, 'Á'.repeat(101)), 'CCCD_NAME_TOO_LONG', 'fullName'],
    [withField(2, 'Nguyá»…n VÄƒn Ãnh'), 'CCCD_NAME_ENCODING', 'fullName'],
    [withField(2, 'Nguy\uFFFDn V\uFFFDn'), 'CCCD_NAME_ENCODING', 'fullName'],
    [withField(2, 'Nguyễn Văn 2'), 'CCCD_NAME_FORMAT', 'fullName'],
    [withField(3, '2001-06-15'), 'CCCD_BIRTH_DATE_FORMAT', 'birthDate'],
    [withField(3, '31022000'), 'CCCD_BIRTH_DATE_INVALID', 'birthDate'],
    [withField(4, 'Male'), 'CCCD_GENDER_FORMAT', 'gender'],
    [withField(4, 'NÆ°Ì'), 'CCCD_GENDER_FORMAT', 'gender'],
    [withField(5, ''), 'CCCD_ADDRESS_MISSING', 'address'],
    [withField(5, '12 LÃª Lá»£i, Quáº­n 1'), 'CCCD_ADDRESS_ENCODING', 'address'],
    [withField(6, '2021-04-20'), 'CCCD_ISSUE_DATE_FORMAT', 'issueDate'],
    [withField(6, '31042021'), 'CCCD_ISSUE_DATE_INVALID', 'issueDate'],
    [withField(6, '02062026'), 'CCCD_ISSUE_DATE_FUTURE', 'issueDate'],
    [withField(6, '14062001'), 'CCCD_ISSUE_DATE_BEFORE_BIRTH', 'issueDate'],
  ];
  for (const [text, code, field] of cases) {
    it(`${code} on ${field}`, () => {
      const r = parseCccd(text, at);
      expect(r.fields).not.toBeNull();
      expect(r.errors.map((i) => [i.code, i.field])).toEqual([[code, field]]);
    });
  }

  it('reports too-old and future birth dates (ID kept consistent)', () => {
    const old = parseCccd('001099012345||Lê Văn Cụ|01011899|Nam|Hà Nội|20042021', at);
    expect(codes(old.errors)).toEqual(['CCCD_BIRTH_DATE_TOO_OLD']);
    const future = parseCccd('001226012345||Lê Văn Bé|01072026|Nam|Hà Nội|', at);
    expect(codes(future.errors)).toEqual(['CCCD_BIRTH_DATE_FUTURE']);
  });
});

describe('parseCccd: ID cross-check', () => {
  it('warns when the printed year or gender disagrees with the ID', () => {
    const r = parseCccd(withField(3, '15062000').replace('|Nam|', '|Nữ|'), at);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((i) => [i.code, i.field])).toEqual([
      ['CITIZEN_ID_BIRTH_YEAR_MISMATCH', 'birthDate'],
      ['CITIZEN_ID_GENDER_MISMATCH', 'gender'],
    ]);
    expect(r.fields?.gender).toBe('female');
  });

  it('reports an unknown province as an error', () => {
    expect(codes(parseCccd(withField(0, '003201012345'), at).errors)).toEqual([
      'CITIZEN_ID_PROVINCE_UNKNOWN',
    ]);
  });

  it('takes the gender from the ID when field 5 is unreadable, else gives no fields', () => {
    expect(parseCccd(withField(4, '?'), at).fields?.gender).toBe('male');
    const none = parseCccd(withField(0, 'x').replace('|Nam|', '|?|'), at);
    expect(none.fields).toBeNull();
    expect(codes(none.errors)).toEqual(['CCCD_ID_FORMAT', 'CCCD_GENDER_FORMAT']);
  });
});

describe('parseCccd: hostile input', () => {
  const KNOWN: readonly string[] = ERROR_CODES;
  it('never throws and only reports known codes', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            '|',
            '\r',
            '\n',
            '079201012345',
            '15062001',
            'Nam',
            'Nữ',
            'Ã',
            'á»',
            '31022000',
            ' ',
          ),
          { maxLength: 30 },
        )
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(hostile, (s) => {
        const r = parseCccd(s, at);
        for (const found of [...r.errors, ...r.warnings]) expect(KNOWN).toContain(found.code);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers large inputs quickly', () => {
    const inputs = [
      '|'.repeat(8192),
      `${SAMPLE}|${'x|'.repeat(3000)}`,
      'á»'.repeat(4000),
      `1|2|3|4|5|${'Ã'.repeat(8000)}`,
    ];
    const t0 = performance.now();
    for (const s of inputs) for (let i = 0; i < 20; i++) parseCccd(s, at);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('parseCccd: charset detection', () => {
  /** Every Vietnamese letter: 12 vowels × 6 tones, in both cases, plus đ/Đ. */
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = vowels.flatMap((v) => tones.map((t) => (v + t).normalize('NFC'))).join(' ') + ' đ';
  const allLetters = `${lower} ${lower.toUpperCase()}`;
  const names = [
    'Nguyễn Văn Ánh',
    'Trần Thị Thu Hương',
    'Đặng Quốc Bảo',
    'Lưu Ngọc Ẩn',
    'Phạm Thị Mỹ Ý',
    'Võ Đức Thắng',
  ];
  /** WHATWG maps the label latin1 to windows-1252, so true ISO-8859-1 (C1 controls kept) is done by hand. */
  const garble = (s: string, charset: string) => {
    const bytes = new TextEncoder().encode(s);
    return charset === 'iso-8859-1' ? String.fromCharCode(...bytes) : new TextDecoder(charset).decode(bytes);
  };

  it('never flags genuine Vietnamese text', () => {
    const r = parseCccd(withField(5, allLetters), at);
    expect(r.errors).toEqual([]);
    for (const name of names) expect(parseCccd(withField(2, name), at).errors).toEqual([]);
  });

  it('flags UTF-8 read as Latin-1 or Windows-1252', () => {
    for (const name of names) {
      for (const charset of ['iso-8859-1', 'windows-1252']) {
        const bad = garble(name, charset);
        expect(codes(parseCccd(withField(2, bad), at).errors)).toEqual(['CCCD_NAME_ENCODING']);
        expect(codes(parseCccd(withField(5, garble(ADDRESS, charset)), at).errors)).toEqual([
          'CCCD_ADDRESS_ENCODING',
        ]);
      }
    }
  });
});
