/**
 * A page whose platform API is not there yet (declarations, check-ins, notifications, the vaccine
 * passport): it says so plainly, checking the platform's own API document, and shows no data.
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../lib/i18n.ts';
import { onLinkClick, usePath } from '../lib/router.ts';
import { routeFor } from '../routes.ts';

export default function Coming() {
  const { t } = useI18n();
  const route = routeFor(usePath());
  const [available, setAvailable] = useState<boolean | undefined>();
  useEffect(() => {
    let live = true;
    fetch('/openapi.json')
      .then((r) => r.json() as Promise<{ paths?: Record<string, unknown> }>)
      .then((doc) => {
        const paths = Object.keys(doc.paths ?? {});
        if (live)
          setAvailable((route.needs ?? []).every((n) => paths.some((p) => p === n || p.startsWith(`${n}/`))));
      })
      .catch(() => live && setAvailable(false));
    return () => {
      live = false;
    };
  }, [route]);
  return (
    <>
      <h1>{t(route.title)}</h1>
      {route.note && <p class="lead">{t(route.note)}</p>}
      <p
        class="coming"
        role="status"
        data-coming={available === undefined ? 'checking' : available ? 'api-ready' : 'api-absent'}
      >
        {available === undefined
          ? t('shell.loading')
          : available
            ? t('coming.apiReady')
            : t('coming.apiAbsent')}
      </p>
      <p>
        <a href="/citizen/qr" onClick={onLinkClick}>
          {t('print.back')}
        </a>
      </p>
    </>
  );
}
