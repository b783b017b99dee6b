import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CborTag, decodeCbor, encodeCbor, isDepthFailure, type CborValue } from './cbor.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const value = (h: string) => {
  const r = decodeCbor(hex(h));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('decodeCbor', () => {
  it('reads RFC 8949 Appendix A examples', () => {
    expect(value('00')).toBe(0);
    expect(value('1903e8')).toBe(1000);
    expect(value('1bffffffffffffffff')).toBe(18446744073709551615n);
    expect(value('3903e7')).toBe(-1000);
    expect(value('f93c00')).toBe(1);
    expect(value('f97bff')).toBe(65504);
    expect(value('fa47c35000')).toBe(100000);
    expect(value('fb3ff199999999999a')).toBe(1.1);
    expect(value('6449455446')).toBe('IETF');
    expect(value('4401020304')).toEqual(hex('01020304'));
    expect(value('f6')).toBe(null);
    expect(value('83010203')).toEqual([1, 2, 3]);
    expect(value('a201020304')).toEqual(
      new Map([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(value('c11a514b67b0')).toEqual(new CborTag(1, 1363896240));
  });

  it('reads indefinite-length strings, arrays and maps', () => {
    expect(value('5f42010243030405ff')).toEqual(hex('0102030405'));
    expect(value('7f657374726561646d696e67ff')).toBe('streaming');
    expect(value('9f018202039f0405ffff')).toEqual([1, [2, 3], [4, 5]]);
    expect(value('bf61610161629f0203ffff')).toEqual(
      new Map<CborValue, CborValue>([
        ['a', 1],
        ['b', [2, 3]],
      ]),
    );
  });

  it('keeps integer and text map keys apart', () => {
    const m = value('a2016161616102') as Map<CborValue, CborValue>;
    expect(m.get(1)).toBe('a');
    expect(m.get('a')).toBe(2);
  });

  it.each([
    ['truncated', '1903'],
    ['trailing bytes', '0000'],
    ['declared length past the data', '5a ffffffff'.replace(' ', '')],
    ['huge array count', '9bffffffffffffffff'],
    ['duplicate map key', 'a201020103'],
    ['invalid UTF-8', '62c328'],
    ['reserved additional info', '1c'],
    ['lone break', 'ff'],
    ['wrong chunk type in indefinite bytes', '5f6161ff'],
    ['unsupported simple value', 'f0'],
  ])('rejects %s', (_name, h) => {
    expect(decodeCbor(hex(h)).ok).toBe(false);
  });

  it('caps nesting depth', () => {
    const deep = new Uint8Array(100).fill(0x81);
    const r = decodeCbor(Uint8Array.from([...deep, 0x00]), { maxDepth: 16 });
    expect(r.ok).toBe(false);
    expect(isDepthFailure(r)).toBe(true);
    expect(decodeCbor(Uint8Array.from([0x81, 0x81, 0x00]), { maxDepth: 2 }).ok).toBe(true);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = decodeCbor(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('encodeCbor', () => {
  it('encodes the COSE Sig_structure shape with shortest heads', () => {
    const bytes = encodeCbor(['Signature1', hex('a10126'), new Uint8Array(0), hex('a0')]);
    expect(Buffer.from(bytes).toString('hex')).toBe('846a5369676e61747572653143a101264041a0');
  });

  it('round-trips values', () => {
    const v: CborValue = new Map<CborValue, CborValue>([
      [1, 'x'],
      [-260, new Map<CborValue, CborValue>([[1, { a: [1, -1, 1.5, true, null] } as unknown as CborValue]])],
      ['big', 2n ** 64n - 1n],
    ]);
    const back = value(Buffer.from(encodeCbor(v)).toString('hex')) as Map<CborValue, CborValue>;
    expect(back.get(1)).toBe('x');
    expect(back.get('big')).toBe(2n ** 64n - 1n);
    expect((back.get(-260) as Map<CborValue, CborValue>).get(1)).toEqual(
      new Map<CborValue, CborValue>([['a', [1, -1, 1.5, true, null]]]),
    );
    expect(value(Buffer.from(encodeCbor(new CborTag(18, [1]))).toString('hex'))).toEqual(
      new CborTag(18, [1]),
    );
  });
});
