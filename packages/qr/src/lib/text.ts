/**
 * Text and calendar helpers shared by the plain-text formats (1405 personal QR, CCCD, citizen ID).
 * Internal: not exported from the package front door.
 */

/** Combining diacritical marks (U+0300–U+036F) left behind by NFD. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** Any run of Unicode whitespace (`\s` includes NBSP and the other space separators). */
const WHITESPACE_RUN = /\s+/g;

/**
 * Folds a Vietnamese name to the 1405 `HoTen` form: no diacritics, `Đ`/`đ` → `D`, upper case,
 * trimmed, whitespace runs collapsed to one space. Works on NFC and NFD input alike.
 *
 * @example foldName('Nguyễn  Lê Khả Hân') // 'NGUYEN LE KHA HAN'
 * @example foldName('đặng') // 'DANG'
 */
export function foldName(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(COMBINING_MARKS, '')
      // Đ/đ (U+0110/U+0111) are letters of their own, not decomposable: map them by hand.
      .replace(/[\u0110\u0111]/g, 'D')
      .toUpperCase()
      .replace(WHITESPACE_RUN, ' ')
      .trim()
  );
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * True when `y-m-d` exists in the Gregorian calendar (leap years included). All three must be
 * integers; `m` is 1-based.
 *
 * @example isRealDate(2000, 2, 29) // true
 * @example isRealDate(1900, 2, 29) // false
 */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** A calendar date as three integers. */
export interface YearMonthDay {
  y: number;
  m: number;
  d: number;
}

/** A date written `YYYY-MM-DD` (ASCII digits), as a JSON Schema pattern; exported by identity.ts. */
export const ISO_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const ISO_DATE = new RegExp(ISO_DATE_PATTERN);

/** Splits a strict `YYYY-MM-DD` string (ASCII digits) into numbers; null when the shape is wrong. */
export function splitIsoDate(text: string): YearMonthDay | null {
  if (!ISO_DATE.test(text)) return null;
  return { y: Number(text.slice(0, 4)), m: Number(text.slice(5, 7)), d: Number(text.slice(8, 10)) };
}

/** Formats a date as `YYYY-MM-DD` (four-digit year, zero-padded). */
export function formatIsoDate({ y, m, d }: YearMonthDay): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Viet Nam is UTC+7 all year (no daylight saving time). */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/**
 * The calendar date in Viet Nam at the instant `now`, as `YYYY-MM-DD`. Birth dates are civil
 * dates in Viet Nam, so "in the future" is judged there, not in the machine's time zone.
 */
export function vietnamToday(now: Date): string {
  const t = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  return formatIsoDate({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/**
 * Removes line terminators at the end of the text (card readers in keyboard mode add CR or
 * CRLF). Linear: walks back over `\r`/`\n` only.
 */
export function stripTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x0a && c !== 0x0d) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}
