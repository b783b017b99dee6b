/** Scanner sign-in: the device's client id and secret (issued by the platform admin) for a token. */
import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import { KEYS, save } from '../lib/storage.ts';
import { useSubmit } from '../lib/use-submit.ts';
import { ErrorText } from '../components/error-text/index.tsx';

export default function ScannerSignIn() {
  const { t } = useI18n();
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const { busy, error, handler } = useSubmit();

  const submit = handler(async () => {
    const r = await api<{ access_token: string; expires_in: number }>('/v1/token', {
      body: { client_id: clientId.trim(), client_secret: secret },
    });
    // The secret is not kept: when the token expires the operator signs in again.
    save(KEYS.scanner, {
      token: r.access_token,
      expiresAt: Date.now() + r.expires_in * 1000,
      clientId: clientId.trim(),
    });
    setSecret('');
    navigate('/scanner', { replace: true });
  });

  return (
    <>
      <h1>{t('scannerSignIn.title')}</h1>
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
