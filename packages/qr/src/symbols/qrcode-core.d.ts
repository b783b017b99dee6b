/**
 * Types for the `qrcode` package's pure encoder core. We import it directly instead of the
 * package's main entry, which in Node pulls its file/PNG renderers (fs, pngjs).
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeSegment, QRCodeOptions } from 'qrcode';
  export function create(data: QRCodeSegment[], options?: QRCodeOptions): QRCode;
}
