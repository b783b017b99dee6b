import { describe, expect, it } from 'vitest';
import { decodeShcNumeric, reassembleShc } from './numeric.ts';

/** Encodes text the SHC way: two digits per character, ord(c) − 45. */
const numeric = (s: string) => [...s].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('');
const code = (r: { ok: boolean; issue?: { code: string } }) => (r.ok ? 'ok' : r.issue!.code);

describe('SHC numeric QR', () => {
  it('maps digit pairs to characters (ord(c) − 45)', () => {
    expect(decodeShcNumeric('shc:/' + numeric('eyJ.a-b_z'))).toEqual({ ok: true, value: 'eyJ.a-b_z' });
    expect(decodeShcNumeric('SHC:/' + numeric('ab'))).toEqual({ ok: true, value: 'ab' });
  });

  it('gives each defect its own code', () => {
    expect(code(decodeShcNumeric('shc:' + numeric('ab')))).toBe('SHC_PREFIX');
    expect(code(decodeShcNumeric('shc:/123'))).toBe('SHC_NUMERIC_LENGTH');
    expect(code(decodeShcNumeric('shc:/'))).toBe('SHC_NUMERIC_LENGTH');
    expect(code(decodeShcNumeric('shc:/12a4'))).toBe('SHC_NUMERIC_CHARACTER');
    expect(code(decodeShcNumeric('shc:/7778'))).toBe('SHC_NUMERIC_VALUE');
  });

  it('reads a single chunk with a deprecation warning, refuses a part of several', () => {
    const single = decodeShcNumeric('shc:/1/1/' + numeric('ab'));
    expect(single.ok && single.value).toBe('ab');
    expect(single.ok && single.warnings?.map((w) => w.code)).toEqual(['SHC_CHUNK_DEPRECATED']);
    expect(code(decodeShcNumeric('shc:/2/3/' + numeric('ab')))).toBe('SHC_CHUNK_INCOMPLETE');
    expect(code(decodeShcNumeric('shc:/4/3/' + numeric('ab')))).toBe('SHC_CHUNK');
  });

  it('reassembles parts in any order and reports missing or duplicate parts', () => {
    const parts = ['shc:/2/3/' + numeric('cd'), 'shc:/1/3/' + numeric('ab'), 'shc:/3/3/' + numeric('ef')];
    expect(reassembleShc(parts)).toMatchObject({ ok: true, value: 'shc:/' + numeric('abcdef') });
    expect(code(reassembleShc(parts.slice(0, 2)))).toBe('SHC_CHUNK_INCOMPLETE');
    expect(code(reassembleShc([parts[0]!, parts[0]!, parts[1]!]))).toBe('SHC_CHUNK');
    expect(code(reassembleShc([parts[0]!, 'shc:/1/2/' + numeric('ab')]))).toBe('SHC_CHUNK');
    expect(code(reassembleShc([]))).toBe('SHC_CHUNK_INCOMPLETE');
    expect(reassembleShc(['shc:/' + numeric('ab')])).toEqual({ ok: true, value: 'shc:/' + numeric('ab') });
  });
});
