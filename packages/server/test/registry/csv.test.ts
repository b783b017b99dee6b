import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvParser, MAX_RECORD_CHARS, csvField, type CsvRecord } from '../../src/registry/csv.ts';

function parse(chunks: string[]): CsvRecord[] {
  const p = new CsvParser();
  const out: CsvRecord[] = [];
  for (const c of chunks) p.push(c, out);
  p.end(out);
  return out;
}

describe('registry csv parser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, with line numbers', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n\n3,,\n';
    const recs = parse([text]);
    expect(recs.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'say "hi"']],
      [3, ['2', 'two\nlines', 'z']],
      [6, ['3', '', '']],
    ]);
    expect(recs.every((r) => r.error === undefined)).toBe(true);
  });

  it('gives the same records whatever the chunk boundaries (CR LF split too)', () => {
    const text = '\uFEFFid,name\r\n1,"Nguyễn, ""Hân"""\r\n2,Lê\r3,x';
    const whole = parse([text]);
    expect(whole.map((r) => r.fields)).toEqual([
      ['id', 'name'],
      ['1', 'Nguyễn, "Hân"'],
      ['2', 'Lê'],
      ['3', 'x'],
    ]);
    expect(parse(text.split(''))).toEqual(whole);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
  });

  it('round-trips any fields written with csvField', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 5 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 7 }),
        (rows, step) => {
          const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n');
          const chunks: string[] = [];
          for (let i = 0; i < text.length; i += step) chunks.push(text.slice(i, i + step));
          expect(parse(chunks).map((r) => r.fields)).toEqual(rows);
        },
      ),
    );
  });

  it('flags text after a closing quote and an unterminated quote', () => {
    const recs = parse(['a,"b"x,c\nd,"never closed\ne,f\n']);
    expect(recs[0]).toMatchObject({ line: 1, error: { code: 'REGISTRY_CSV_QUOTE' } });
    expect(recs[1]).toMatchObject({ line: 2, error: { code: 'REGISTRY_CSV_UNTERMINATED_QUOTE' } });
    expect(recs).toHaveLength(2);
  });

  it('bounds memory: an over-long record is cut and flagged', () => {
    const big = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const recs = parse(['1,', big.slice(0, 40_000), big.slice(40_000), '\n2,ok\n']);
    expect(recs[0]?.error?.code).toBe('REGISTRY_CSV_ROW_TOO_LONG');
    expect((recs[0]?.fields[1] ?? '').length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(recs[1]).toEqual({ line: 2, fields: ['2', 'ok'] });
  });
});
