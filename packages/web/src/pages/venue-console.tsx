/**
 * The venue console (role venue-owner): register a venue, print its poster, the live in/out list
 * and occupancy, the history of a day with filters, its CSV export, and visitors per hour. Every
 * number comes from the platform's venue and check-in routes; persons appear masked as the
 * platform gives them.
 */
import { useEffect, useState } from 'preact/hooks';
import { PROVINCES, vietnamToday } from '@oneqr/qr';
import { api, apiBlob, downloadBlob } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { formatInstant, perHour, provinceName } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { KEYS } from '../lib/storage.ts';
import { useSubmit } from '../lib/use-submit.ts';
import { BarChart } from '../components/bar-chart/index.tsx';
import { ErrorText } from '../components/error-text/index.tsx';
import { RequireStaff } from '../components/require-staff/index.tsx';

export interface Venue {
  id: string;
  name: string;
  address: string;
  provinceCode: string;
  status: 'active' | 'suspended' | 'closed';
  qrPayload: string;
}

export interface HistoryEntry {
  eventId: string;
  direction: 'in' | 'out';
  at: string;
  person: string;
  source: string;
}

interface HistoryPage {
  entries: HistoryEntry[];
  next: string | null;
}

/** How often the live list and occupancy are read again. */
const LIVE_MS = 15_000;
/** The chart reads at most this many pages of 1,000 events of a day. */
const CHART_PAGES = 10;

export default function VenueConsolePage() {
  return (
    <RequireStaff storageKey={KEYS.venue} signIn="/venue/sign-in" signInTitle="venueSignIn.title">
      {(token) => <VenueConsole token={token} />}
    </RequireStaff>
  );
}

function VenueConsole(props: { token: string }) {
  const { t } = useI18n();
  const [venues, setVenues] = useState<Venue[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();

  async function reload(select?: string): Promise<void> {
    try {
      const r = await api<{ venues: Venue[] }>('/v1/venues?limit=500', { token: props.token });
      setVenues(r.venues);
      setSelected((s) => select ?? s ?? r.venues[0]?.id);
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  useEffect(() => void reload(), [props.token]);

  const venue = venues?.find((v) => v.id === selected);
  return (
    <>
      <h1>{t('venue.title')}</h1>
      <ErrorText error={error} />
      {venues && venues.length > 0 && (
        <nav aria-label={t('venue.mine')}>
          <h2>{t('venue.mine')}</h2>
          <ul class="venue-list">
            {venues.map((v) => (
              <li key={v.id}>
                <button
                  type="button"
                  class={v.id === selected ? 'link current' : 'link'}
                  aria-current={v.id === selected ? 'true' : undefined}
                  data-venue={v.id}
                  onClick={() => setSelected(v.id)}
                >
                  {v.name}
                </button>{' '}
                <span class="fine">({t(`venue.status.${v.status}`)})</span>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {venues && venues.length === 0 && <p>{t('venue.none')}</p>}
      {venue && <VenueDetail key={venue.id} venue={venue} token={props.token} />}
      <RegisterVenue token={props.token} onRegistered={(id) => void reload(id)} />
    </>
  );
}

function RegisterVenue(props: { token: string; onRegistered: (id: string) => void }) {
  const { t } = useI18n();
  const { busy, error, handler } = useSubmit();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [province, setProvince] = useState('56');
  const submit = handler(async () => {
    const v = await api<Venue>('/v1/venues', {
      token: props.token,
      body: { name: name.trim(), address: address.trim(), provinceCode: province },
    });
    setName('');
    setAddress('');
    props.onRegistered(v.id);
  });
  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">{t('venue.register')}</h2>
      <form class="form" onSubmit={submit} noValidate>
        <label for="venue-name">{t('venue.name')}</label>
        <input
          id="venue-name"
          required
          maxLength={200}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label for="venue-address">{t('venue.address')}</label>
        <input
          id="venue-address"
          required
          maxLength={300}
          value={address}
          onInput={(e) => setAddress(e.currentTarget.value)}
        />
        <label for="venue-province">{t('venue.province')}</label>
        <select id="venue-province" value={province} onChange={(e) => setProvince(e.currentTarget.value)}>
          {PROVINCES.map((p) => (
            <option key={p.code} value={p.code.slice(1)}>
              {p.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || name.trim() === '' || address.trim() === ''}>
          {t('venue.registerSubmit')}
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}

function VenueDetail(props: { venue: Venue; token: string }) {
  const v = props.venue;
  return (
    <section class="venue-detail" aria-labelledby="venue-name-title" data-venue-id={v.id}>
      <h2 id="venue-name-title">{v.name}</h2>
      <p>
        {v.address} · {provinceName(v.provinceCode)} · <code>{v.id}</code>
      </p>
      <Poster venue={v} token={props.token} />
      <Live venue={v} token={props.token} />
      <History venue={v} token={props.token} />
    </section>
  );
}

function Poster(props: { venue: Venue; token: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let made: string | undefined;
    let live = true;
    apiBlob(`/v1/venues/${encodeURIComponent(props.venue.id)}/poster.svg`, props.token)
      .then((blob) => {
        made = URL.createObjectURL(blob);
        if (live) setUrl(made);
      })
      .catch((err: unknown) => live && setError(errorText(err, t)));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [props.venue.id, props.token]);
  async function pdf(): Promise<void> {
    try {
      const id = encodeURIComponent(props.venue.id);
      downloadBlob(await apiBlob(`/v1/venues/${id}/poster.pdf`, props.token), `venue-${props.venue.id}.pdf`);
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  return (
    <section aria-labelledby="poster-title" class="poster-section">
      <h3 id="poster-title">{t('venue.poster')}</h3>
      <ErrorText error={error} />
      {url && (
        <>
          <img class="venue-poster" src={url} alt={t('venue.posterAlt', { name: props.venue.name })} />
          <p>
            <button type="button" class="secondary" onClick={() => print()}>
              {t('venue.printPoster')}
            </button>{' '}
            <button type="button" class="secondary" id="poster-pdf" onClick={() => void pdf()}>
              {t('venue.posterPdf')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function Live(props: { venue: Venue; token: string }) {
  const { t, lang } = useI18n();
  const [inside, setInside] = useState<number | undefined>();
  const [latest, setLatest] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<string | undefined>();
  const base = `/v1/venues/${encodeURIComponent(props.venue.id)}`;

  async function refresh(): Promise<void> {
    try {
      const [o, h] = await Promise.all([
        api<{ inside: number }>(`${base}/occupancy`, { token: props.token }),
        // The history pages oldest first: the latest entries are on its last page.
        allOfDay(base, vietnamToday(new Date()), undefined, props.token),
      ]);
      setInside(o.inside);
      setLatest(h.slice(-20).reverse());
      setError(undefined);
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), LIVE_MS);
    return () => clearInterval(timer);
  }, [base]);

  return (
    <section aria-labelledby="live-title">
      <h3 id="live-title">{t('venue.live')}</h3>
      <p class="occupancy" data-testid="occupancy" data-inside={inside ?? ''}>
        {inside === undefined ? t('shell.loading') : t('venue.inside', { n: inside })}
      </p>
      <button type="button" class="secondary" onClick={() => void refresh()}>
        {t('venue.refresh')}
      </button>
      <ErrorText error={error} />
      {latest.length > 0 && (
        <ol class="live-list" data-testid="live-list">
          {latest.map((e) => (
            <li key={e.eventId} data-direction={e.direction}>
              <strong>{t(e.direction === 'in' ? 'checkins.in' : 'checkins.out')}</strong> {e.person} ·{' '}
              {formatInstant(e.at, lang)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Every event of a day (up to `pages` pages of 1,000), oldest first. */
async function allOfDay(
  base: string,
  day: string,
  direction: 'in' | 'out' | undefined,
  token: string,
  pages = CHART_PAGES,
): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const q = new URLSearchParams({ day, limit: '1000' });
    if (direction) q.set('direction', direction);
    if (cursor) q.set('cursor', cursor);
    const page: HistoryPage = await api<HistoryPage>(`${base}/checkins?${q}`, { token });
    out.push(...page.entries);
    cursor = page.next;
    if (cursor === null) break;
  }
  return out;
}

function History(props: { venue: Venue; token: string }) {
  const { t, lang } = useI18n();
  const [day, setDay] = useState(vietnamToday(new Date()));
  const [direction, setDirection] = useState<'' | 'in' | 'out'>('');
  const [entries, setEntries] = useState<HistoryEntry[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const base = `/v1/venues/${encodeURIComponent(props.venue.id)}`;

  useEffect(() => {
    let live = true;
    setEntries(undefined);
    setError(undefined);
    allOfDay(base, day, direction || undefined, props.token)
      .then((e) => live && setEntries(e))
      .catch((err: unknown) => live && setError(errorText(err, t)));
    return () => {
      live = false;
    };
  }, [base, day, direction, props.token]);

  async function exportCsv(): Promise<void> {
    const q = new URLSearchParams({ day, limit: '1000', format: 'csv' });
    if (direction) q.set('direction', direction);
    try {
      downloadBlob(
        await apiBlob(`${base}/checkins?${q}`, props.token),
        `checkins-${props.venue.id}-${day}.csv`,
      );
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  const visitors = perHour((entries ?? []).filter((e) => e.direction === 'in').map((e) => e.at));
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">{t('venue.history')}</h3>
      <div class="filters">
        <label for="history-day">{t('venue.day')}</label>
        <input
          id="history-day"
          type="date"
          value={day}
          max={vietnamToday(new Date())}
          onChange={(e) => e.currentTarget.value && setDay(e.currentTarget.value)}
        />
        <label for="history-direction">{t('venue.direction')}</label>
        <select
          id="history-direction"
          value={direction}
          onChange={(e) => setDirection(e.currentTarget.value as '' | 'in' | 'out')}
        >
          <option value="">{t('venue.both')}</option>
          <option value="in">{t('checkins.in')}</option>
          <option value="out">{t('checkins.out')}</option>
        </select>
        <button type="button" class="secondary" id="export-csv" onClick={() => void exportCsv()}>
          {t('venue.exportCsv')}
        </button>
      </div>
      <ErrorText error={error} />
      {entries === undefined ? (
        <p>{t('shell.loading')}</p>
      ) : entries.length === 0 ? (
        <p data-testid="history-empty">{t('venue.historyEmpty')}</p>
      ) : (
        <table class="history" data-testid="history" data-rows={entries.length}>
          <caption class="visually-hidden">{t('venue.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('venue.when')}</th>
              <th scope="col">{t('venue.direction')}</th>
              <th scope="col">{t('venue.person')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, 200).map((e) => (
              <tr key={e.eventId}>
                <td>{formatInstant(e.at, lang)}</td>
                <td>{t(e.direction === 'in' ? 'checkins.in' : 'checkins.out')}</td>
                <td>{e.person}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {direction !== 'out' && (
        <BarChart
          id="visitors-per-hour"
          title={t('venue.perHour', { day })}
          bars={visitors.map((value, h) => ({ label: `${String(h).padStart(2, '0')}h`, value }))}
        />
      )}
    </section>
  );
}
