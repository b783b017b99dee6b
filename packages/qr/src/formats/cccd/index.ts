/** The QR printed on the chip-based citizen ID card (CCCD). */
export { parseCccd, CCCD_MAX_LENGTH } from './parse.ts';
export { looksLikeCccd } from './detect.ts';
export type { CccdFields } from './fields.ts';
export { CCCD_CODES } from './codes.ts';
