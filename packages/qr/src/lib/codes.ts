/** Codes shared by every format and by the front door. */
export const COMMON_CODES = [
  'INPUT_EMPTY',
  'INPUT_TOO_LONG',
  'INPUT_BINARY',
  'UNRECOGNISED',
  'INTERNAL',
] as const;
