/** Parser of the Decision 1405 personal QR (SPEC §2). */
import { issue } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { vietnamToday } from '../../lib/text.ts';
import { isIdNumber } from '../../identity.ts';
import { decodeCitizenId } from '../citizen-id/decode.ts';
import type { ClockOptions, StatedIdentity } from '../citizen-id/decode.ts';
import type { PersonalFields } from './fields.ts';
import {
  checkBirthDate,
  checkDeclarationType,
  checkDeclarerQid,
  checkDocumentNumber,
  checkGender,
  checkInsurance,
  checkName,
  checkPhone,
  checkQid,
  checkSignatureField,
  guessDocumentType,
} from './validate.ts';

/** Longer texts are refused before any work (a QR symbol holds at most 2953 bytes; read() allows 8 KiB). */
export const PERSONAL_MAX_LENGTH = 8192;

/** Removes one line terminator (CRLF, LF or CR) at the end, as keyboard-mode readers add. */
function stripLineEnd(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n') || text.endsWith('\r')) return text.slice(0, -1);
  return text;
}

/** Splits on the first five `|`; the sixth part (EXT) keeps any further `|`. Null if fewer. */
function splitSix(text: string): [string, string, string, string, string, string] | null {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const bar = text.indexOf('|', start);
    if (bar < 0) return null;
    parts.push(text.slice(start, bar));
    start = bar + 1;
  }
  const [a = '', b = '', c = '', d = '', e = ''] = parts;
  return [a, b, c, d, e, text.slice(start)];
}

/** Pushes the issue when there is one. */
function add(list: Issue[], found: Issue | undefined): void {
  if (found !== undefined) list.push(found);
}

/** Renames a citizen-id cross-check issue onto this format's field names. */
function onPersonalField(found: Issue): Issue {
  const field = found.field === 'birthDate' ? 'NgaySinh' : found.field === 'gender' ? 'EXT[1]' : 'SoGiayTo';
  return { ...found, field };
}

/**
 * Reads a 1405 personal QR `SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT`. Never throws.
 *
 * Tolerant where the standard leaves room: one trailing CR/LF is dropped, only the first five
 * `|` separate fields (the rest belongs to EXT), an empty EXT sub-field means absent and
 * trailing sub-fields may be omitted. Every field is checked with its own code; `fields` is null
 * only when the text lacks the six-field structure. A 12-digit document number is decoded and
 * compared with NgaySinh and the gender: a disagreement (or an unknown province) is a warning.
 *
 * @example
 * parsePersonal('001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700')
 * // fields.fullName === 'NGUYEN LE KHA HAN', fields.gender === 1, errors: []
 */
export function parsePersonal(text: string, options?: ClockOptions): Parsed<PersonalFields> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (text.length > PERSONAL_MAX_LENGTH) {
    errors.push(issue('INPUT_TOO_LONG', `Text is longer than ${PERSONAL_MAX_LENGTH} characters.`));
    return { fields: null, errors, warnings };
  }
  const body = stripLineEnd(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (body === '') {
    errors.push(issue('INPUT_EMPTY', 'Text is empty.'));
    return { fields: null, errors, warnings };
  }
  const parts = splitSix(body);
  if (parts === null) {
    errors.push(
      issue('PERSONAL_FIELD_COUNT', 'A personal QR has six fields separated by "|"; fewer were found.'),
    );
    return { fields: null, errors, warnings };
  }
  const [documentNumber, fullName, birthDate, typeText, qid, extText] = parts;
  const now = options?.now ?? new Date();

  add(errors, checkDocumentNumber(documentNumber));
  add(errors, checkName(fullName));
  const birthIssue = checkBirthDate(birthDate, vietnamToday(now));
  add(errors, birthIssue);
  add(errors, checkDeclarationType(typeText));
  add(errors, checkQid(qid));

  const fields: PersonalFields = {
    documentNumber,
    documentType: guessDocumentType(documentNumber),
    fullName,
    birthDate,
    declarationType: typeText === '1' ? 1 : 0,
    qid,
    reserved: [],
    ext: extText === '' ? [] : extText.split('<'),
  };

  const [declarer = '', genderText = '', insurance = '', phone = '', signature = ''] = fields.ext;
  fields.reserved = fields.ext.slice(5);

  if (declarer !== '') {
    fields.declarerQid = declarer;
    add(errors, checkDeclarerQid(declarer));
    if (typeText === '0') {
      warnings.push(
        issue('DECLARER_QID_UNEXPECTED', 'EXT[0] (declarer QID) is set but LoaiDinhDanh is 0.', 'EXT[0]'),
      );
    }
  } else if (typeText === '1') {
    errors.push(
      issue('DECLARER_QID_MISSING', 'LoaiDinhDanh is 1 but EXT[0] (declarer QID) is empty.', 'EXT[0]'),
    );
  }
  if (genderText !== '') {
    const bad = checkGender(genderText);
    if (bad === undefined) fields.gender = Number(genderText) as 0 | 1 | 2;
    else errors.push(bad);
  }
  if (insurance !== '') {
    fields.insuranceNumber = insurance;
    add(warnings, checkInsurance(insurance));
  }
  if (phone !== '') {
    fields.phone = phone;
    add(errors, checkPhone(phone));
  }
  if (signature !== '') {
    fields.signature = signature;
    add(errors, checkSignatureField(signature));
    if (fields.reserved.length > 0) {
      errors.push(issue('EXT_AFTER_SIGNATURE', 'Nothing may follow the signature in EXT[4].', 'EXT'));
    }
  }

  if (fields.documentType === 'citizen-id' && isIdNumber(documentNumber)) {
    const stated: StatedIdentity = {};
    if (birthIssue === undefined) stated.birthDate = birthDate;
    if (fields.gender === 1) stated.gender = 'male';
    if (fields.gender === 2) stated.gender = 'female';
    const decoded = decodeCitizenId(documentNumber, stated, { now });
    // The payload states the number; its inner structure is advisory, so all findings warn.
    for (const found of [...decoded.errors, ...decoded.warnings]) warnings.push(onPersonalField(found));
  }
  return { fields, errors, warnings };
}
