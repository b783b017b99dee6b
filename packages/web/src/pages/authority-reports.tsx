/**
 * The authority console's charts (health officer): vaccination coverage by province, check-ins
 * per hour of a day at every venue, and dose records by linkage category. Counts only, from the
 * platform's read-only report routes; each chart has its numbers as a table for screen readers.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { provinceName } from '../lib/format.ts';
import { isMessageKey, useI18n } from '../lib/i18n.ts';
import { KEYS } from '../lib/storage.ts';
import { vietnamToday } from '@oneqr/qr';
import { AuthorityNav } from '../components/authority-nav/index.tsx';
import { BarChart } from '../components/bar-chart/index.tsx';
import { ErrorText } from '../components/error-text/index.tsx';
import { RequireStaff } from '../components/require-staff/index.tsx';

interface Coverage {
  provinces: { provinceCode: string; registered: number; vaccinated: number; complete: number }[];
}

interface LinkageReport {
  byCategory: Record<string, Record<string, number>>;
}

export default function AuthorityReportsPage() {
  return (
    <RequireStaff storageKey={KEYS.authority} signIn="/authority/sign-in" signInTitle="authoritySignIn.title">
      {(token) => <Reports token={token} />}
    </RequireStaff>
  );
}

/** Percent, one decimal, of `n` over `of` (0 when there is nothing to divide by). */
export const percent = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

/** Linkage report counts summed per category over the decisions. */
export function categoryTotals(r: LinkageReport): [string, number][] {
  const totals = new Map<string, number>();
  for (const byCat of Object.values(r.byCategory))
    for (const [cat, n] of Object.entries(byCat)) totals.set(cat, (totals.get(cat) ?? 0) + n);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function Reports(props: { token: string }) {
  const { t } = useI18n();
  const [day, setDay] = useState(vietnamToday(new Date()));
  const [coverage, setCoverage] = useState<Coverage | undefined>();
  const [hours, setHours] = useState<number[] | undefined>();
  const [linkage, setLinkage] = useState<LinkageReport | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const fail = (err: unknown) => setError(errorText(err, t));
    api<Coverage>('/v1/health/report/coverage', { token: props.token }).then(setCoverage, fail);
    api<LinkageReport>('/v1/linkage/report', { token: props.token }).then(setLinkage, fail);
  }, [props.token]);
  useEffect(() => {
    setHours(undefined);
    api<{ hours: number[] }>(`/v1/checkins/report/hourly?day=${day}`, { token: props.token }).then(
      (r) => setHours(r.hours),
      (err: unknown) => setError(errorText(err, t)),
    );
  }, [props.token, day]);

  const category = (c: string) => {
    const k = `category.${c}`;
    return isMessageKey(k) ? t(k) : c;
  };
  return (
    <>
      <h1>{t('authority.reportsTitle')}</h1>
      <AuthorityNav />
      <ErrorText error={error} />
      {coverage && (
        <BarChart
          id="coverage"
          title={t('authority.coverage')}
          unit="%"
          max={100}
          bars={coverage.provinces.map((p) => ({
            label: provinceName(p.provinceCode) ?? p.provinceCode,
            value: percent(p.complete, p.registered),
          }))}
        />
      )}
      <div class="filters">
        <label for="report-day">{t('venue.day')}</label>
        <input
          id="report-day"
          type="date"
          value={day}
          onChange={(e) => e.currentTarget.value && setDay(e.currentTarget.value)}
        />
      </div>
      {hours && (
        <BarChart
          id="checkins-per-hour"
          title={t('authority.checkinsPerHour', { day })}
          bars={hours.map((value, h) => ({ label: `${String(h).padStart(2, '0')}h`, value }))}
        />
      )}
      {linkage && (
        <BarChart
          id="linkage-categories"
          title={t('authority.linkageCategories')}
          bars={categoryTotals(linkage).map(([c, value]) => ({ label: category(c), value }))}
        />
      )}
    </>
  );
}
