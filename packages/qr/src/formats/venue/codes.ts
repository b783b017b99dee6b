/** Error and warning codes owned by this folder. Stable: add, never rename. */
export const VENUE_CODES = [
  /** The text does not start with `OQV<version>:`. */
  'VENUE_PREFIX',
  /** The venue profile version is not 1. */
  'VENUE_VERSION_UNSUPPORTED',
  /** The text is longer than a version-10 QR at ECC M holds (213 bytes). */
  'VENUE_TOO_LONG',
  /** Not 4 (unsigned) or 5 (signed) `|`-separated fields after the prefix. */
  'VENUE_STRUCTURE',
  /** The venue id is not 1-22 characters of A-Z a-z 0-9 _ -. */
  'VENUE_ID_FORMAT',
  /** The province is not a 2-digit GSO code (01-99). */
  'VENUE_PROVINCE_FORMAT',
  /** The commune is neither empty nor a 5-digit GSO code. */
  'VENUE_COMMUNE_FORMAT',
  /** The name is not folded upper-case text of the allowed characters, single-spaced. */
  'VENUE_NAME_FORMAT',
  /** The name is longer than 64 characters. */
  'VENUE_NAME_TOO_LONG',
  /** The venue QR carries no signature (the profile requires one). */
  'VENUE_UNSIGNED',
] as const;
