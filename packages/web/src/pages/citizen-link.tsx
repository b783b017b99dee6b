/** Link the account to one's record in the population register (the registry confirms it). */
import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import { KEYS, activeSession, save } from '../lib/storage.ts';
import { useSubmit } from '../lib/use-submit.ts';
import { ErrorText } from '../components/error-text/index.tsx';
import { RequireCitizen } from '../components/require-citizen/index.tsx';

export default function CitizenLink() {
  return <RequireCitizen>{(token) => <LinkForm token={token} />}</RequireCitizen>;
}

function LinkForm(props: { token: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ idNumber: '', fullName: '', birthDate: '' });
  const { busy, error, handler } = useSubmit();
  const set = (k: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [k]: e.currentTarget.value });

  const submit = handler(async () => {
    const r = await api<{ person: unknown }>('/v1/citizen/link', { body: form, token: props.token });
    save(KEYS.me, r.person);
    navigate('/citizen/qr', { replace: true });
  });

  return (
    <>
      <h1>{t('link.title')}</h1>
      <p class="lead">{t('link.lead')}</p>
      <form class="form" onSubmit={submit} noValidate>
        <label for="idNumber">{t('link.idNumber')}</label>
        <input
          id="idNumber"
          inputMode="numeric"
          autoComplete="off"
          required
          value={form.idNumber}
          onInput={set('idNumber')}
        />
        <label for="fullName">{t('link.fullName')}</label>
        <input id="fullName" autoComplete="name" required value={form.fullName} onInput={set('fullName')} />
        <label for="birthDate">{t('link.birthDate')}</label>
        <input
          id="birthDate"
          type="date"
          autoComplete="bday"
          required
          value={form.birthDate}
          onInput={set('birthDate')}
        />
        <button type="submit" disabled={busy || !activeSession(KEYS.citizen)}>
          {t('link.submit')}
        </button>
      </form>
      <ErrorText error={error} />
    </>
  );
}
