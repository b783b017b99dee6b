import fc from 'fast-check';
import { deflateSync, inflateSync, zlibSync } from 'fflate';
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

  it('one-shot (inputs up to 1 KiB) and chunked paths agree with plain inflate, at the cap exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 9 }), (raw, level) => {
        const packed = deflateSync(raw, { level: level as 0 });
        expect(inflateRaw(packed)).toEqual({ ok: true, bytes: inflateSync(packed) });
        expect(inflateRaw(packed, raw.length)).toEqual({ ok: true, bytes: raw });
        if (raw.length > 0)
          expect(inflateRaw(packed, raw.length - 1)).toEqual({ ok: false, reason: 'too-large' });
        // Truncated streams fail on either path.
        if (packed.length > 2)
          expect(inflateRaw(packed.subarray(0, packed.length - 2)).ok).toBe(packed.length <= 2);
      }),
      { numRuns: 200 },
    );
    // The Adler-32 trailer is checked right past zlib's 5552-byte block (one modulo per block).
    for (const n of [5551, 5552, 5553, 20_000]) {
      const raw = Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 251);
      expect(inflateZlib(zlibSync(raw))).toEqual({ ok: true, bytes: raw });
    }
    // A 1 KiB bomb (one-shot path) and a larger one (chunked path) both stop at the cap.
    const small = deflateSync(new Uint8Array(1_000_000), { level: 9 });
    expect(small.length).toBeLessThanOrEqual(1024);
    expect(inflateRaw(small)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('recognises zlib headers', () => {
    expect(hasZlibHeader(Uint8Array.from([0x78, 0xda]))).toBe(true);
    expect(hasZlibHeader(Uint8Array.from([0x78, 0x9c]))).toBe(true);
    expect(hasZlibHeader(Uint8Array.from([0xd2, 0x84]))).toBe(false);
    expect(hasZlibHeader(Uint8Array.from([0x78]))).toBe(false);
  });
});
