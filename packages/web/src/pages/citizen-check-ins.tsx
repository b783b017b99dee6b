/** My check-ins: where and when the person entered or left a venue, newest first (GET /v1/me/checkins). */
import { useApiGet } from '../lib/use-api-get.ts';
import { formatInstant } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';
import { ErrorText } from '../components/error-text/index.tsx';
import { RequireCitizen } from '../components/require-citizen/index.tsx';

interface MyCheckin {
  eventId: string;
  venueId: string;
  venueName: string | null;
  direction: 'in' | 'out';
  at: string;
}

export default function CheckInsPage() {
  return <RequireCitizen>{(token) => <CheckIns token={token} />}</RequireCitizen>;
}

function CheckIns(props: { token: string }) {
  const { t, lang } = useI18n();
  const { data, error } = useApiGet<{ checkins: MyCheckin[] }>('/v1/me/checkins', props.token);
  const items = data?.checkins;
  return (
    <>
      <h1>{t('checkIns.title')}</h1>
      <p class="lead">{t('checkIns.lead')}</p>
      <ErrorText error={error} />
      {items === undefined && !error && <p>{t('shell.loading')}</p>}
      {items?.length === 0 && <p data-testid="checkins-empty">{t('checkIns.none')}</p>}
      {items && items.length > 0 && (
        <ol class="my-checkins" data-count={items.length}>
          {items.map((c) => (
            <li key={c.eventId} data-direction={c.direction}>
              <strong>{t(c.direction === 'in' ? 'checkins.in' : 'checkins.out')}</strong>{' '}
              {c.venueName ?? c.venueId} · {formatInstant(c.at, lang)}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href="/citizen/qr" onClick={onLinkClick}>
          {t('print.back')}
        </a>
      </p>
    </>
  );
}
