import { zlibSync } from 'fflate';
import { OneQRError } from '../errors.ts';
import { crc32 } from './crc32.ts';
import { QUIET_ZONE, qrMatrix } from './matrix.ts';

/** Options for {@link renderPng}. */
export interface PngOptions {
  /** Pixels per module, an integer 1–32. Default 8. */
  scale?: number;
}

const MAX_SCALE = 32;
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/**
 * Renders text as a 1-bit grayscale PNG QR symbol with a quiet zone of 4 modules; each module is
 * `scale` × `scale` pixels. The encoder is local (fflate for zlib, CRC-32 here) so it runs in
 * browsers and Node alike.
 *
 * @throws OneQRError as {@link qrMatrix}; `SYMBOL_OPTION_INVALID` for a bad `scale`.
 * @example
 * const png = renderPng('079201012345||Nguyễn Thị Ánh Tuyết|…', { scale: 10 });
 */
export function renderPng(text: string, opts: PngOptions = {}): Uint8Array {
  const scale = opts.scale ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
    throw new OneQRError(
      'SYMBOL_OPTION_INVALID',
      `scale: must be an integer from 1 to ${MAX_SCALE}`,
      'scale',
    );
  }
  const { size, modules } = qrMatrix(text);
  const side = (size + 2 * QUIET_ZONE) * scale;
  return encodePng1Bit(side, side, rasterRows(size, modules, scale, side));
}

/**
 * Filtered scanlines for a 1-bit grayscale image: each row is filter byte 0 then packed pixels,
 * most significant bit first, 1 = white. Identical rows of one module row are copied.
 */
function rasterRows(size: number, modules: Uint8Array, scale: number, side: number): Uint8Array {
  const stride = 1 + Math.ceil(side / 8);
  const out = new Uint8Array(stride * side);
  const row = new Uint8Array(stride);
  for (let y = 0; y < side; y++) {
    const my = Math.floor(y / scale) - QUIET_ZONE;
    if (y % scale === 0) {
      row.fill(0xff, 1);
      row[0] = 0;
      if (my >= 0 && my < size) {
        for (let mx = 0; mx < size; mx++) {
          if (modules[my * size + mx] !== 1) continue;
          const x0 = (mx + QUIET_ZONE) * scale;
          for (let x = x0; x < x0 + scale; x++) row[1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
        }
      }
      // Padding bits past the last pixel are don't-care; leave them set (white).
    }
    out.set(row, y * stride);
  }
  return out;
}

function encodePng1Bit(width: number, height: number, scanlines: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  // [10] compression, [11] filter, [12] interlace: all 0 (deflate, adaptive, none)
  const chunks = [
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(scanlines, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const total = PNG_SIGNATURE.length + chunks.reduce((n, c) => n + c.length, 0);
  const png = new Uint8Array(total);
  png.set(PNG_SIGNATURE, 0);
  let off = PNG_SIGNATURE.length;
  for (const c of chunks) {
    png.set(c, off);
    off += c.length;
  }
  return png;
}

/** length ‖ type ‖ data ‖ CRC-32(type ‖ data) */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
