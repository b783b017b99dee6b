/**
 * The shapes of the identity fields that every part of OneQR checks (this library, the server's
 * route schemas and registry, the CLI), each defined once. `*_PATTERN` strings are JSON Schema
 * patterns, so a TypeBox schema can be built from them; the predicates test the same rule.
 */
import { isRealDate, splitIsoDate } from './lib/text.ts';

/** A date written `YYYY-MM-DD` (the shape only: {@link isIsoDate} also checks the calendar). */
export { ISO_DATE_PATTERN } from './lib/text.ts';

/** The 12-digit personal identification number on a CCCD (SPEC §3.1). */
export const ID_NUMBER_PATTERN = '^\\d{12}$';
/** The 9-digit number of the older identity card (CMND). */
export const CMND_PATTERN = '^\\d{9}$';
/** Oldest accepted date of birth. */
export const MIN_BIRTH_DATE = '1900-01-01';
/** A Vietnamese phone number: 10 digits starting with 0. */
export const PHONE_PATTERN = '^0\\d{9}$';
/** Longest accepted QID; the public sample has 18 characters. */
export const QID_MAX_LENGTH = 64;
/** A QID: 1–64 ASCII letters and digits, opaque (never a number). */
export const QID_PATTERN = `^[A-Za-z0-9]{1,${QID_MAX_LENGTH}}$`;
/** An issuer (app) id in the trust list, e.g. `pc-covid`. */
export const ISSUER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

const ID_NUMBER = new RegExp(ID_NUMBER_PATTERN);
const CMND = new RegExp(CMND_PATTERN);
const PHONE = new RegExp(PHONE_PATTERN);
const QID = new RegExp(QID_PATTERN);
const ISSUER_ID = new RegExp(ISSUER_ID_PATTERN);

/** A 12-digit personal identification number (the shape; decodeCitizenId checks its meaning). */
export const isIdNumber = (text: string): boolean => ID_NUMBER.test(text);
/** A 9-digit CMND number. */
export const isCmndNumber = (text: string): boolean => CMND.test(text);
export const isPhone = (text: string): boolean => PHONE.test(text);
export const isQid = (text: string): boolean => QID.test(text);
export const isIssuerId = (text: string): boolean => ISSUER_ID.test(text);

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const ymd = splitIsoDate(text);
  return ymd !== null && isRealDate(ymd.y, ymd.m, ymd.d);
}

/** What is wrong with a date of birth; each format reports it with its own code and words. */
export type BirthDateProblem = 'format' | 'invalid' | 'too-old' | 'future';

/**
 * The rule for a date of birth: `YYYY-MM-DD`, a real date, from {@link MIN_BIRTH_DATE} to
 * `today` (`YYYY-MM-DD` in Viet Nam, see vietnamToday). Undefined when the date is good.
 */
export function birthDateProblem(date: string, today: string): BirthDateProblem | undefined {
  const ymd = splitIsoDate(date);
  if (ymd === null) return 'format';
  if (!isRealDate(ymd.y, ymd.m, ymd.d)) return 'invalid';
  if (date < MIN_BIRTH_DATE) return 'too-old';
  if (date > today) return 'future';
  return undefined;
}
