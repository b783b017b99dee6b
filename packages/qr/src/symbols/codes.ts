/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const SYMBOL_CODES = [
  /** The text needs more than the 2331 bytes a version-40 QR holds at ECC level M in byte mode. */
  'SYMBOL_TOO_LONG',
  /** A rendering option (module size, scale, title) is out of range. */
  'SYMBOL_OPTION_INVALID',
  /** The image bytes are not a PNG, JPEG or GIF file (WebP: decode it to pixels first), or the header is malformed. */
  'IMAGE_FORMAT',
  /** The image file or its declared pixel dimensions exceed the decoder's bounds. */
  'IMAGE_TOO_LARGE',
  /** The decoder failed on the image (corrupt data, or the WebAssembly module could not load). */
  'IMAGE_DECODE',
  /** A raw RGBA buffer does not match its width and height, or the dimensions are invalid. */
  'PIXELS_FORMAT',
  /** A decode function was called before `configureDecoder()` supplied the WebAssembly binary. */
  'DECODER_NOT_CONFIGURED',
] as const;
