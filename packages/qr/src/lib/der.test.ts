import { describe, expect, it } from 'vitest';
import { DerError, derChildren, derOid, derTime, readDer, readDerRoot } from './der.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));

describe('DER reader', () => {
  it('reads nested sequences and OIDs', () => {
    // SEQUENCE { OID 1.2.840.10045.3.1.7, OID 2.5.29.37, OID 1.3.6.1.4.1.0.1847.2021.1.3 }
    const seq = readDerRoot(hex('30 1d 06082a8648ce3d030107 0603551d25 06 0c 2b0601040100 8e37 8f65 0103'));
    expect(derChildren(seq).map(derOid)).toEqual([
      '1.2.840.10045.3.1.7',
      '2.5.29.37',
      '1.3.6.1.4.1.0.1847.2021.1.3',
    ]);
  });

  it('reads UTCTime and GeneralizedTime', () => {
    const utc = readDer(new Uint8Array([0x17, 13, ...new TextEncoder().encode('210503180000Z')]));
    expect(derTime(utc).toISOString()).toBe('2021-05-03T18:00:00.000Z');
    const old = readDer(new Uint8Array([0x17, 13, ...new TextEncoder().encode('991231235959Z')]));
    expect(derTime(old).getUTCFullYear()).toBe(1999);
    const gen = readDer(new Uint8Array([0x18, 15, ...new TextEncoder().encode('20500101000000Z')]));
    expect(derTime(gen).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    const bad = readDer(new Uint8Array([0x17, 13, ...new TextEncoder().encode('211303180000Z')]));
    expect(() => derTime(bad)).toThrow(DerError);
  });

  it('reads long-form lengths', () => {
    const body = new Uint8Array(200).fill(0);
    const node = readDer(Uint8Array.from([0x04, 0x81, 200, ...body]));
    expect(node.end - node.start).toBe(200);
  });

  it.each([
    ['truncated content', '0405 0102'],
    ['indefinite length', '3080 0000'],
    ['non-minimal length', '0481 05 0102030405'],
    ['length of length too big', '0485 0000000001 00'],
    ['multi-byte tag', '1f81 00'],
    ['trailing bytes', '0500 00'],
  ])('rejects %s', (_name, h) => {
    expect(() => readDerRoot(hex(h))).toThrow(DerError);
  });

  it('keeps a child inside its parent', () => {
    // SEQUENCE of length 2 whose child claims 4 bytes.
    const seq = readDer(hex('3002 0404 01020304'));
    expect(() => derChildren(seq)).toThrow(DerError);
  });
});
