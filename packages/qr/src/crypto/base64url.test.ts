import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Base64UrlError, b64Encode, b64uDecode, b64uDecodeOrNull, b64uEncode } from './base64url.ts';

describe('base64url', () => {
  it('matches Node Buffer base64url both ways for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(b64uEncode(bytes)).toBe(text);
        expect(Array.from(b64uDecode(text))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('encodes standard base64 as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(b64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });

  it('encodes the RFC 4648 examples', () => {
    const enc = (s: string) => b64uEncode(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
      '',
      'Zg',
      'Zm8',
      'Zm9v',
      'Zm9vYg',
      'Zm9vYmE',
      'Zm9vYmFy',
    ]);
    expect(b64uEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it.each([
    ['padding', 'Zg=='],
    ['standard alphabet +', 'a+b'],
    ['standard alphabet /', 'a/b'],
    ['whitespace', 'Zm9v Yg'],
    ['newline', 'Zm9v\n'],
    ['non-ASCII', 'Zm9é'],
    ['impossible length', 'Zm9vY'],
    ['non-zero trailing bits (1 byte)', 'Zh'],
    ['non-zero trailing bits (2 bytes)', 'Zm9'.slice(0, 2) + 'B'],
  ])('rejects %s', (_why, text) => {
    expect(() => b64uDecode(text)).toThrow(Base64UrlError);
    expect(b64uDecodeOrNull(text)).toBeNull();
  });

  it('gives every byte string exactly one accepted spelling', () => {
    // 'Zg' is 'f'; 'Zh'..'Zv' would decode to 'f' too in a lenient decoder.
    const accepted = 'ghijklmnopqrstuv'.split('').filter((c) => b64uDecodeOrNull(`Z${c}`) !== null);
    expect(accepted).toEqual(['g']);
  });
});
