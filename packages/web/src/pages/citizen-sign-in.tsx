/**
 * Citizen sign-in: choose the app you use, your phone number, then the six-digit code it receives
 * (in the demo the server writes the code to its log).
 */
import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { KNOWN_APPS, brandOf } from '../lib/brands.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import { KEYS, endCitizen, load, save } from '../lib/storage.ts';
import { useSubmit } from '../lib/use-submit.ts';
import { ErrorText } from '../components/error-text/index.tsx';

interface Challenge {
  challengeId: string;
  expiresIn: number;
  resendAfter: number;
}

export default function CitizenSignIn() {
  const { t } = useI18n();
  const [app, setApp] = useState(load<string>(KEYS.citizenApp) ?? 'pc-covid');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<Challenge | undefined>();
  const { busy, error, handler } = useSubmit();

  const askCode = handler(async () => {
    setChallenge(await api<Challenge>('/v1/citizen/otp', { body: { phone, app } }));
    save(KEYS.citizenApp, app);
  });

  const answer = handler(async () => {
    if (!challenge) return;
    const s = await api<{ access_token: string; expires_in: number; linked: boolean }>(
      '/v1/citizen/session',
      {
        body: { challengeId: challenge.challengeId, code: code.trim() },
      },
    );
    endCitizen(); // nothing of an earlier account stays on the device
    save(KEYS.citizen, { token: s.access_token, expiresAt: Date.now() + s.expires_in * 1000 });
    navigate(s.linked ? '/citizen/qr' : '/citizen/link', { replace: true });
  });

  return (
    <>
      <h1>{t('signIn.title')}</h1>
      {!challenge ? (
        <form onSubmit={askCode} class="form" noValidate>
          <fieldset>
            <legend>{t('signIn.app')}</legend>
            {KNOWN_APPS.map((id) => (
              <label class="radio" key={id}>
                <input type="radio" name="app" value={id} checked={app === id} onChange={() => setApp(id)} />{' '}
                {brandOf(id).name}
              </label>
            ))}
          </fieldset>
          <label for="phone">{t('signIn.phone')}</label>
          <input
            id="phone"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel-national"
            required
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
            aria-describedby="phone-hint"
          />
          <p id="phone-hint" class="hint">
            {t('signIn.phoneHint')}
          </p>
          <button type="submit" disabled={busy || phone.trim() === ''}>
            {t('signIn.sendCode')}
          </button>
        </form>
      ) : (
        <form onSubmit={answer} class="form" noValidate>
          <p role="status">{t('signIn.codeSent', { minutes: Math.round(challenge.expiresIn / 60) })}</p>
          <label for="otp">{t('signIn.code')}</label>
          <input
            id="otp"
            name="otp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button type="submit" disabled={busy || code.trim().length !== 6}>
            {t('signIn.verify')}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setChallenge(undefined);
              setCode('');
            }}
          >
            {t('signIn.changePhone')}
          </button>
        </form>
      )}
      <ErrorText error={error} />
    </>
  );
}
