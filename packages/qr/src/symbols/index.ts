/**
 * `@oneqr/qr/symbols`: draw and read QR symbols. Kept apart from `@oneqr/qr` so `read()` and the
 * rest of the core never pull the encoder, fflate or the zxing-cpp WebAssembly reader.
 *
 * Rendering follows SPEC §2: byte mode, UTF-8, ECC level M, quiet zone of 4 modules.
 * Decoding needs {@link configureDecoder} first (in Node: `useBundledWasm()` from `@oneqr/qr/node`).
 */
export { qrMatrix, QUIET_ZONE, MAX_BYTES_ECC_M } from './matrix.ts';
export type { QrMatrix } from './matrix.ts';
export { renderSvg } from './svg.ts';
export type { SvgOptions } from './svg.ts';
export { renderPng } from './png.ts';
export type { PngOptions } from './png.ts';
export {
  configureDecoder,
  checkImage,
  decodeImage,
  decodeImageSymbols,
  decodePixels,
  MAX_IMAGE_BYTES,
  MAX_PIXELS,
} from './decode.ts';
export type { ImageHeader, ImageKind } from './image-header.ts';
export type { DecoderConfig, DecodedSymbol } from './decode.ts';
export type { QrSegment, QrSegmentMode, QrSymbolInfo } from './segments.ts';
