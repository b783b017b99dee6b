/**
 * Display helpers for the personal QR (SPEC §2, display rules). Only what is shown is masked;
 * the payload itself never is.
 */
import type { PersonalFields } from './fields.ts';
import { splitIsoDate } from '../../lib/text.ts';

/** How many leading characters of the document number are hidden by default. */
const HIDDEN_PREFIX = 6;

/**
 * Replaces the first 6 characters of a document number with `*` (all of it when shorter).
 *
 * @example maskDocumentNumber('001093029317') // '******029317'
 */
export function maskDocumentNumber(doc: string): string {
  const chars = Array.from(doc);
  const hidden = Math.min(HIDDEN_PREFIX, chars.length);
  return '*'.repeat(hidden) + chars.slice(hidden).join('');
}

/**
 * Hides day and month of a `YYYY-MM-DD` date; anything else is hidden entirely (a malformed
 * value must not leak through the mask).
 *
 * @example maskBirthDate('1987-01-18') // '1987-**-**'
 */
export function maskBirthDate(date: string): string {
  return splitIsoDate(date) !== null ? `${date.slice(0, 4)}-**-**` : '****-**-**';
}

/**
 * The three identity lines as an app shows them beside the QR: document number and date of
 * birth masked by default, in full when `opts.full` (the user tapped to reveal).
 *
 * @example personalDisplay(fields) // { documentNumber: '******029317', fullName: 'NGUYEN LE KHA HAN', birthDate: '1987-**-**' }
 */
export function personalDisplay(
  fields: PersonalFields,
  opts?: { full?: boolean },
): { documentNumber: string; fullName: string; birthDate: string } {
  if (opts?.full === true) {
    return { documentNumber: fields.documentNumber, fullName: fields.fullName, birthDate: fields.birthDate };
  }
  return {
    documentNumber: maskDocumentNumber(fields.documentNumber),
    fullName: fields.fullName,
    birthDate: maskBirthDate(fields.birthDate),
  };
}

/**
 * The name as a venue's staff see it on scan: surname and given name in full, middle names as
 * initials — enough to match a face, not a full identity (SPEC §8: least privilege).
 *
 * @example maskFullName('NGUYEN LE KHA HAN') // 'NGUYEN L. K. HAN'
 * @example maskFullName('Nguyễn Thị Ánh Tuyết') // 'Nguyễn T. Á. Tuyết'
 */
export function maskFullName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 2) return words.join(' ');
  const middle = words.slice(1, -1).map((w) => `${Array.from(w)[0] ?? ''}.`);
  return [words[0], ...middle, words[words.length - 1]].join(' ');
}
