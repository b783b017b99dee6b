/**
 * Row-level problem codes of the dose-record import (CSV and JSON lines). Stable: add, never
 * rename. CSV syntax problems use the registry reader's codes (REGISTRY_CSV_*) as they are.
 */
export const DOSE_ROW_CODES = [
  /** record_id or site is empty, or longer than 100 characters. */
  'DOSE_KEY_INVALID',
  /** The vaccine is neither an EU value-set product code of SPEC §7 nor a known local name. */
  'DOSE_VACCINE_UNKNOWN',
  /** vaccination_date is not YYYY-MM-DD or DD/MM/YYYY of a real date (31/02/2021). */
  'DOSE_DATE_INVALID',
  /** vaccination_date is later than today (Viet Nam). */
  'DOSE_DATE_FUTURE',
  /** birth_date is given but is not YYYY-MM-DD or DD/MM/YYYY of a real date. */
  'DOSE_BIRTH_DATE_INVALID',
  /** dose_number is not a whole number from 1 to 10. */
  'DOSE_NUMBER_INVALID',
  /** A field is longer than its limit (names 100, others 64 characters). */
  'DOSE_FIELD_TOO_LONG',
  /** The record holds bytes that are not UTF-8 (decoded as U+FFFD) or control characters. */
  'DOSE_ENCODING',
  /** A JSON line that is not a JSON object of strings and numbers. */
  'DOSE_JSON_INVALID',
  /** The same (site, record_id) appears earlier in the same file. */
  'DOSE_DUPLICATE',
] as const;

export type DoseRowCode = (typeof DOSE_ROW_CODES)[number];
