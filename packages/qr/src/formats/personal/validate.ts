/**
 * Field rules of the 1405 personal QR, shared by the parser (which collects issues) and the
 * builder (which throws the first one). Each check returns undefined when the value is valid.
 * All checks are linear in the length of their input.
 */
import { issue } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import { foldName } from '../../lib/text.ts';
import {
  birthDateProblem,
  isCmndNumber,
  isIdNumber,
  isPhone,
  isQid,
  QID_MAX_LENGTH,
} from '../../identity.ts';

/** Longest accepted `HoTen`; Vietnamese names are far shorter, foreign names fit. */
export const NAME_MAX_LENGTH = 100;

/**
 * Passport numbers: a letter then 5–8 upper-case letters or digits (Vietnamese passports are one
 * letter + 7 digits, e.g. `C1234567`; the range admits most foreign ones). A passport made only
 * of digits is indistinguishable from a CMND/ID and is not accepted here.
 */
const PASSPORT = /^[A-Z][A-Z0-9]{5,8}$/;

/** The document type a valid `SoGiayTo` denotes, or undefined when it has no valid shape. */
export function documentTypeOf(doc: string): 'citizen-id' | 'cmnd' | 'passport' | undefined {
  if (isIdNumber(doc)) return 'citizen-id';
  if (isCmndNumber(doc)) return 'cmnd';
  if (PASSPORT.test(doc)) return 'passport';
  return undefined;
}

/** Best guess for an invalid `SoGiayTo`, so that `fields.documentType` is always set. */
export function guessDocumentType(doc: string): 'citizen-id' | 'cmnd' | 'passport' {
  const known = documentTypeOf(doc);
  if (known !== undefined) return known;
  if (/^\d+$/.test(doc)) return doc.length >= 10 ? 'citizen-id' : 'cmnd';
  return 'passport';
}

export function checkDocumentNumber(doc: string): Issue | undefined {
  if (doc === '') return issue('DOCUMENT_NUMBER_MISSING', 'SoGiayTo (document number) is empty.', 'SoGiayTo');
  if (documentTypeOf(doc) === undefined) {
    return issue(
      'DOCUMENT_NUMBER_FORMAT',
      'SoGiayTo must be a 12-digit ID, a 9-digit CMND or a passport number (letter + 5–8 letters/digits).',
      'SoGiayTo',
    );
  }
  return undefined;
}

/** `HoTen`: words of A–Z separated by exactly one space. */
export function checkName(name: string): Issue | undefined {
  const F = 'HoTen';
  if (name === '') return issue('NAME_MISSING', 'HoTen (full name) is empty.', F);
  if (name.length > NAME_MAX_LENGTH) {
    return issue('NAME_TOO_LONG', `HoTen is longer than ${NAME_MAX_LENGTH} characters.`, F);
  }
  let diacritics = false;
  let lowercase = false;
  let spacing = name.startsWith(' ') || name.endsWith(' ') || name.includes('  ');
  for (const ch of name) {
    if (ch >= 'A' && ch <= 'Z') continue;
    if (ch === ' ') continue;
    if (ch >= 'a' && ch <= 'z') lowercase = true;
    else if (/\s/.test(ch)) spacing = true;
    else if (/[\p{L}\p{M}]/u.test(ch) && /^[A-Z]*$/.test(foldName(ch))) diacritics = true;
    else return issue('NAME_FORMAT', 'HoTen may hold only the letters A–Z and spaces.', F);
  }
  if (diacritics) return issue('NAME_DIACRITICS', 'HoTen must be written without diacritics (Đ → D).', F);
  if (lowercase) return issue('NAME_LOWERCASE', 'HoTen must be in upper case.', F);
  if (spacing) {
    return issue('NAME_SPACING', 'HoTen words must be separated by exactly one space, none at the ends.', F);
  }
  return undefined;
}

/** `NgaySinh`: `YYYY-MM-DD`, a real date from 1900-01-01 to `today` (ISO, in Viet Nam). */
export function checkBirthDate(date: string, today: string): Issue | undefined {
  const F = 'NgaySinh';
  if (date === '') return issue('BIRTH_DATE_MISSING', 'NgaySinh (date of birth) is empty.', F);
  switch (birthDateProblem(date, today)) {
    case 'format':
      return issue('BIRTH_DATE_FORMAT', 'NgaySinh must be written YYYY-MM-DD.', F);
    case 'invalid':
      return issue('BIRTH_DATE_INVALID', `NgaySinh ${date} is not a calendar date.`, F);
    case 'too-old':
      return issue('BIRTH_DATE_TOO_OLD', `NgaySinh ${date} is before 1900.`, F);
    case 'future':
      return issue('BIRTH_DATE_FUTURE', `NgaySinh ${date} is in the future.`, F);
    case undefined:
      return undefined;
  }
}

/** `LoaiDinhDanh`: `0` or `1`. */
export function checkDeclarationType(text: string): Issue | undefined {
  if (text === '0' || text === '1') return undefined;
  return issue('DECLARATION_TYPE_FORMAT', 'LoaiDinhDanh must be 0 (self) or 1 (on behalf).', 'LoaiDinhDanh');
}

/** `QID`: 1–64 ASCII letters and digits; kept as a string. */
export function checkQid(qid: string): Issue | undefined {
  if (qid === '') return issue('QID_MISSING', 'QID is empty.', 'QID');
  if (qid.length > QID_MAX_LENGTH) {
    return issue('QID_TOO_LONG', `QID is longer than ${QID_MAX_LENGTH} characters.`, 'QID');
  }
  if (!isQid(qid)) return issue('QID_FORMAT', 'QID may hold only ASCII letters and digits.', 'QID');
  return undefined;
}

/** `EXT[0]`, when present: same shape as a QID. */
export function checkDeclarerQid(qid: string): Issue | undefined {
  if (!isQid(qid)) {
    return issue(
      'DECLARER_QID_FORMAT',
      `EXT[0] (declarer QID) must be 1–${QID_MAX_LENGTH} ASCII letters and digits.`,
      'EXT[0]',
    );
  }
  return undefined;
}

/** `EXT[1]`: `0`, `1` or `2`. */
export function checkGender(text: string): Issue | undefined {
  if (text === '0' || text === '1' || text === '2') return undefined;
  return issue('GENDER_FORMAT', 'EXT[1] (gender) must be 0 (unknown), 1 (male) or 2 (female).', 'EXT[1]');
}

/**
 * `EXT[2]`: BHYT card number, 2 letters (beneficiary group) + 13 digits, e.g. `HS4010120878821`.
 * The parser reports a mismatch as a warning only: the card layout has changed before, and a
 * bad insurance number must not make the identity QR unreadable.
 */
export function checkInsurance(text: string): Issue | undefined {
  if (/^[A-Z]{2}\d{13}$/.test(text)) return undefined;
  return issue(
    'INSURANCE_FORMAT',
    'EXT[2] (health-insurance number) should be 2 upper-case letters followed by 13 digits.',
    'EXT[2]',
  );
}

/** `EXT[3]`: Vietnamese phone number, 10 digits starting with 0. */
export function checkPhone(text: string): Issue | undefined {
  if (isPhone(text)) return undefined;
  return issue('PHONE_FORMAT', 'EXT[3] (phone) must be 10 digits starting with 0.', 'EXT[3]');
}

/** `EXT[4]`: only the OneQR profile prefix is checked here; the signature module verifies it. */
export function checkSignatureField(text: string): Issue | undefined {
  if (text.startsWith('S1.')) return undefined;
  return issue('SIGNATURE_FIELD_FORMAT', 'EXT[4] (signature) must start with "S1.".', 'EXT[4]');
}
