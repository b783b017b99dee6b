/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const PERSONAL_CODES = [
  /** Fewer than six `|`-separated fields. */
  'PERSONAL_FIELD_COUNT',
  /** `SoGiayTo` is empty. */
  'DOCUMENT_NUMBER_MISSING',
  /** `SoGiayTo` is not 12 digits, 9 digits, or a passport number (letter + 5–8 letters/digits). */
  'DOCUMENT_NUMBER_FORMAT',
  /** `HoTen` is empty. */
  'NAME_MISSING',
  /** `HoTen` is longer than 100 characters. */
  'NAME_TOO_LONG',
  /** `HoTen` carries diacritics or `Đ` (must be folded to plain A–Z). */
  'NAME_DIACRITICS',
  /** `HoTen` has lower-case letters. */
  'NAME_LOWERCASE',
  /** `HoTen` has leading, trailing or repeated spaces, or another whitespace character. */
  'NAME_SPACING',
  /** `HoTen` has a character other than A–Z and space (digit, punctuation, …). */
  'NAME_FORMAT',
  /** `NgaySinh` is empty. */
  'BIRTH_DATE_MISSING',
  /** `NgaySinh` is not `YYYY-MM-DD`. */
  'BIRTH_DATE_FORMAT',
  /** `NgaySinh` has the right shape but is not a calendar date (e.g. `2001-02-29`). */
  'BIRTH_DATE_INVALID',
  /** `NgaySinh` is before 1900-01-01. */
  'BIRTH_DATE_TOO_OLD',
  /** `NgaySinh` is after today (in Viet Nam). */
  'BIRTH_DATE_FUTURE',
  /** `LoaiDinhDanh` is not `0` or `1`. */
  'DECLARATION_TYPE_FORMAT',
  /** `QID` is empty. */
  'QID_MISSING',
  /** `QID` has a character other than ASCII letters and digits. */
  'QID_FORMAT',
  /** `QID` is longer than 64 characters. */
  'QID_TOO_LONG',
  /** `LoaiDinhDanh` is 1 but `EXT[0]` (the declarer's QID) is empty. */
  'DECLARER_QID_MISSING',
  /** `EXT[0]` is not 1–64 ASCII letters and digits. */
  'DECLARER_QID_FORMAT',
  /** Warning from the parser (error from the builder): `EXT[0]` is set but `LoaiDinhDanh` is 0. */
  'DECLARER_QID_UNEXPECTED',
  /** `EXT[1]` is not `0`, `1` or `2`. */
  'GENDER_FORMAT',
  /** Warning from the parser (error from the builder): `EXT[2]` is not 2 letters + 13 digits. */
  'INSURANCE_FORMAT',
  /** `EXT[3]` is not 10 digits starting with 0. */
  'PHONE_FORMAT',
  /** `EXT[4]` does not start with `S1.` (the OneQR signature profile). */
  'SIGNATURE_FIELD_FORMAT',
  /** Sub-fields follow the signature in `EXT[5+]`; nothing may follow it. */
  'EXT_AFTER_SIGNATURE',
] as const;
