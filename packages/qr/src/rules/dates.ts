/**
 * CertLogic date-times: the string formats `plusTime` and `dccDateOfBirth` accept, and offsetting
 * exactly as the spec prescribes (UTC setters of the JS Date). Parsing is linear-time.
 */
import { RuleEngineError } from './errors.ts';

export const TIME_UNITS = ['year', 'month', 'day', 'hour'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,32}))?(Z|[+-]\d{1,4}|[+-]\d{1,2}:\d{2})?$/;

const invalid = (text: string): never => {
  throw new RuleEngineError(
    'RULE_TYPE_MISMATCH',
    `not a date(-time) in a CertLogic format: "${text.slice(0, 40)}"`,
  );
};

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // setUTCFullYear keeps years < 100 literal
  date.setUTCHours(h, mi, s, ms);
  return date;
}

function lastDayOfMonth(y: number, mo: number): number {
  return utc(y, mo + 1, 0).getUTCDate();
}

/** Calendar fields must exist as given (no 2021-02-30 rolling over to March). */
function checked(text: string, y: number, mo: number, d: number): void {
  if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo)) invalid(text);
}

/** `dccDateOfBirth`: YYYY → 31 Dec, YYYY-MM → last day of the month, YYYY-MM-DD as is (UTC midnight). */
export function dateOfBirth(text: string): Date {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return invalid(text);
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 12 : Number(m[2]);
  const d = m[3] === undefined ? (mo >= 1 && mo <= 12 ? lastDayOfMonth(y, mo) : 0) : Number(m[3]);
  checked(text, y, mo, d);
  return utc(y, mo, d);
}

function offsetMinutes(text: string, tz: string | undefined): number {
  if (tz === undefined || tz === 'Z') return 0;
  const sign = tz.startsWith('-') ? -1 : 1;
  const body = tz.slice(1);
  let h: number;
  let mi: number;
  if (body.includes(':')) {
    const [hh, mm] = body.split(':');
    h = Number(hh);
    mi = Number(mm);
  } else if (body.length <= 2) {
    h = Number(body);
    mi = 0;
  } else {
    h = Number(body.slice(0, body.length - 2));
    mi = Number(body.slice(-2));
  }
  if (h > 23 || mi > 59) invalid(text);
  return sign * (h * 60 + mi);
}

/** Parses any date or date-time format CertLogic's `plusTime` allows; missing time/offset → 00:00Z. */
export function parseDateTime(text: string): Date {
  if (text.length > 64) return invalid(text);
  if (!text.includes('T')) return dateOfBirth(text);
  const m = DATE_TIME.exec(text);
  if (!m) return invalid(text);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  checked(text, y, mo, d);
  if (h > 23 || mi > 59 || s > 59) invalid(text);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0')); // truncate, never round up
  const date = utc(y, mo, d, h, mi, s, ms);
  return new Date(date.getTime() - offsetMinutes(text, m[8]) * 60_000);
}

/** `plusTime` offsetting: `setUTC<unit>(getUTC<unit>() + amount)`, as the spec prescribes. */
export function addTime(date: Date, amount: number, unit: TimeUnit): Date {
  const d = new Date(date.getTime());
  switch (unit) {
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + amount);
      break;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + amount);
      break;
    case 'day':
      d.setUTCDate(d.getUTCDate() + amount);
      break;
    case 'hour':
      d.setUTCHours(d.getUTCHours() + amount);
      break;
  }
  return d;
}
