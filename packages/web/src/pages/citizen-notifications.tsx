/**
 * Notifications (the tracing feed, GET /v1/me/notifications): an exposure alert says where and
 * when the person shared a venue with a confirmed case and for how long, in plain words.
 */
import { useApiGet } from '../lib/use-api-get.ts';
import { formatInstant } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';
import { ErrorText } from '../components/error-text/index.tsx';
import { RequireCitizen } from '../components/require-citizen/index.tsx';

interface Notification {
  id: string;
  createdAt: string;
  body: unknown;
}

interface ExposureBody {
  kind: 'exposure';
  visits: { venueId: string; from: string; to: string; minutes: number }[];
}

/** The body when it is an exposure alert this page knows how to word. */
export function exposureOf(body: unknown): ExposureBody | undefined {
  const b = body as Partial<ExposureBody> | null;
  return b && b.kind === 'exposure' && Array.isArray(b.visits) ? (b as ExposureBody) : undefined;
}

export default function NotificationsPage() {
  return <RequireCitizen>{(token) => <Notifications token={token} />}</RequireCitizen>;
}

function Notifications(props: { token: string }) {
  const { t, lang } = useI18n();
  const { data, error } = useApiGet<{ notifications: Notification[] }>('/v1/me/notifications', props.token);
  const items = data?.notifications;
  return (
    <>
      <h1>{t('notifications.title')}</h1>
      <ErrorText error={error} />
      {items === undefined && !error && <p>{t('shell.loading')}</p>}
      {items?.length === 0 && <p data-testid="notifications-empty">{t('notifications.none')}</p>}
      {items && items.length > 0 && (
        <ol class="notifications">
          {items.map((n) => {
            const exposure = exposureOf(n.body);
            return (
              <li key={n.id} class="notification" data-kind={exposure ? 'exposure' : 'other'}>
                <p class="fine">{formatInstant(n.createdAt, lang)}</p>
                {exposure ? (
                  <>
                    <p>
                      <strong>{t('notifications.exposure')}</strong>
                    </p>
                    <ul>
                      {exposure.visits.map((v) => (
                        <li key={`${v.venueId}-${v.from}`} data-venue={v.venueId}>
                          {t('notifications.visit', {
                            venue: v.venueId,
                            from: formatInstant(v.from, lang),
                            to: formatInstant(v.to, lang),
                            minutes: v.minutes,
                          })}
                        </li>
                      ))}
                    </ul>
                    <p>{t('notifications.advice')}</p>
                  </>
                ) : (
                  <p>{t('notifications.other')}</p>
                )}
              </li>
            );
          })}
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
