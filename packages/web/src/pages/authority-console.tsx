/**
 * The authority console (health officer), persons: look a person up by ID number (registry and
 * health record, both audited and on the officer's look-up budget), confirm a case and see its
 * exposures on a timeline, or trace without confirming.
 */
import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { provinceName } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { KEYS } from '../lib/storage.ts';
import { useSubmit } from '../lib/use-submit.ts';
import { AuthorityNav } from '../components/authority-nav/index.tsx';
import { colourKey } from '../components/colour-card/index.tsx';
import { ErrorText } from '../components/error-text/index.tsx';
import { ExposureTimeline, type Exposure } from '../components/exposure-timeline/index.tsx';
import { RequireStaff } from '../components/require-staff/index.tsx';

interface RegistryPerson {
  idNumber: string;
  fullName: string;
  birthDate: string;
  gender: string;
  phone: string | null;
  provinceCode: string | null;
  address: string | null;
}

interface PersonHealth {
  vaccinations: { doseNumber: number; administeredOn: string; vaccineName?: string }[];
  caseStatus: { status: string } | null;
  colour: { colour: string };
}

interface TraceResult {
  caseId?: string;
  from: string;
  to: string;
  exposures: Exposure[];
  markedF1?: number;
  notified?: number;
}

export default function AuthorityConsolePage() {
  return (
    <RequireStaff storageKey={KEYS.authority} signIn="/authority/sign-in" signInTitle="authoritySignIn.title">
      {(token) => <Persons token={token} />}
    </RequireStaff>
  );
}

/** `datetime-local` value of an instant, in the browser's zone. */
function localInput(d: Date): string {
  const z = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return z.toISOString().slice(0, 16);
}

function Persons(props: { token: string }) {
  const { t } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [person, setPerson] = useState<{ registry: RegistryPerson; health: PersonHealth } | undefined>();
  const search = useSubmit();
  const confirm = useSubmit();
  const [confirmedAt, setConfirmedAt] = useState(localInput(new Date()));
  const [trace, setTrace] = useState<TraceResult | undefined>();

  const onSearch = search.handler(async () => {
    setPerson(undefined);
    setTrace(undefined);
    const id = idNumber.replace(/\s+/g, '');
    const registry = await api<RegistryPerson>(`/v1/registry/persons/${encodeURIComponent(id)}`, {
      token: props.token,
    });
    const health = await api<PersonHealth>(`/v1/health/persons/${encodeURIComponent(id)}`, {
      token: props.token,
    });
    setPerson({ registry, health });
  });

  const traceCase = (confirmIt: boolean) =>
    confirm.handler(async () => {
      if (!person) return;
      const at = new Date(confirmedAt);
      const r = confirmIt
        ? await api<TraceResult>('/v1/tracing/cases', {
            token: props.token,
            body: { idNumber: person.registry.idNumber, confirmedAt: at.toISOString() },
          })
        : await api<TraceResult>('/v1/tracing/exposures', {
            token: props.token,
            body: { idNumber: person.registry.idNumber },
          });
      setTrace(r);
    });

  const p = person?.registry;
  return (
    <>
      <h1>{t('authority.title')}</h1>
      <AuthorityNav />
      <section aria-labelledby="search-title">
        <h2 id="search-title">{t('authority.search')}</h2>
        <form class="form" onSubmit={onSearch} noValidate>
          <label for="person-id">{t('authority.idNumber')}</label>
          <input
            id="person-id"
            inputMode="numeric"
            autoComplete="off"
            required
            value={idNumber}
            onInput={(e) => setIdNumber(e.currentTarget.value)}
          />
          <button type="submit" disabled={search.busy || idNumber.trim() === ''}>
            {t('authority.searchSubmit')}
          </button>
        </form>
        <ErrorText error={search.error} />
      </section>
      {p && person && (
        <section class="person-card" aria-labelledby="person-title" data-person={p.idNumber}>
          <h2 id="person-title">{p.fullName}</h2>
          <dl class="fields">
            <dt>{t('authority.idNumber')}</dt>
            <dd>{p.idNumber}</dd>
            <dt>{t('authority.birthDate')}</dt>
            <dd>{p.birthDate}</dd>
            <dt>{t('authority.province')}</dt>
            <dd>{provinceName(p.provinceCode) ?? '—'}</dd>
            <dt>{t('authority.colour')}</dt>
            <dd data-colour={person.health.colour.colour}>{t(colourKey(person.health.colour.colour))}</dd>
            <dt>{t('authority.doses')}</dt>
            <dd>
              {person.health.vaccinations.length === 0
                ? '0'
                : person.health.vaccinations
                    .map((v) => `${v.doseNumber}: ${v.vaccineName ?? ''} (${v.administeredOn})`)
                    .join(' · ')}
            </dd>
            <dt>{t('authority.caseStatus')}</dt>
            <dd data-testid="case-status">{person.health.caseStatus?.status ?? 'none'}</dd>
          </dl>
          <form class="form" onSubmit={traceCase(true)} noValidate>
            <label for="confirmed-at">{t('authority.confirmedAt')}</label>
            <input
              id="confirmed-at"
              type="datetime-local"
              required
              value={confirmedAt}
              onInput={(e) => setConfirmedAt(e.currentTarget.value)}
            />
            <button type="submit" id="confirm-case" disabled={confirm.busy || confirmedAt === ''}>
              {t('authority.confirmCase')}
            </button>
          </form>
          <p>
            <button type="button" class="secondary" disabled={confirm.busy} onClick={traceCase(false)}>
              {t('authority.traceOnly')}
            </button>
          </p>
          <ErrorText error={confirm.error} />
        </section>
      )}
      {trace && (
        <>
          {trace.caseId && (
            <p role="status" data-testid="case-confirmed">
              {t('authority.caseConfirmed', { f1: trace.markedF1 ?? 0, notified: trace.notified ?? 0 })}
            </p>
          )}
          <ExposureTimeline from={trace.from} to={trace.to} exposures={trace.exposures} />
        </>
      )}
    </>
  );
}
