import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode } from './base45.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('Base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('%s ↔ %s', (plain, encoded) => {
    expect(base45Encode(utf8(plain))).toBe(encoded);
    expect(base45Decode(encoded)).toEqual({ ok: true, value: utf8(plain) });
  });

  it('rejects characters outside the alphabet (lower case included)', () => {
    const r = base45Decode('QED8wEX0');
    expect(r.ok ? null : r.issue.code).toBe('DCC_BASE45_CHARACTER');
    expect(base45Decode('QED8ÉEX0').ok).toBe(false);
  });

  it('rejects a length leaving one character', () => {
    const r = base45Decode('QED8');
    expect(r.ok ? null : r.issue.code).toBe('DCC_BASE45_LENGTH');
  });

  it('rejects groups above 65535 and pairs above 255', () => {
    const triple = base45Decode(':::');
    expect(triple.ok ? null : triple.issue.code).toBe('DCC_BASE45_OVERFLOW');
    const pair = base45Decode('::');
    expect(pair.ok ? null : pair.issue.code).toBe('DCC_BASE45_OVERFLOW');
    expect(base45Decode('FGW')).toEqual({ ok: true, value: Uint8Array.from([0xff, 0xff]) });
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base45Decode(base45Encode(bytes))).toEqual({ ok: true, value: bytes });
      }),
    );
  });
});
