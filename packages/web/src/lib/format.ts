/** Dates, ages and provinces in the person's language. */
import { PROVINCES } from '@oneqr/qr';
import type { Lang, Translate } from './i18n.ts';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

/** A date-time in Vietnam's time zone. */
export function formatInstant(iso: string | number, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));
}

/** "3 minutes ago" style age of a cached copy. */
export function formatAge(since: number, t: Translate, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 60) return t('age.justNow');
  const m = Math.round(s / 60);
  if (m < 60) return t('age.minutes', { n: m });
  const h = Math.round(m / 60);
  if (h < 48) return t('age.hours', { n: h });
  return t('age.days', { n: Math.round(h / 24) });
}

/** Province name from its 2-digit GSO code (data from @oneqr/qr); the code itself when unknown. */
export function provinceName(code: string | null): string | undefined {
  if (code === null) return undefined;
  return PROVINCES.find((p) => p.code.slice(1) === code)?.name ?? code;
}

/** Vietnam is UTC+7 all year (no daylight saving); its day is `vietnamToday` of @oneqr/qr. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The Vietnam hour (0-23) of an instant. */
export function vietnamHour(at: number | string): number {
  return new Date(new Date(at).getTime() + VIETNAM_OFFSET_MS).getUTCHours();
}

/** How many instants fall in each Vietnam hour, as 24 counts. */
export function perHour(instants: readonly (string | number)[]): number[] {
  const counts = new Array<number>(24).fill(0);
  for (const at of instants) counts[vietnamHour(at)]!++;
  return counts;
}
