/**
 * Row-level problem codes of the registry (CSV import, POST /v1/registry/persons). Stable: add,
 * never rename. ID-number problems use the codes of decodeCitizenId (CITIZEN_ID_*) as they are.
 */
export const REGISTRY_ROW_CODES = [
  /** document_type is not citizen-id, cmnd or passport. */
  'REGISTRY_DOCUMENT_TYPE_INVALID',
  /** document_type says citizen-id/cmnd but the number has the other shape. */
  'REGISTRY_DOCUMENT_TYPE_MISMATCH',
  /** A passport number is not 6–20 letters or digits. */
  'REGISTRY_PASSPORT_FORMAT',
  'REGISTRY_NAME_EMPTY',
  'REGISTRY_NAME_TOO_LONG',
  /** The name holds something other than letters, marks, spaces, apostrophes, dots or hyphens. */
  'REGISTRY_NAME_CHARACTERS',
  /** Not of the shape YYYY-MM-DD. */
  'REGISTRY_BIRTH_DATE_FORMAT',
  /** YYYY-MM-DD but no such calendar date. */
  'REGISTRY_BIRTH_DATE_INVALID',
  'REGISTRY_BIRTH_DATE_FUTURE',
  /** Before 1900. */
  'REGISTRY_BIRTH_DATE_RANGE',
  'REGISTRY_GENDER_INVALID',
  /** Not 10 digits starting with 0. */
  'REGISTRY_PHONE_FORMAT',
  /** Not one of the 63 GSO province codes, two-digit (`79`) or three-digit (`079`). */
  'REGISTRY_PROVINCE_UNKNOWN',
  'REGISTRY_ADDRESS_TOO_LONG',
  /** Control characters in the address. */
  'REGISTRY_ADDRESS_CHARACTERS',
  /** The record has fewer fields than the header needs. */
  'REGISTRY_CSV_FIELD_COUNT',
  /** Characters after a closing quote, before the next comma or line end. */
  'REGISTRY_CSV_QUOTE',
  /** A quoted field runs to the end of the file. */
  'REGISTRY_CSV_UNTERMINATED_QUOTE',
  /** A record longer than the limit (64 KiB). */
  'REGISTRY_CSV_ROW_TOO_LONG',
  /** The same ID number appears earlier in the same batch of the file. */
  'REGISTRY_ID_DUPLICATE',
] as const;

export type RegistryRowCode = (typeof REGISTRY_ROW_CODES)[number];
