/** Error codes owned by this folder. Stable: add, never rename. */
export const DECLARATION_CODES = [
  /** The text does not start with `OQD<version>:`. */
  'DECLARATION_PREFIX',
  /** The declaration profile version is not 1. */
  'DECLARATION_VERSION_UNSUPPORTED',
  /** The text is longer than a version-10 QR at ECC M holds (213 bytes). */
  'DECLARATION_TOO_LONG',
  /** Not 6 (unsigned) or 7 (signed) `|`-separated fields after the prefix. */
  'DECLARATION_STRUCTURE',
  /** The declaration id is not 1-22 characters of A-Z a-z 0-9 _ -. */
  'DECLARATION_ID_FORMAT',
  /** The person is not a 12-digit ID number. */
  'DECLARATION_PERSON_FORMAT',
  /** The origin or destination is not a 2-digit GSO province code (01-99). */
  'DECLARATION_PROVINCE_FORMAT',
  /** The travel date is not a real YYYY-MM-DD date. */
  'DECLARATION_DATE_FORMAT',
  /** The expiry is not Unix seconds in lower-case base 36 inside the profile's range. */
  'DECLARATION_EXPIRY_FORMAT',
  /** The expiry is not after the issue time, or more than 72 hours after it. */
  'DECLARATION_VALIDITY_TOO_LONG',
  /** The checking instant is after the expiry. */
  'DECLARATION_EXPIRED',
  /** The declaration QR carries no signature (the profile requires one). */
  'DECLARATION_UNSIGNED',
] as const;
