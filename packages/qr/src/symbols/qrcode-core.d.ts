/**
 * Types for the `qrcode` package's pure encoder core. We import it directly instead of the
 * package's main entry, which in Node pulls its file/PNG renderers (fs, pngjs).
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeSegment, QRCodeOptions } from 'qrcode';
  export function create(data: QRCodeSegment[], options?: QRCodeOptions): QRCode;
}
declare module 'qrcode/lib/core/error-correction-code.js' {
  export function getBlocksCount(version: number, level: { bit: number }): number;
  export function getTotalCodewordsCount(version: number, level: { bit: number }): number;
}
declare module 'qrcode/lib/core/error-correction-level.js' {
  export const L: { bit: number };
  export const M: { bit: number };
  export const Q: { bit: number };
  export const H: { bit: number };
}
declare module 'qrcode/lib/core/utils.js' {
  export function getSymbolTotalCodewords(version: number): number;
}
