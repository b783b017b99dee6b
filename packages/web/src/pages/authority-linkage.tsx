/**
 * The linkage review queue (health officer): each doubtful dose record beside its candidates,
 * the evidence side by side (what the site wrote, and for each candidate the feature that matched
 * or not and its points). Accept links the proposed person, reject leaves the record unmatched,
 * correct links another registered person (any candidate, or an ID number typed in).
 */
import { useEffect, useState } from 'preact/hooks';
import type { LinkFeature, ReviewItem } from '@oneqr/qr';
import { api } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { isMessageKey, useI18n } from '../lib/i18n.ts';
import { KEYS } from '../lib/storage.ts';
import { AuthorityNav } from '../components/authority-nav/index.tsx';
import { ErrorText } from '../components/error-text/index.tsx';
import { RequireStaff } from '../components/require-staff/index.tsx';

export default function AuthorityLinkagePage() {
  return (
    <RequireStaff storageKey={KEYS.authority} signIn="/authority/sign-in" signInTitle="authoritySignIn.title">
      {(token) => <Review token={token} />}
    </RequireStaff>
  );
}

function Review(props: { token: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<ReviewItem[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string[]>([]);

  async function load(): Promise<void> {
    try {
      setItems((await api<{ items: ReviewItem[] }>('/v1/linkage/review', { token: props.token })).items);
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  useEffect(() => void load(), [props.token]);

  return (
    <>
      <h1>{t('authority.linkageTitle')}</h1>
      <AuthorityNav />
      <ErrorText error={error} />
      {done.length > 0 && (
        <p role="status" data-testid="review-done">
          {t('authority.reviewDone', { n: done.length })}
        </p>
      )}
      {items === undefined ? (
        <p>{t('shell.loading')}</p>
      ) : items.length === 0 ? (
        <p data-testid="queue-empty">{t('authority.queueEmpty')}</p>
      ) : (
        <ol class="review-queue">
          {items.map((it) => (
            <li key={`${it.site}/${it.recordId}`}>
              <ReviewCard
                item={it}
                token={props.token}
                onDone={(label) => {
                  setDone((d) => [...d, label]);
                  void load();
                }}
              />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function ReviewCard(props: { item: ReviewItem; token: string; onDone: (label: string) => void }) {
  const { t } = useI18n();
  const it = props.item;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [other, setOther] = useState('');
  const top = it.candidates[0];
  const key = `${it.site}-${it.recordId}`.replace(/[^A-Za-z0-9_-]/g, '_');

  async function decide(action: 'accept' | 'reject' | 'correct', personId?: string): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/v1/linkage/review/${encodeURIComponent(it.site)}/${encodeURIComponent(it.recordId)}`, {
        token: props.token,
        body: { action, ...(personId !== undefined && { personId }) },
      });
      props.onDone(`${it.site}/${it.recordId}: ${action}`);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const featureName = (name: string) => {
    const k = `feature.${name}`;
    return isMessageKey(k) ? t(k) : name;
  };
  return (
    <article class="review-card" aria-labelledby={`rec-${key}`} data-record={it.recordId}>
      <h2 id={`rec-${key}`}>
        {it.site} / {it.recordId}
      </h2>
      <p class="fine">{it.reason}</p>
      <div class="side-by-side">
        <section aria-labelledby={`rec-${key}-site`}>
          <h3 id={`rec-${key}-site`}>{t('authority.siteRecord')}</h3>
          <dl class="fields">
            <dt>{t('authority.idNumber')}</dt>
            <dd>{it.idNumber || '—'}</dd>
            <dt>{t('authority.fullName')}</dt>
            <dd>{it.fullName}</dd>
            <dt>{t('authority.birthDate')}</dt>
            <dd>{it.birthDate ?? '—'}</dd>
            <dt>{t('authority.gender')}</dt>
            <dd>{it.gender ?? '—'}</dd>
            <dt>{t('authority.phone')}</dt>
            <dd>{it.phone ?? '—'}</dd>
            <dt>{t('authority.dose')}</dt>
            <dd>
              {it.vaccineCode} · {it.doseNumber} · {it.vaccinationDate}
            </dd>
          </dl>
        </section>
        {it.candidates.map((c, i) => (
          <section key={c.personId} aria-labelledby={`rec-${key}-c${i}`} data-candidate={c.personId}>
            <h3 id={`rec-${key}-c${i}`}>
              {t('authority.candidate', { n: i + 1 })}: {c.personId}
            </h3>
            <p>{t('authority.score', { score: c.score })}</p>
            <RegistryRecord personId={c.personId} token={props.token} />
            <table class="data">
              <caption class="visually-hidden">{t('authority.evidence')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('authority.feature')}</th>
                  <th scope="col">{t('authority.value')}</th>
                  <th scope="col">{t('authority.points')}</th>
                </tr>
              </thead>
              <tbody>
                {(Object.entries(c.features) as [string, LinkFeature<string | number | null>][]).map(
                  ([name, f]) => (
                    <tr key={name}>
                      <th scope="row">{featureName(name)}</th>
                      <td>{f.value === null ? '—' : String(f.value)}</td>
                      <td>{f.points}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
            {i > 0 && (
              <button
                type="button"
                class="secondary"
                disabled={busy}
                onClick={() => void decide('correct', c.personId)}
              >
                {t('authority.linkThis')}
              </button>
            )}
          </section>
        ))}
      </div>
      <div class="review-actions">
        {top && (
          <button type="button" class="accept" disabled={busy} onClick={() => void decide('accept')}>
            {t('authority.accept', { person: top.personId })}
          </button>
        )}
        <button type="button" class="secondary reject" disabled={busy} onClick={() => void decide('reject')}>
          {t('authority.reject')}
        </button>
        <label for={`correct-${key}`}>{t('authority.correctTo')}</label>
        <input
          id={`correct-${key}`}
          inputMode="numeric"
          value={other}
          onInput={(e) => setOther(e.currentTarget.value)}
        />
        <button
          type="button"
          class="secondary"
          disabled={busy || other.trim() === ''}
          onClick={() => void decide('correct', other.replace(/\s+/g, ''))}
        >
          {t('authority.correct')}
        </button>
      </div>
      <ErrorText error={error} />
    </article>
  );
}

interface RegistryPerson {
  fullName: string;
  birthDate: string;
  gender: string;
  phone: string | null;
}

/** The candidate's registry record, fetched on request (each look-up is audited and counted). */
function RegistryRecord(props: { personId: string; token: string }) {
  const { t } = useI18n();
  const [p, setP] = useState<RegistryPerson | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (!p)
    return (
      <>
        <button
          type="button"
          class="link"
          data-show-registry={props.personId}
          onClick={() =>
            void api<RegistryPerson>(`/v1/registry/persons/${encodeURIComponent(props.personId)}`, {
              token: props.token,
            }).then(setP, (err: unknown) => setError(errorText(err, t)))
          }
        >
          {t('authority.showRegistry')}
        </button>
        <ErrorText error={error} />
      </>
    );
  return (
    <dl class="fields" data-registry={props.personId}>
      <dt>{t('authority.fullName')}</dt>
      <dd>{p.fullName}</dd>
      <dt>{t('authority.birthDate')}</dt>
      <dd>{p.birthDate}</dd>
      <dt>{t('authority.gender')}</dt>
      <dd>{p.gender}</dd>
      <dt>{t('authority.phone')}</dt>
      <dd>{p.phone ?? '—'}</dd>
    </dl>
  );
}
