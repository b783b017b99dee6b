/**
 * My QR (SPEC §2): the QR large and crisp under the issuing app's identity; the document number
 * and birth date masked until one tap shows them; the colour card beside it with the rule that
 * decided it. Kept on the device once loaded, so it shows offline with its age.
 */
import { useEffect, useState } from 'preact/hooks';
import { maskBirthDate, maskDocumentNumber, read, type ReadResult } from '@oneqr/qr';
import { api, ApiError, OFFLINE } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { formatAge, formatInstant } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate, onLinkClick } from '../lib/router.ts';
import { KEYS, endCitizen, load, save } from '../lib/storage.ts';
import { AppBrand } from '../components/app-brand/index.tsx';
import { ColourCard, type HealthCard } from '../components/colour-card/index.tsx';
import { QrSymbol } from '../components/qr-symbol/index.tsx';
import { RequireCitizen } from '../components/require-citizen/index.tsx';
import { ErrorText } from '../components/error-text/index.tsx';

export interface MyQr {
  payload: string;
  qid: string;
  iat: number;
  issuer: { id: string; name: string };
  savedAt: number;
}

type Saved<T> = T & { savedAt: number };

export interface PersonalFields {
  documentNumber: string;
  fullName: string;
  birthDate: string;
}

/** The fields to display, from the library's reading of the payload (never parsed here). */
export function displayFields(r: ReadResult): PersonalFields | undefined {
  if (r.kind !== 'personal-1405' || !r.fields) return undefined;
  const f = r.fields as unknown as Record<string, unknown>;
  return typeof f.documentNumber === 'string' &&
    typeof f.fullName === 'string' &&
    typeof f.birthDate === 'string'
    ? { documentNumber: f.documentNumber, fullName: f.fullName, birthDate: f.birthDate }
    : undefined;
}

export default function MyQrPage() {
  return <RequireCitizen>{(token) => <MyQrView token={token} />}</RequireCitizen>;
}

function MyQrView(props: { token: string }) {
  const { t, lang } = useI18n();
  const [qr, setQr] = useState<MyQr | undefined>(() => load<MyQr>(KEYS.myQr));
  const [card, setCard] = useState<Saved<HealthCard> | undefined>(() => load<Saved<HealthCard>>(KEYS.myCard));
  const [fields, setFields] = useState<PersonalFields | undefined>();
  const [full, setFull] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [offline, setOffline] = useState(false);
  const [busy, setBusy] = useState(false);

  async function issue(): Promise<void> {
    const r = await api<Omit<MyQr, 'savedAt'>>('/v1/me/personal-qr', { method: 'POST', token: props.token });
    const saved = { ...r, savedAt: Date.now() };
    save(KEYS.myQr, saved);
    setQr(saved);
  }

  async function refresh(): Promise<void> {
    setError(undefined);
    try {
      if (!load<MyQr>(KEYS.myQr)) await issue();
      const c = await api<HealthCard>('/v1/me/health-card', { token: props.token });
      const saved = { ...c, savedAt: Date.now() };
      save(KEYS.myCard, saved);
      setCard(saved);
      setOffline(false);
    } catch (err) {
      if (err instanceof ApiError && err.code === OFFLINE) setOffline(true);
      else if (err instanceof ApiError && err.code === 'ACCESS_PERSON_NOT_LINKED')
        navigate('/citizen/link', { replace: true });
      else if (err instanceof ApiError && err.status === 401) {
        endCitizen();
        navigate('/citizen/sign-in', { replace: true });
      } else setError(errorText(err, t));
    }
  }

  useEffect(() => {
    void refresh();
  }, []);

  useEffect(() => {
    if (!qr) return;
    let live = true;
    void read(qr.payload, { at: new Date() }).then((r) => live && setFields(displayFields(r)));
    return () => {
      live = false;
    };
  }, [qr?.payload]);

  async function reissue() {
    if (!confirm(t('myQr.reissueConfirm'))) return;
    setBusy(true);
    try {
      await issue();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  function signOut() {
    void api('/v1/citizen/sign-out', { method: 'POST', token: props.token }).catch(() => undefined);
    endCitizen();
    navigate('/', { replace: true });
  }

  return (
    <>
      <h1>{t('myQr.title')}</h1>
      {offline && (
        <p class="stale" role="status">
          {qr ? t('myQr.offlineCached', { age: formatAge(qr.savedAt, t) }) : t('myQr.offlineEmpty')}
        </p>
      )}
      <ErrorText error={error} />
      {qr && (
        <div class="my-qr-layout">
          <AppBrand issuerId={qr.issuer.id} name={qr.issuer.name}>
            <div class="my-qr-symbol">
              <QrSymbol text={qr.payload} label={t('myQr.qrLabel')} class="qr-large" />
            </div>
            {fields && (
              <dl class="my-qr-fields">
                <dt>{t('myQr.name')}</dt>
                <dd id="qr-name">{fields.fullName}</dd>
                <dt>{t('myQr.documentNumber')}</dt>
                <dd id="qr-doc" class="mono">
                  {full ? fields.documentNumber : maskDocumentNumber(fields.documentNumber)}
                </dd>
                <dt>{t('myQr.birthDate')}</dt>
                <dd id="qr-dob" class="mono">
                  {full ? fields.birthDate : maskBirthDate(fields.birthDate)}
                </dd>
              </dl>
            )}
            <button type="button" id="mask-toggle" aria-pressed={full} onClick={() => setFull(!full)}>
              {full ? t('myQr.hide') : t('myQr.show')}
            </button>
            <p class="fine">{t('myQr.issuedAt', { at: formatInstant(qr.iat * 1000, lang) })}</p>
          </AppBrand>
          {card ? (
            <ColourCard
              card={card}
              stale={offline ? t('myQr.cardAge', { age: formatAge(card.savedAt, t) }) : undefined}
            />
          ) : (
            <p class="loading">{t('shell.loading')}</p>
          )}
        </div>
      )}
      <nav class="actions" aria-label={t('myQr.more')}>
        <a class="button" href="/citizen/qr/print" onClick={onLinkClick}>
          {t('myQr.print')}
        </a>
        <button type="button" class="secondary" disabled={busy || offline} onClick={() => void reissue()}>
          {t('myQr.reissue')}
        </button>
        <a class="button secondary" href="/citizen/access-log" onClick={onLinkClick}>
          {t('accessLog.title')}
        </a>
        <a class="button secondary" href="/citizen/passport" onClick={onLinkClick}>
          {t('passport.title')}
        </a>
        <a class="button secondary" href="/citizen/declarations" onClick={onLinkClick}>
          {t('declarations.title')}
        </a>
        <a class="button secondary" href="/citizen/check-ins" onClick={onLinkClick}>
          {t('checkIns.title')}
        </a>
        <a class="button secondary" href="/citizen/notifications" onClick={onLinkClick}>
          {t('notifications.title')}
        </a>
        <button type="button" class="secondary" onClick={signOut}>
          {t('myQr.signOut')}
        </button>
      </nav>
    </>
  );
}
