import { deflateSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hasZlibHeader, inflateRaw, inflateZlib } from './inflate.ts';

const text = new TextEncoder().encode('OneQR '.repeat(100));

describe('capped inflate', () => {
  it('inflates raw DEFLATE and zlib streams', () => {
    expect(inflateRaw(deflateSync(text))).toEqual({ ok: true, bytes: text });
    expect(inflateZlib(zlibSync(text))).toEqual({ ok: true, bytes: text });
  });

  it('stops a decompression bomb at the cap', () => {
    const bomb = zlibSync(new Uint8Array(10 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(inflateZlib(bomb, 64 * 1024)).toEqual({ ok: false, reason: 'too-large' });
    expect(inflateRaw(deflateSync(new Uint8Array(100_000)), 1000)).toEqual({
      ok: false,
      reason: 'too-large',
    });
  });

  it('detects a wrong Adler-32, a bad header and truncation', () => {
    const z = zlibSync(text);
    const bad = z.slice();
    bad[bad.length - 1]! ^= 1;
    expect(inflateZlib(bad)).toEqual({ ok: false, reason: 'bad-checksum' });
    expect(inflateZlib(deflateSync(text))).toEqual({ ok: false, reason: 'bad-header' });
    expect(inflateZlib(z.subarray(0, 10)).ok).toBe(false);
    expect(inflateRaw(new Uint8Array([0xff, 0xff, 0xff])).ok).toBe(false);
    expect(inflateRaw(new Uint8Array(0)).ok).toBe(false);
  });

  it('recognises zlib headers', () => {
    expect(hasZlibHeader(Uint8Array.from([0x78, 0xda]))).toBe(true);
    expect(hasZlibHeader(Uint8Array.from([0x78, 0x9c]))).toBe(true);
    expect(hasZlibHeader(Uint8Array.from([0xd2, 0x84]))).toBe(false);
    expect(hasZlibHeader(Uint8Array.from([0x78]))).toBe(false);
  });
});
