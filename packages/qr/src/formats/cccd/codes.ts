/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const CCCD_CODES = [
  /** Fewer than six `|`-separated fields. */
  'CCCD_FIELD_COUNT',
  /** Warning: more than seven fields (newer card layout); the extra ones are kept raw. */
  'CCCD_EXTRA_FIELDS',
  /** Field 1 is not a 12-digit ID number. */
  'CCCD_ID_FORMAT',
  /** Field 2 (old CMND number) is neither empty nor 9 or 12 digits. */
  'CCCD_OLD_ID_FORMAT',
  /** Field 3 (name) is empty. */
  'CCCD_NAME_MISSING',
  /** Field 3 is longer than 100 characters. */
  'CCCD_NAME_TOO_LONG',
  /** Field 3 looks garbled: UTF-8 decoded with another charset (`Nguyá»…n`) or a U+FFFD. */
  'CCCD_NAME_ENCODING',
  /** Field 3 has a character other than letters, marks, spaces, `'`, `’`, `-`, `.`. */
  'CCCD_NAME_FORMAT',
  /** Field 4 (date of birth) is not `ddMMyyyy`. */
  'CCCD_BIRTH_DATE_FORMAT',
  /** Field 4 is not a calendar date (e.g. `31022000`). */
  'CCCD_BIRTH_DATE_INVALID',
  /** Field 4 is before 1900. */
  'CCCD_BIRTH_DATE_TOO_OLD',
  /** Field 4 is after today (in Viet Nam). */
  'CCCD_BIRTH_DATE_FUTURE',
  /** Field 5 is not `Nam` or `Nữ`. */
  'CCCD_GENDER_FORMAT',
  /** Field 6 (permanent address) is empty. */
  'CCCD_ADDRESS_MISSING',
  /** Field 6 looks garbled by a wrong charset. */
  'CCCD_ADDRESS_ENCODING',
  /** Warning: field 7 (issue date) is absent or empty. */
  'CCCD_ISSUE_DATE_MISSING',
  /** Field 7 is not `ddMMyyyy`. */
  'CCCD_ISSUE_DATE_FORMAT',
  /** Field 7 is not a calendar date. */
  'CCCD_ISSUE_DATE_INVALID',
  /** Field 7 is after today (in Viet Nam). */
  'CCCD_ISSUE_DATE_FUTURE',
  /** Field 7 is before the date of birth. */
  'CCCD_ISSUE_DATE_BEFORE_BIRTH',
] as const;
