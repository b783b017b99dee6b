/** Parser of the chip-based citizen ID card QR (CCCD, SPEC §3). */
import { issue } from '../../errors.ts';
import type { ErrorCode, Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { formatIsoDate, isRealDate, stripTrailingNewlines, vietnamToday } from '../../lib/text.ts';
import { decodeCitizenId } from '../citizen-id/decode.ts';
import { birthDateProblem, isCmndNumber, isIdNumber } from '../../identity.ts';
import type { ClockOptions, StatedIdentity } from '../citizen-id/decode.ts';
import type { CccdFields } from './fields.ts';

/** Longer texts are refused before any work (read() allows 8 KiB). */
export const CCCD_MAX_LENGTH = 8192;
const NAME_MAX_LENGTH = 100;

/**
 * Signs of UTF-8 read as Latin-1/Windows-1252: U+FFFD, C1 controls, `Ä`/`Æ` (lead bytes of
 * ă đ ơ ư; not Vietnamese letters), `á` + `¸ ¹ º »` (lead of ạ…ỹ), `Ã` + a continuation byte.
 */
const MOJIBAKE =
  /[\uFFFD\u0080-\u009F\u00C4\u00C6]|\u00E1[\u00B8-\u00BB]|\u00C3[\u00A0-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/;
/** Letters, combining marks, space and the punctuation of ethnic-minority names (`H'Hen Niê`). */
const NAME_CHARS = /^[\p{L}\p{M} '\u2019.-]+$/u;

interface DateCodes {
  format: ErrorCode;
  invalid: ErrorCode;
}

/** `ddMMyyyy` → ISO, or an issue. */
function readDate(text: string, field: string, label: string, codes: DateCodes): string | Issue {
  if (!/^\d{8}$/.test(text)) return issue(codes.format, `${label} must be written ddMMyyyy.`, field);
  const ymd = { d: Number(text.slice(0, 2)), m: Number(text.slice(2, 4)), y: Number(text.slice(4, 8)) };
  if (!isRealDate(ymd.y, ymd.m, ymd.d)) {
    return issue(codes.invalid, `${label} ${text} is not a calendar date.`, field);
  }
  return formatIsoDate(ymd);
}

function readGender(text: string): 'male' | 'female' | undefined {
  const g = text.normalize('NFC').trim().toLowerCase();
  if (g === 'nam') return 'male';
  if (g === 'n\u1eef') return 'female';
  return undefined;
}

/**
 * Reads the CCCD card QR `ID|oldID|name|ddMMyyyy|Nam/Nữ|address|ddMMyyyy`. Never throws.
 * Tolerant: trailing CR/LF and a BOM are dropped; 6 fields (no issue date) and 8+ fields (newer
 * cards: kept raw in `extra`, with a warning) are accepted. Name and address are NFC-normalised.
 * The ID number is decoded and cross-checked: unknown province or future birth year are errors,
 * a disagreement with the printed birth year or gender a warning. `fields` is null when there
 * are fewer than six fields, or when the gender can be read neither from field 5 nor the ID.
 *
 * @example
 * parseCccd('079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi, Quận 1, TP Hồ Chí Minh|20042021').fields
 * // { idNumber: '079201012345', fullName: 'Nguyễn Văn Ánh', birthDate: '2001-06-15', gender: 'male', … }
 */
export function parseCccd(text: string, options?: ClockOptions): Parsed<CccdFields> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (text.length > CCCD_MAX_LENGTH) {
    errors.push(issue('INPUT_TOO_LONG', `Text is longer than ${CCCD_MAX_LENGTH} characters.`));
    return { fields: null, errors, warnings };
  }
  const body = stripTrailingNewlines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (body === '') {
    errors.push(issue('INPUT_EMPTY', 'Text is empty.'));
    return { fields: null, errors, warnings };
  }
  const parts = body.split('|');
  if (parts.length < 6) {
    errors.push(
      issue('CCCD_FIELD_COUNT', 'A CCCD QR has seven fields separated by "|"; fewer than six were found.'),
    );
    return { fields: null, errors, warnings };
  }
  const [idNumber = '', oldId = '', rawName = '', birthText = '', genderText = '', rawAddress = ''] = parts;
  const issueText = parts[6] ?? '';
  const extra = parts.slice(7);
  const now = options?.now ?? new Date();
  const today = vietnamToday(now);

  if (!isIdNumber(idNumber)) {
    errors.push(issue('CCCD_ID_FORMAT', 'ID number (field 1) must be 12 digits.', 'idNumber'));
  }
  if (oldId !== '' && !isCmndNumber(oldId) && !isIdNumber(oldId)) {
    errors.push(
      issue('CCCD_OLD_ID_FORMAT', 'Old CMND number (field 2) must be empty, 9 or 12 digits.', 'oldIdNumber'),
    );
  }

  const fullName = rawName.normalize('NFC');
  if (fullName.trim() === '') errors.push(issue('CCCD_NAME_MISSING', 'Name (field 3) is empty.', 'fullName'));
  else if (fullName.length > NAME_MAX_LENGTH) {
    errors.push(
      issue('CCCD_NAME_TOO_LONG', `Name (field 3) is longer than ${NAME_MAX_LENGTH} characters.`, 'fullName'),
    );
  } else if (MOJIBAKE.test(fullName)) {
    errors.push(
      issue(
        'CCCD_NAME_ENCODING',
        'Name (field 3) looks garbled: the QR text was not decoded as UTF-8.',
        'fullName',
      ),
    );
  } else if (!NAME_CHARS.test(fullName)) {
    errors.push(
      issue('CCCD_NAME_FORMAT', "Name (field 3) may hold only letters, spaces and ' - .", 'fullName'),
    );
  }

  let birthDate = birthText;
  const birth = readDate(birthText, 'birthDate', 'Date of birth (field 4)', {
    format: 'CCCD_BIRTH_DATE_FORMAT',
    invalid: 'CCCD_BIRTH_DATE_INVALID',
  });
  if (typeof birth !== 'string') errors.push(birth);
  else {
    birthDate = birth;
    const problem = birthDateProblem(birth, today);
    if (problem === 'too-old') {
      errors.push(
        issue('CCCD_BIRTH_DATE_TOO_OLD', `Date of birth (field 4) ${birth} is before 1900.`, 'birthDate'),
      );
    } else if (problem === 'future') {
      errors.push(
        issue('CCCD_BIRTH_DATE_FUTURE', `Date of birth (field 4) ${birth} is in the future.`, 'birthDate'),
      );
    }
  }

  const printedGender = readGender(genderText);
  if (printedGender === undefined) {
    errors.push(issue('CCCD_GENDER_FORMAT', 'Gender (field 5) must be "Nam" or "Nữ".', 'gender'));
  }

  const address = rawAddress.normalize('NFC');
  if (address.trim() === '')
    errors.push(issue('CCCD_ADDRESS_MISSING', 'Address (field 6) is empty.', 'address'));
  else if (MOJIBAKE.test(address)) {
    errors.push(
      issue(
        'CCCD_ADDRESS_ENCODING',
        'Address (field 6) looks garbled: the QR text was not decoded as UTF-8.',
        'address',
      ),
    );
  }

  let issueDate: string | undefined;
  if (issueText === '') {
    warnings.push(issue('CCCD_ISSUE_DATE_MISSING', 'Issue date (field 7) is absent.', 'issueDate'));
  } else {
    const issued = readDate(issueText, 'issueDate', 'Issue date (field 7)', {
      format: 'CCCD_ISSUE_DATE_FORMAT',
      invalid: 'CCCD_ISSUE_DATE_INVALID',
    });
    if (typeof issued !== 'string') {
      errors.push(issued);
      issueDate = issueText;
    } else {
      issueDate = issued;
      if (issued > today) {
        errors.push(
          issue('CCCD_ISSUE_DATE_FUTURE', `Issue date (field 7) ${issued} is in the future.`, 'issueDate'),
        );
      } else if (typeof birth === 'string' && issued < birth) {
        errors.push(
          issue(
            'CCCD_ISSUE_DATE_BEFORE_BIRTH',
            'Issue date (field 7) is before the date of birth.',
            'issueDate',
          ),
        );
      }
    }
  }
  if (extra.length > 0) {
    warnings.push(
      issue(
        'CCCD_EXTRA_FIELDS',
        `${extra.length} field(s) after the 7th kept uninterpreted (newer card layout).`,
      ),
    );
  }

  let idGender: 'male' | 'female' | undefined;
  if (isIdNumber(idNumber)) {
    const stated: StatedIdentity = {};
    if (typeof birth === 'string') stated.birthDate = birth;
    if (printedGender !== undefined) stated.gender = printedGender;
    const decoded = decodeCitizenId(idNumber, stated, { now });
    errors.push(...decoded.errors);
    warnings.push(...decoded.warnings);
    idGender = decoded.fields?.gender;
  }
  const gender = printedGender ?? idGender;
  if (gender === undefined) return { fields: null, errors, warnings };

  const fields: CccdFields = { idNumber, fullName, birthDate, gender, address, extra, raw: text };
  if (oldId !== '') fields.oldIdNumber = oldId;
  if (issueDate !== undefined) fields.issueDate = issueDate;
  return { fields, errors, warnings };
}
