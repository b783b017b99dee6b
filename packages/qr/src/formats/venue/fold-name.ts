/**
 * Folding a venue name for the QR: no diacritics (Đ → D), upper case, characters outside the
 * venue alphabet become spaces (so `.` and `|` never reach the payload), single spaces.
 * Kept private to the venue: venue names keep digits and some punctuation a person's name has not.
 */
import { NAME_CHARS } from './grammar.ts';

/** @example foldVenueName('Quán Phở Đức, P.5') // 'QUAN PHO DUC, P 5' */
export function foldVenueName(name: string): string {
  const stripped = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase();
  let out = '';
  for (const ch of stripped) out += NAME_CHARS.test(ch) ? ch : ' ';
  return out.replace(/ +/g, ' ').trim();
}
