/**
 * The vaccine passport (EU DCC, Decision 5772): the 11 fields in the person's language and the
 * `HC1:` QR a border or venue scanner reads. The last one issued is kept on the device (like My
 * QR) so it shows offline; the platform issues one when the primary series is complete.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, OFFLINE } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { formatAge, formatInstant } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';
import { KEYS, load, save } from '../lib/storage.ts';
import { ErrorText } from '../components/error-text/index.tsx';
import { QrSymbol } from '../components/qr-symbol/index.tsx';
import { RequireCitizen } from '../components/require-citizen/index.tsx';

export interface Passport {
  uvci: string;
  status: 'current' | 'superseded' | 'revoked';
  issuedAt: string;
  expiresAt: string;
  hc1: string;
  fields: { key: string; label: { vi: string; en: string }; value: { vi: string; en: string } }[];
}

type Saved = Passport & { savedAt: number };

export default function PassportPage() {
  return <RequireCitizen>{(token) => <PassportView token={token} />}</RequireCitizen>;
}

function PassportView(props: { token: string }) {
  const { t, lang } = useI18n();
  const [passport, setPassport] = useState<Saved | undefined>(() => load<Saved>(KEYS.passport));
  const [missing, setMissing] = useState(false);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const keep = (p: Passport) => {
    const saved = { ...p, savedAt: Date.now() };
    save(KEYS.passport, saved);
    setPassport(saved);
  };

  useEffect(() => {
    api<Passport>('/v1/me/passport', { token: props.token }).then(
      (p) => {
        keep(p);
        setOffline(false);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.code === OFFLINE) setOffline(true);
        else if (err instanceof ApiError && err.status === 404) setMissing(true);
        else setError(errorText(err, t));
      },
    );
  }, [props.token]);

  async function issue(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      keep(await api<Passport>('/v1/me/passport', { method: 'POST', token: props.token }));
      setMissing(false);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('passport.title')}</h1>
      {offline && passport && (
        <p class="stale" role="status">
          {t('passport.offline', { age: formatAge(passport.savedAt, t) })}
        </p>
      )}
      {missing && !passport && (
        <>
          <p>{t('passport.none')}</p>
          <button type="button" id="issue-passport" disabled={busy} onClick={() => void issue()}>
            {t('passport.issue')}
          </button>
        </>
      )}
      <ErrorText error={error} />
      {passport && (
        <div class="passport" data-status={passport.status}>
          <div class="my-qr-symbol">
            <QrSymbol text={passport.hc1} label={t('passport.qrLabel')} class="qr-large passport-qr" />
          </div>
          <dl class="fields passport-fields" data-fields={passport.fields.length}>
            {passport.fields.map((f) => (
              <>
                <dt key={`${f.key}-l`}>{f.label[lang]}</dt>
                <dd key={`${f.key}-v`} data-field={f.key}>
                  {f.value[lang]}
                </dd>
              </>
            ))}
          </dl>
          <p class="fine">
            {t('passport.validity', {
              issued: formatInstant(passport.issuedAt, lang),
              expires: formatInstant(passport.expiresAt, lang),
            })}
          </p>
          {passport.status !== 'current' && <p class="stale">{t(`passport.status.${passport.status}`)}</p>}
        </div>
      )}
      <p>
        <a href="/citizen/qr" onClick={onLinkClick}>
          {t('print.back')}
        </a>
      </p>
    </>
  );
}
