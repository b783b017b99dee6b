/**
 * The 12-digit personal identification number (SPEC §3.1) and the old 9-digit CMND.
 *
 * | digits | meaning |
 * |---|---|
 * | 1–3 | province where the birth was registered |
 * | 4 | century and gender: 0/1 = 1900s male/female, 2/3 = 2000s, … |
 * | 5–6 | last two digits of the birth year |
 * | 7–12 | random |
 */
import { issue, OneQRError } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { splitIsoDate, stripTrailingNewlines, vietnamToday } from '../../lib/text.ts';
import { isCmndNumber, isIdNumber } from '../../identity.ts';
import { provinceName } from './provinces.ts';

/** What a personal identification number tells by itself. */
export interface CitizenIdFields {
  idNumber: string;
  /** `citizen-id`: 12 digits (CCCD / personal ID, also the 12-digit CMND); `cmnd`: 9 digits. */
  type: 'citizen-id' | 'cmnd';
  provinceCode?: string;
  /** Absent when the province code is not in the table. */
  provinceName?: string;
  gender?: 'male' | 'female';
  birthYear?: number;
  /** First year of the birth century: 1900 for 1900–1999, 2000 for 2000–2099, … */
  century?: number;
}

/** What another document states about the holder, to cross-check against the ID. */
export interface StatedIdentity {
  /** `YYYY-MM-DD`; only the year is compared. Ignored when not of that shape. */
  birthDate?: string;
  gender?: 'male' | 'female';
}

/** The clock: "future" is judged at `now` (default: the current instant), in Viet Nam. */
export interface ClockOptions {
  now?: Date;
}

const FIELD = 'idNumber';

/**
 * True when the text is a bare ID: exactly 12 or 9 ASCII digits once trailing CR/LF are removed.
 *
 * @example isCitizenIdText('079201012345\r') // true
 */
export function isCitizenIdText(text: string): boolean {
  const id = stripTrailingNewlines(text);
  return isIdNumber(id) || isCmndNumber(id);
}

/**
 * Decodes a 12-digit personal ID (province, century, gender, birth year) or recognises a 9-digit
 * CMND. Never throws. Errors: bad shape (fields null), unknown province, birth year in the future.
 * Warnings (not errors, older documents and data-entry slips exist) when `stated` disagrees.
 *
 * @example
 * decodeCitizenId('079201012345').fields
 * // { idNumber: '079201012345', type: 'citizen-id', provinceCode: '079', provinceName: 'Hồ Chí Minh',
 * //   gender: 'male', birthYear: 2001, century: 2000 }
 */
export function decodeCitizenId(
  id: string,
  stated?: StatedIdentity,
  options?: ClockOptions,
): Parsed<CitizenIdFields> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const text = stripTrailingNewlines(id);
  if (isCmndNumber(text)) {
    return { fields: { idNumber: text, type: 'cmnd' }, errors, warnings };
  }
  if (!isIdNumber(text)) {
    errors.push(issue('CITIZEN_ID_FORMAT', 'ID number must be 12 digits (or 9 digits for a CMND).', FIELD));
    return { fields: null, errors, warnings };
  }

  const provinceCode = text.slice(0, 3);
  const name = provinceName(provinceCode);
  if (name === undefined) {
    errors.push(
      issue(
        'CITIZEN_ID_PROVINCE_UNKNOWN',
        `ID number starts with unknown province code ${provinceCode}.`,
        FIELD,
      ),
    );
  }
  const d4 = text.charCodeAt(3) - 48;
  const century = 1900 + 100 * Math.floor(d4 / 2);
  const birthYear = century + Number(text.slice(4, 6));
  const gender = d4 % 2 === 0 ? 'male' : 'female';
  const currentYear = Number(vietnamToday(options?.now ?? new Date()).slice(0, 4));
  if (birthYear > currentYear) {
    errors.push(
      issue(
        'CITIZEN_ID_BIRTH_YEAR_FUTURE',
        `ID number encodes birth year ${birthYear}, in the future.`,
        FIELD,
      ),
    );
  }

  const statedDate = stated?.birthDate ?? '';
  const statedYear = splitIsoDate(statedDate) !== null ? statedDate.slice(0, 4) : undefined;
  if (statedYear !== undefined && Number(statedYear) !== birthYear) {
    warnings.push(
      issue(
        'CITIZEN_ID_BIRTH_YEAR_MISMATCH',
        `ID number encodes birth year ${birthYear} but the date of birth says ${statedYear}.`,
        'birthDate',
      ),
    );
  }
  if (stated?.gender !== undefined && stated.gender !== gender) {
    warnings.push(
      issue(
        'CITIZEN_ID_GENDER_MISMATCH',
        `ID number encodes gender ${gender} but the stated gender is ${stated.gender}.`,
        'gender',
      ),
    );
  }

  const fields: CitizenIdFields = {
    idNumber: text,
    type: 'citizen-id',
    provinceCode,
    gender,
    birthYear,
    century,
  };
  if (name !== undefined) fields.provinceName = name;
  return { fields, errors, warnings };
}

/**
 * Builds a 12-digit personal ID from its parts (used by synthetic-population generators).
 * Throws OneQRError on malformed arguments. The province code must be three digits but need not
 * be in the table, so generators can make deliberately wrong IDs.
 *
 * @example makeCitizenId('079', 2001, 'male', '012345') // '079201012345'
 */
export function makeCitizenId(
  provinceCode: string,
  birthYear: number,
  gender: 'male' | 'female',
  random6: string,
): string {
  if (!/^\d{3}$/.test(provinceCode)) {
    throw new OneQRError('CITIZEN_ID_PROVINCE_FORMAT', 'Province code must be three digits.', 'provinceCode');
  }
  if (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > 2399) {
    throw new OneQRError(
      'CITIZEN_ID_BIRTH_YEAR_RANGE',
      'Birth year must be an integer from 1900 to 2399.',
      'birthYear',
    );
  }
  if (!/^\d{6}$/.test(random6)) {
    throw new OneQRError('CITIZEN_ID_RANDOM_FORMAT', 'Random part must be six digits.', 'random6');
  }
  const offset = birthYear - 1900;
  const d4 = 2 * Math.floor(offset / 100) + (gender === 'male' ? 0 : 1);
  const yy = String(offset % 100).padStart(2, '0');
  return `${provinceCode}${d4}${yy}${random6}`;
}
