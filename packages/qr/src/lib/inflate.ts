/**
 * DEFLATE decompression with an output cap, over fflate's streaming inflater.
 *
 * A QR code holds at most ~3 KB, but DEFLATE expands up to ~1000:1; the input is fed in small
 * chunks and decompression stops as soon as the output passes the cap, so a "zip bomb" costs
 * bounded memory and time.
 */
import { Inflate, inflateSync } from 'fflate';

export const DEFAULT_INFLATE_CAP = 64 * 1024;

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large' | 'corrupt' | 'bad-header' | 'bad-checksum' };

const FEED = 256;

class TooLarge extends Error {}

/**
 * Inputs up to this size are inflated in one shot into a fixed buffer of cap + 1 bytes: DEFLATE
 * expands at most ~1032:1, so the work stays under ~1 MiB of output whatever the data, and memory
 * under the cap. Larger inputs take the chunked path, which stops as soon as the cap is passed.
 * (The chunked inflater allocates and copies ~160 KiB per chunk: most of a DCC verify's time.)
 */
const ONE_SHOT_MAX_INPUT = 1024;

let scratch: Uint8Array | undefined;

function inflateOneShot(data: Uint8Array, cap: number): InflateResult {
  if (scratch === undefined || scratch.length !== cap + 1) scratch = new Uint8Array(cap + 1);
  let out: Uint8Array;
  try {
    // With an output buffer, fflate never grows it: bytes past its end are dropped, so a
    // result that fills it means the stream inflates past the cap.
    out = inflateSync(data, { out: scratch });
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (out.length > cap) return { ok: false, reason: 'too-large' };
  return { ok: true, bytes: out.slice() };
}

/** Inflates a raw DEFLATE stream (RFC 1951, no header), as SMART Health Cards use. */
export function inflateRaw(data: Uint8Array, cap = DEFAULT_INFLATE_CAP): InflateResult {
  if (data.length === 0) return { ok: false, reason: 'corrupt' };
  if (data.length <= ONE_SHOT_MAX_INPUT) return inflateOneShot(data, cap);
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) throw new TooLarge();
    parts.push(chunk);
  });
  try {
    if (data.length === 0) return { ok: false, reason: 'corrupt' };
    for (let at = 0; at < data.length; at += FEED) {
      inflater.push(data.subarray(at, at + FEED), at + FEED >= data.length);
    }
  } catch (e) {
    return { ok: false, reason: e instanceof TooLarge ? 'too-large' : 'corrupt' };
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { ok: true, bytes: out };
}

/** True when the first two bytes form a valid zlib header (RFC 1950): deflate, no preset dictionary. */
export function hasZlibHeader(data: Uint8Array): boolean {
  const cmf = data[0];
  const flg = data[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

/** Inflates a zlib stream (RFC 1950), checking the header and the Adler-32 trailer. */
export function inflateZlib(data: Uint8Array, cap = DEFAULT_INFLATE_CAP): InflateResult {
  if (!hasZlibHeader(data)) return { ok: false, reason: 'bad-header' };
  if (data.length < 2 + 4 + 1) return { ok: false, reason: 'corrupt' };
  const result = inflateRaw(data.subarray(2, data.length - 4), cap);
  if (!result.ok) return result;
  const t = data.subarray(data.length - 4);
  const expected = ((t[0]! << 24) | (t[1]! << 16) | (t[2]! << 8) | t[3]!) >>> 0;
  if (adler32(result.bytes) !== expected) return { ok: false, reason: 'bad-checksum' };
  return result;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // zlib's NMAX: the sums stay below 2^32 for 5552 bytes, so the modulo runs once per block.
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(start + 5552, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
