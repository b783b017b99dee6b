import { create } from 'qrcode/lib/core/qrcode.js';
import { OneQRError } from '../errors.ts';

/** Quiet zone around every rendered symbol, in modules (SPEC §2). */
export const QUIET_ZONE = 4;

/** Bytes a version-40 symbol holds at ECC level M in byte mode (ISO/IEC 18004 table 7). */
export const MAX_BYTES_ECC_M = 2331;

/** A QR symbol's module grid, without the quiet zone. */
export interface QrMatrix {
  /** Modules per side (21 for version 1 … 177 for version 40). */
  size: number;
  /** Row-major, `size * size` entries, 1 = dark module, 0 = light. */
  modules: Uint8Array;
  /** QR version, 1–40: the smallest that holds the text at ECC level M. */
  version: number;
}

/**
 * Encodes text as a QR symbol the OneQR way: one byte-mode segment holding the UTF-8 bytes,
 * ECC level M, no ECI header (SPEC §2, §3: byte-mode data is UTF-8).
 *
 * Byte mode is forced even for all-digit text so every reader sees the same bytes; lone UTF-16
 * surrogates become U+FFFD, as `TextEncoder` does.
 *
 * @throws OneQRError `INPUT_EMPTY` for an empty string, `SYMBOL_TOO_LONG` past 2331 UTF-8 bytes.
 * @example
 * const { size, modules, version } = qrMatrix('001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|');
 */
export function qrMatrix(text: string): QrMatrix {
  if (typeof text !== 'string') throw new TypeError('qrMatrix: text must be a string');
  if (text.length === 0)
    throw new OneQRError('INPUT_EMPTY', 'text: nothing to encode in a QR symbol', 'text');
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_BYTES_ECC_M) {
    throw new OneQRError(
      'SYMBOL_TOO_LONG',
      `text: ${bytes.length} UTF-8 bytes exceed the ${MAX_BYTES_ECC_M} a QR symbol holds at ECC level M`,
      'text',
    );
  }
  let qr;
  try {
    qr = create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' });
  } catch (err) {
    // The pre-check above should make this unreachable; keep the library's reason if not.
    throw new OneQRError(
      'SYMBOL_TOO_LONG',
      `text: does not fit a QR symbol at ECC level M (${String(err)})`,
      'text',
    );
  }
  const { size, data } = qr.modules;
  const modules = new Uint8Array(size * size);
  for (let i = 0; i < modules.length; i++) modules[i] = data[i] ? 1 : 0;
  return { size, modules, version: qr.version };
}
