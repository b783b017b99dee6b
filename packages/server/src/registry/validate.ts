/**
 * Validation of one person record, shared by the CSV import and POST /v1/registry/persons.
 * Never throws; returns every problem found, each naming its field.
 */
import {
  birthDateProblem,
  type BirthDateProblem,
  decodeCitizenId,
  foldName,
  isPhone,
  PROVINCES,
  vietnamToday,
} from '@oneqr/qr';
import { DOCUMENT_TYPES, GENDERS, type DocumentType, type Gender } from './person.ts';

/** A person record as it arrives (strings; empty string = absent for the optional fields). */
export interface PersonInput {
  idNumber: string;
  documentType?: string | undefined;
  fullName: string;
  birthDate: string;
  gender?: string | undefined;
  phone?: string | null | undefined;
  provinceCode?: string | null | undefined;
  address?: string | null | undefined;
}

/** A record that passed validation, normalised (trimmed, NFC, name folded). */
export interface ValidPerson {
  idNumber: string;
  documentType: DocumentType;
  fullName: string;
  nameFolded: string;
  birthDate: string;
  gender: Gender;
  phone: string | null;
  provinceCode: string | null;
  address: string | null;
}

export type PersonField = keyof PersonInput;

/** One problem with one field. `code` is a REGISTRY_* row code or a CITIZEN_ID_* code. */
export interface RowIssue {
  code: string;
  field: PersonField;
  message: string;
}

export interface Validated {
  person: ValidPerson | null;
  errors: RowIssue[];
  /** Accepted anyway (SPEC §3.1): ID disagrees with the birth year or gender. */
  warnings: RowIssue[];
}

export const NAME_MAX = 100;
export const ADDRESS_MAX = 200;
/**
 * Any number the registry holds, as a route pattern: a 12-digit ID, a 9-digit CMND or a
 * passport number of 6 to 20 letters or digits (looser than the 1405 code's passport shape:
 * the register keeps foreign passports the QR cannot carry).
 */
export const PERSON_ID_PATTERN = '^[A-Za-z0-9]{6,20}$';
const PERSON_ID = new RegExp(PERSON_ID_PATTERN);

/** The 63 two-digit GSO codes: the ID's three-digit birth-province code without its leading 0. */
export const PROVINCE_CODES_2: ReadonlySet<string> = new Set(PROVINCES.map((p) => p.code.slice(1)));

/**
 * A province code as written in either spelling in use: the two-digit GSO code (`79`) or the
 * three-digit form of the ID prefix and the province table (`079`); returned in the two-digit
 * form the registry stores. Anything else is returned trimmed, for the caller to reject.
 */
export function normaliseProvinceCode(raw: string): string {
  const code = raw.trim();
  return /^0\d\d$/.test(code) ? code.slice(1) : code;
}

const NAME_CHARS = /^[\p{L}\p{M}' .-]+$/u;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const SPACES = /\s+/g;

const issue = (code: string, field: PersonField, message: string): RowIssue => ({ code, field, message });

/** The registry's codes and words for each way a birth date breaks the one rule (@oneqr/qr). */
const BIRTH_DATE_ISSUES: Record<BirthDateProblem, (date: string) => RowIssue> = {
  format: () => issue('REGISTRY_BIRTH_DATE_FORMAT', 'birthDate', 'Birth date must be YYYY-MM-DD.'),
  invalid: (date) => issue('REGISTRY_BIRTH_DATE_INVALID', 'birthDate', `Birth date ${date} does not exist.`),
  'too-old': () => issue('REGISTRY_BIRTH_DATE_RANGE', 'birthDate', 'Birth date is before 1900.'),
  future: () => issue('REGISTRY_BIRTH_DATE_FUTURE', 'birthDate', 'Birth date is in the future.'),
};

/**
 * Checks an ID number against its document type (inferred from the shape when absent: 12 digits
 * citizen ID, 9 digits CMND, letters → passport). Returns the normalised number and type, or the
 * problem. 12-digit IDs are decoded (province, century; birth year not in the future).
 */
export function validateIdNumber(
  raw: string,
  documentType: string | undefined,
  now: Date,
  stated?: { birthDate?: string; gender?: 'male' | 'female' },
): { idNumber: string; documentType: DocumentType; warnings: RowIssue[] } | { error: RowIssue } {
  const idNumber = raw.trim().toUpperCase();
  const declared = documentType?.trim() ?? '';
  if (declared !== '' && !(DOCUMENT_TYPES as readonly string[]).includes(declared)) {
    return {
      error: issue(
        'REGISTRY_DOCUMENT_TYPE_INVALID',
        'documentType',
        'Document type must be citizen-id, cmnd or passport.',
      ),
    };
  }
  const isDigits = /^\d+$/.test(idNumber);
  if (declared === 'passport' || (declared === '' && idNumber !== '' && !isDigits)) {
    if (!PERSON_ID.test(idNumber)) {
      return {
        error: issue(
          'REGISTRY_PASSPORT_FORMAT',
          'idNumber',
          'Passport number must be 6 to 20 letters or digits.',
        ),
      };
    }
    return { idNumber, documentType: 'passport', warnings: [] };
  }
  const decoded = decodeCitizenId(idNumber, stated, { now });
  const first = decoded.errors[0];
  if (decoded.fields === null || first !== undefined) {
    const e = first ?? { code: 'CITIZEN_ID_FORMAT', message: 'ID number is not valid.' };
    return { error: issue(e.code, 'idNumber', e.message) };
  }
  if (declared !== '' && declared !== decoded.fields.type) {
    return {
      error: issue(
        'REGISTRY_DOCUMENT_TYPE_MISMATCH',
        'documentType',
        `Document type is ${declared} but the number has the shape of a ${decoded.fields.type}.`,
      ),
    };
  }
  const warnings = decoded.warnings.map((w) =>
    issue(w.code, w.field === 'gender' ? 'gender' : 'birthDate', w.message),
  );
  return { idNumber, documentType: decoded.fields.type, warnings };
}

/** Validates and normalises one record. `now` judges "in the future". */
export function validatePerson(input: PersonInput, now: Date): Validated {
  const errors: RowIssue[] = [];

  const fullName = input.fullName.normalize('NFC').replace(SPACES, ' ').trim();
  if (fullName === '') errors.push(issue('REGISTRY_NAME_EMPTY', 'fullName', 'Full name is empty.'));
  else if (fullName.length > NAME_MAX)
    errors.push(
      issue('REGISTRY_NAME_TOO_LONG', 'fullName', `Full name is longer than ${NAME_MAX} characters.`),
    );
  else if (!NAME_CHARS.test(fullName))
    errors.push(
      issue('REGISTRY_NAME_CHARACTERS', 'fullName', "Full name may hold only letters, spaces, . ' and -."),
    );

  const birthDate = input.birthDate.trim();
  const birthProblem = birthDateProblem(birthDate, vietnamToday(now));
  if (birthProblem !== undefined) errors.push(BIRTH_DATE_ISSUES[birthProblem](birthDate));

  const genderText = (input.gender ?? '').trim();
  const gender = (genderText === '' ? 'unknown' : genderText) as Gender;
  const genderOk = (GENDERS as readonly string[]).includes(gender);
  if (!genderOk)
    errors.push(issue('REGISTRY_GENDER_INVALID', 'gender', 'Gender must be male, female or unknown.'));

  const phone = (input.phone ?? '').trim();
  if (phone !== '' && !isPhone(phone))
    errors.push(issue('REGISTRY_PHONE_FORMAT', 'phone', 'Phone must be 10 digits starting with 0.'));

  const provinceCode = normaliseProvinceCode(input.provinceCode ?? '');
  if (provinceCode !== '' && !PROVINCE_CODES_2.has(provinceCode))
    errors.push(
      issue(
        'REGISTRY_PROVINCE_UNKNOWN',
        'provinceCode',
        'Province code must be one of the 63 GSO codes, as two digits (79) or three (079).',
      ),
    );

  const address = (input.address ?? '').normalize('NFC').trim();
  if (address.length > ADDRESS_MAX)
    errors.push(
      issue('REGISTRY_ADDRESS_TOO_LONG', 'address', `Address is longer than ${ADDRESS_MAX} characters.`),
    );
  else if (CONTROL_CHARS.test(address))
    errors.push(issue('REGISTRY_ADDRESS_CHARACTERS', 'address', 'Address holds control characters.'));

  const stated: { birthDate?: string; gender?: 'male' | 'female' } = {};
  if (birthProblem === undefined) stated.birthDate = birthDate;
  if (gender === 'male' || gender === 'female') stated.gender = gender;
  const id = validateIdNumber(input.idNumber, input.documentType, now, stated);
  if ('error' in id) errors.unshift(id.error);

  if (errors.length > 0 || 'error' in id) return { person: null, errors, warnings: [] };
  return {
    person: {
      idNumber: id.idNumber,
      documentType: id.documentType,
      fullName,
      nameFolded: foldName(fullName),
      birthDate,
      gender,
      phone: phone === '' ? null : phone,
      provinceCode: provinceCode === '' ? null : provinceCode,
      address: address === '' ? null : address,
    },
    errors,
    warnings: id.warnings,
  };
}
