/** Codes shared by every format and by the front door. */
export const COMMON_CODES = [
  /** The input is empty, blank, or not text at all. */
  'INPUT_EMPTY',
  /** The input is longer than 8 KiB of UTF-8 (no QR code a scanner accepts is that long). */
  'INPUT_TOO_LONG',
  /** The input holds control characters: binary data, not a QR text. */
  'INPUT_BINARY',
  /** The input is none of the kinds OneQR reads (1405 personal, CCCD, ID number, venue, HC1:, shc:/). */
  'UNRECOGNISED',
  /** An unexpected failure inside the library (a bug, or an invalid checking instant), reported as a value. */
  'INTERNAL',
] as const;
