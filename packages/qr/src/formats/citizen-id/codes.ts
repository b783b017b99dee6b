/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const CITIZEN_ID_CODES = [
  /** Not 12 digits (personal ID) or 9 digits (CMND). */
  'CITIZEN_ID_FORMAT',
  /** Digits 1–3 are not a province code of the table. */
  'CITIZEN_ID_PROVINCE_UNKNOWN',
  /** Digits 4–6 give a birth year after the current year. */
  'CITIZEN_ID_BIRTH_YEAR_FUTURE',
  /** Warning: the stated date of birth has another year than the one encoded in the ID. */
  'CITIZEN_ID_BIRTH_YEAR_MISMATCH',
  /** Warning: the stated gender differs from the one encoded in digit 4. */
  'CITIZEN_ID_GENDER_MISMATCH',
  /** makeCitizenId: the province code is not three digits. */
  'CITIZEN_ID_PROVINCE_FORMAT',
  /** makeCitizenId: the birth year is outside 1900–2399 (what digit 4 can encode). */
  'CITIZEN_ID_BIRTH_YEAR_RANGE',
  /** makeCitizenId: the random part is not six digits. */
  'CITIZEN_ID_RANDOM_FORMAT',
] as const;
