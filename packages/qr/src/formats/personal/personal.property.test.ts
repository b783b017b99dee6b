/** Property tests: build → parse returns the input, for names written the way people type them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES } from '../../errors.ts';
import { formatIsoDate } from '../../lib/text.ts';
import { makeCitizenId } from '../citizen-id/decode.ts';
import { PROVINCES } from '../citizen-id/provinces.ts';
import { buildPersonal } from './build.ts';
import type { PersonalFields, PersonalInput } from './fields.ts';
import { parsePersonal } from './parse.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const at = { now: NOW };
const TODAY_MS = Date.UTC(2026, 5, 1);
const MIN_MS = Date.UTC(1900, 0, 1);
const DAY_MS = 86_400_000;
const KNOWN: readonly string[] = ERROR_CODES;
const STRUCTURAL: readonly string[] = ['INPUT_EMPTY', 'INPUT_TOO_LONG', 'PERSONAL_FIELD_COUNT'];

/** A written form and the ASCII letters it must fold to. */
interface Piece {
  text: string;
  ascii: string;
}

const INITIALS: Piece[] = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'g',
  'gh',
  'gi',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'ngh',
  'nh',
  'p',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
].map((s) => ({ text: s, ascii: s }));
INITIALS.push({ text: '\u0111', ascii: 'd' }, { text: '\u0111', ascii: 'd' }); // đ, twice as likely
const FINALS: Piece[] = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't', 'i', 'o', 'u', 'y'].map((s) => ({
  text: s,
  ascii: s,
}));
/** Vowel letters with the modifiers Vietnamese allows on them: breve, circumflex, horn. */
const VOWELS: { base: string; mods: string[] }[] = [
  { base: 'a', mods: ['', '\u0306', '\u0302'] },
  { base: 'e', mods: ['', '\u0302'] },
  { base: 'i', mods: [''] },
  { base: 'o', mods: ['', '\u0302', '\u031b'] },
  { base: 'u', mods: ['', '\u031b'] },
  { base: 'y', mods: [''] },
];
/** No tone, huyền, sắc, hỏi, ngã, nặng. */
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

const vowel: fc.Arbitrary<Piece> = fc
  .constantFrom(...VOWELS)
  .chain((v) => fc.tuple(fc.constant(v.base), fc.constantFrom(...v.mods), fc.constantFrom(...TONES)))
  .map(([base, mod, tone]) => ({ text: base + mod + tone, ascii: base }));

const syllable: fc.Arbitrary<Piece> = fc
  .tuple(
    fc.constantFrom(...INITIALS),
    fc.array(vowel, { minLength: 1, maxLength: 2 }),
    fc.constantFrom(...FINALS),
    fc.constantFrom('lower', 'upper', 'title'),
    fc.constantFrom('NFC', 'NFD'),
  )
  .map(([ini, vowels, fin, casing, form]) => {
    const nfd = ini.text + vowels.map((v) => v.text).join('') + fin.text;
    const cased =
      casing === 'upper'
        ? nfd.toUpperCase()
        : casing === 'title'
          ? nfd.charAt(0).toUpperCase() + nfd.slice(1)
          : nfd;
    const ascii = (ini.ascii + vowels.map((v) => v.ascii).join('') + fin.ascii).toUpperCase();
    return { text: cased.normalize(form), ascii };
  });

const space = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\u00a0', ' \u3000 ');
/** A Vietnamese-looking name with diacritics and loose spacing, and its folded form. */
const vietnameseName: fc.Arbitrary<Piece> = fc
  .tuple(
    fc.array(fc.tuple(syllable, space), { minLength: 2, maxLength: 6 }),
    fc.constantFrom('', ' ', '\t '),
    fc.constantFrom('', ' ', '\n'),
  )
  .map(([words, lead, trail]) => ({
    text: lead + words.map(([w, s], i) => (i === 0 ? '' : s) + w.text).join('') + trail,
    ascii: words.map(([w]) => w.ascii).join(' '),
  }));

const realDate = fc.integer({ min: 0, max: Math.floor((TODAY_MS - MIN_MS) / DAY_MS) }).map((days) => {
  const t = new Date(MIN_MS + days * DAY_MS);
  return formatIsoDate({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
});
const qid = fc.stringMatching(/^[A-Za-z0-9]{1,64}$/);
const gender = fc.option(fc.constantFrom(0 as const, 1 as const, 2 as const), { nil: undefined });

/** A consistent person: the 12-digit ID agrees with the date of birth and the gender. */
const input: fc.Arbitrary<{ input: PersonalInput; folded: string }> = fc
  .record({
    name: vietnameseName,
    birthDate: realDate,
    gender,
    docKind: fc.constantFrom('citizen-id', 'cmnd', 'passport'),
    province: fc.constantFrom(...PROVINCES),
    random6: fc.stringMatching(/^\d{6}$/),
    idSex: fc.constantFrom('male' as const, 'female' as const),
    cmnd: fc.stringMatching(/^\d{9}$/),
    passport: fc.stringMatching(/^[A-Z][A-Z0-9]{5,8}$/),
    qid,
    onBehalf: fc.option(qid, { nil: undefined }),
    insuranceNumber: fc.option(fc.stringMatching(/^[A-Z]{2}\d{13}$/), { nil: undefined }),
    phone: fc.option(fc.stringMatching(/^0\d{9}$/), { nil: undefined }),
  })
  .map((r) => {
    const sex = r.gender === 1 ? 'male' : r.gender === 2 ? 'female' : r.idSex;
    const documentNumber =
      r.docKind === 'citizen-id'
        ? makeCitizenId(r.province.code, Number(r.birthDate.slice(0, 4)), sex, r.random6)
        : r.docKind === 'cmnd'
          ? r.cmnd
          : r.passport;
    const built: PersonalInput = {
      documentNumber,
      fullName: r.name.text,
      birthDate: r.birthDate,
      qid: r.qid,
    };
    if (r.onBehalf !== undefined) {
      built.declarationType = 1;
      built.declarerQid = r.onBehalf;
    }
    if (r.gender !== undefined) built.gender = r.gender;
    if (r.insuranceNumber !== undefined) built.insuranceNumber = r.insuranceNumber;
    if (r.phone !== undefined) built.phone = r.phone;
    return { input: built, folded: r.name.ascii };
  });

function expectedFields(x: PersonalInput, folded: string): PersonalFields {
  const ext = [
    x.declarerQid ?? '',
    x.gender === undefined ? '' : String(x.gender),
    x.insuranceNumber ?? '',
    x.phone ?? '',
  ];
  while (ext.length > 0 && ext[ext.length - 1] === '') ext.pop();
  const type = /^\d{12}$/.test(x.documentNumber)
    ? 'citizen-id'
    : /^\d{9}$/.test(x.documentNumber)
      ? 'cmnd'
      : 'passport';
  const fields: PersonalFields = {
    documentNumber: x.documentNumber,
    documentType: type,
    fullName: folded,
    birthDate: x.birthDate,
    declarationType: x.declarationType ?? 0,
    qid: x.qid,
    reserved: [],
    ext,
  };
  if (x.declarerQid !== undefined) fields.declarerQid = x.declarerQid;
  if (x.gender !== undefined) fields.gender = x.gender;
  if (x.insuranceNumber !== undefined) fields.insuranceNumber = x.insuranceNumber;
  if (x.phone !== undefined) fields.phone = x.phone;
  return fields;
}

describe('personal QR properties', () => {
  it('the name generator writes diacritics, Đ and loose spacing', () => {
    const samples = fc.sample(vietnameseName, 300).map((n) => n.text);
    expect(samples.some((t) => /[\u0111\u0110]/.test(t))).toBe(true);
    expect(samples.some((t) => /[\u0300-\u036f]/.test(t))).toBe(true);
    expect(samples.some((t) => /[\u1ea0-\u1ef9]/.test(t))).toBe(true);
    expect(samples.some((t) => /\s\s|\t|\u00a0/.test(t))).toBe(true);
  });

  it('build → parse returns the fields, with the folded name, no errors and no warnings', () => {
    fc.assert(
      fc.property(input, ({ input: x, folded }) => {
        const text = buildPersonal(x, at);
        const parsed = parsePersonal(text, at);
        expect(parsed.errors).toEqual([]);
        expect(parsed.warnings).toEqual([]);
        expect(parsed.fields).toEqual(expectedFields(x, folded));
      }),
      { numRuns: 500 },
    );
  });

  it('parse never throws on arbitrary strings', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc
        .array(
          fc.constantFrom(
            '|',
            '<',
            '\r',
            '\n',
            '0',
            '1',
            '2',
            '001093029317',
            'S1.',
            'Đ',
            '-',
            '1987-01-18',
            '\uFEFF',
          ),
          {
            maxLength: 40,
          },
        )
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(hostile, (s) => {
        const r = parsePersonal(s, at);
        for (const found of [...r.errors, ...r.warnings]) expect(KNOWN).toContain(found.code);
        const structural = r.errors.some((e) => STRUCTURAL.includes(e.code));
        expect(r.fields === null).toBe(structural);
      }),
      { numRuns: 1000 },
    );
  });

  it('a one-character mutation of a valid payload never throws and keeps the structure when the | stay', () => {
    fc.assert(
      fc.property(
        input,
        fc.nat(),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        ({ input: x }, pos, ch) => {
          const text = buildPersonal(x, at);
          const i = pos % text.length;
          const mutated = text.slice(0, i) + ch + text.slice(i + 1);
          const r = parsePersonal(mutated, at);
          const bars = (mutated.replace(/(\r\n|\r|\n)$/, '').match(/\|/g) ?? []).length;
          expect(r.fields === null).toBe(bars < 5);
        },
      ),
      { numRuns: 500 },
    );
  });
});
