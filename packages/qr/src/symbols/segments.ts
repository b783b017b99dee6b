/**
 * The segments (mode and length) of a decoded QR symbol, read back from its module grid: the
 * decoder gives the text, not how it was encoded, and SMART Health Cards require one byte-mode
 * segment then one numeric one. The data codewords are read in the standard placement order,
 * unmasked and de-interleaved; the segments parsed from them must spell exactly the bytes the
 * decoder returned (a module the decoder's error correction fixed makes them differ: then the
 * segments are unknown rather than guessed).
 */
import { create } from 'qrcode/lib/core/qrcode.js';
import { getBlocksCount, getTotalCodewordsCount } from 'qrcode/lib/core/error-correction-code.js';
import * as EC from 'qrcode/lib/core/error-correction-level.js';
import { getSymbolTotalCodewords } from 'qrcode/lib/core/utils.js';

export type QrSegmentMode = 'numeric' | 'alphanumeric' | 'byte' | 'kanji' | 'eci';

/** One segment: its mode and its character count (the ECI designator for `eci`). */
export interface QrSegment {
  mode: QrSegmentMode;
  count: number;
}

/** What a decoded symbol says about its structure. */
export interface QrSymbolInfo {
  /** QR version, 1–40. */
  version: number;
  /** Error correction level, L/M/Q/H. */
  ecLevel: string;
  /** The segments in order; undefined when they could not be read back exactly. */
  segments?: QrSegment[];
}

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** The data codewords, in block order, of a `size`² grid (`dark(row, col)`). */
function dataCodewords(
  dark: (r: number, c: number) => boolean,
  version: number,
  level: { bit: number },
  mask: number,
): Uint8Array {
  const size = 17 + 4 * version;
  const reserved = create([{ data: '0', mode: 'numeric' }], {
    version,
    errorCorrectionLevel: 'L',
    maskPattern: 0,
  }).modules.reservedBit;
  const total = getSymbolTotalCodewords(version);
  const stream = new Uint8Array(total);
  const unmask = MASKS[mask]!;
  let bit = 0;
  let up = true;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let n = 0; n < size; n++) {
      const row = up ? size - 1 - n : n;
      for (let c = 0; c < 2; c++) {
        const j = col - c;
        if (reserved[row * size + j]) continue;
        const index = bit >> 3;
        if (index < total && dark(row, j) !== unmask(row, j)) stream[index]! |= 0x80 >> (bit & 7);
        bit++;
      }
    }
    up = !up;
  }
  const blocks = getBlocksCount(version, level);
  const dataTotal = total - getTotalCodewordsCount(version, level);
  const group2 = total % blocks;
  const small = Math.floor(dataTotal / blocks);
  const sizes = Array.from({ length: blocks }, (_, b) => (b >= blocks - group2 ? small + 1 : small));
  const out: number[][] = sizes.map(() => []);
  let k = 0;
  for (let i = 0; i <= small; i++)
    for (let b = 0; b < blocks; b++) if (i < sizes[b]!) out[b]!.push(stream[k++]!);
  return Uint8Array.from(out.flat());
}

/** Parses the segments of a data bit stream; their content too, to compare with the decoder's. */
function parseSegments(
  data: Uint8Array,
  version: number,
): { segments: QrSegment[]; bytes: number[] } | undefined {
  let pos = 0;
  const end = data.length * 8;
  const read = (n: number): number => {
    if (pos + n > end) throw new RangeError('past the data');
    let v = 0;
    for (let i = 0; i < n; i++, pos++) v = (v << 1) | ((data[pos >> 3]! >> (7 - (pos & 7))) & 1);
    return v;
  };
  const band = version <= 9 ? 0 : version <= 26 ? 1 : 2;
  const segments: QrSegment[] = [];
  const bytes: number[] = [];
  try {
    while (end - pos >= 4) {
      const mode = read(4);
      if (mode === 0) break;
      if (mode === 0b0001) {
        let n = read([10, 12, 14][band]!);
        segments.push({ mode: 'numeric', count: n });
        for (; n >= 3; n -= 3)
          bytes.push(...[...String(read(10)).padStart(3, '0')].map((d) => d.charCodeAt(0)));
        if (n > 0)
          bytes.push(...[...String(read(n === 2 ? 7 : 4)).padStart(n, '0')].map((d) => d.charCodeAt(0)));
      } else if (mode === 0b0010) {
        let n = read([9, 11, 13][band]!);
        segments.push({ mode: 'alphanumeric', count: n });
        for (; n >= 2; n -= 2) {
          const v = read(11);
          bytes.push(ALNUM.charCodeAt(Math.floor(v / 45)), ALNUM.charCodeAt(v % 45));
        }
        if (n === 1) bytes.push(ALNUM.charCodeAt(read(6)));
      } else if (mode === 0b0100) {
        const n = read([8, 16, 16][band]!);
        segments.push({ mode: 'byte', count: n });
        for (let i = 0; i < n; i++) bytes.push(read(8));
      } else if (mode === 0b1000) {
        const n = read([8, 10, 12][band]!);
        segments.push({ mode: 'kanji', count: n });
        for (let i = 0; i < n; i++) {
          const v = read(13);
          const sjis = Math.floor(v / 0xc0) * 0x100 + (v % 0xc0);
          const code = sjis + (sjis < 0x1f00 ? 0x8140 : 0xc140);
          bytes.push(code >> 8, code & 0xff);
        }
      } else if (mode === 0b0111) {
        const first = read(8);
        const designator =
          first < 0x80
            ? first
            : first < 0xc0
              ? ((first & 0x3f) << 8) | read(8)
              : ((first & 0x1f) << 16) | read(16);
        segments.push({ mode: 'eci', count: designator });
      } else if (mode === 0b0011)
        read(16); // structured append header
      else if (mode === 0b1001)
        read(8); // FNC1 (second position) application indicator
      else if (mode !== 0b0101) return undefined; // FNC1 (first position) has no payload
    }
  } catch {
    return undefined;
  }
  return { segments, bytes };
}

const LEVELS: Record<string, { bit: number }> = { L: EC.L, M: EC.M, Q: EC.Q, H: EC.H };

/**
 * Reads the segments back from the symbol zxing sampled (`data`: one byte per module, 0 dark).
 * Undefined when the grid, version, level or mask is not one this reads, or the segments do not
 * spell `bytes` exactly (the transposed grid is tried too, for a mirrored symbol).
 */
export function symbolSegments(
  grid: { data: ArrayLike<number>; width: number; height: number },
  version: number,
  ecLevel: string,
  mask: number,
  bytes: Uint8Array,
): QrSegment[] | undefined {
  const size = 17 + 4 * version;
  const level = LEVELS[ecLevel];
  if (!level || grid.width !== size || grid.height !== size || !MASKS[mask] || version < 1 || version > 40) {
    return undefined;
  }
  for (const transposed of [false, true]) {
    const dark = transposed
      ? (r: number, c: number) => grid.data[c * size + r] === 0
      : (r: number, c: number) => grid.data[r * size + c] === 0;
    const parsed = parseSegments(dataCodewords(dark, version, level, mask), version);
    if (parsed && parsed.bytes.length === bytes.length && parsed.bytes.every((b, i) => b === bytes[i])) {
      return parsed.segments;
    }
  }
  return undefined;
}
