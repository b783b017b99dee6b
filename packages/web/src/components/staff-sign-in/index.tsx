/**
 * Staff sign-in (scanner, venue console, authority console): the client id and secret issued by
 * the platform admin, exchanged for a token (POST /v1/token). The secret is not kept: when the
 * token expires the person signs in again.
 */
import { useState } from 'preact/hooks';
import { api } from '../../lib/api.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.ts';
import { save } from '../../lib/storage.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { ErrorText } from '../error-text/index.tsx';

export function StaffSignIn(props: { title: MessageKey; storageKey: string; next: string }) {
  const { t } = useI18n();
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const { busy, error, handler } = useSubmit();

  const submit = handler(async () => {
    const r = await api<{ access_token: string; expires_in: number }>('/v1/token', {
      body: { client_id: clientId.trim(), client_secret: secret },
    });
    save(props.storageKey, {
      token: r.access_token,
      expiresAt: Date.now() + r.expires_in * 1000,
      clientId: clientId.trim(),
    });
    setSecret('');
    navigate(props.next, { replace: true });
  });

  return (
    <>
      <h1>{t(props.title)}</h1>
      <p class="lead">{t('scannerSignIn.lead')}</p>
      <form class="form" onSubmit={submit} noValidate>
        <label for="client-id">{t('scannerSignIn.clientId')}</label>
        <input
          id="client-id"
          autoComplete="username"
          required
          value={clientId}
          onInput={(e) => setClientId(e.currentTarget.value)}
        />
        <label for="client-secret">{t('scannerSignIn.secret')}</label>
        <input
          id="client-secret"
          type="password"
          autoComplete="current-password"
          required
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || clientId.trim() === '' || secret === ''}>
          {t('scannerSignIn.submit')}
        </button>
      </form>
      <ErrorText error={error} />
    </>
  );
}
