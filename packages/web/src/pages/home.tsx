/** Start: who are you here — a person showing their QR, or staff scanning one. */
import { useI18n } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';
import { activeSession, KEYS } from '../lib/storage.ts';

export default function Home() {
  const { t } = useI18n();
  const citizen = activeSession(KEYS.citizen);
  const scanner = activeSession(KEYS.scanner);
  const venue = activeSession(KEYS.venue);
  const authority = activeSession(KEYS.authority);
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <nav class="choices" aria-label={t('home.title')}>
        <a class="choice" href={citizen ? '/citizen/qr' : '/citizen/sign-in'} onClick={onLinkClick}>
          <span class="choice-title">{t('home.citizen')}</span>
          <span class="choice-text">{t('home.citizenText')}</span>
        </a>
        <a class="choice" href={scanner ? '/scanner' : '/scanner/sign-in'} onClick={onLinkClick}>
          <span class="choice-title">{t('home.scanner')}</span>
          <span class="choice-text">{t('home.scannerText')}</span>
        </a>
        <a class="choice" href={venue ? '/venue' : '/venue/sign-in'} onClick={onLinkClick}>
          <span class="choice-title">{t('home.venue')}</span>
          <span class="choice-text">{t('home.venueText')}</span>
        </a>
        <a class="choice" href={authority ? '/authority' : '/authority/sign-in'} onClick={onLinkClick}>
          <span class="choice-title">{t('home.authority')}</span>
          <span class="choice-text">{t('home.authorityText')}</span>
        </a>
      </nav>
      <p class="fine">
        <a href="/docs">{t('home.apiDocs')}</a>
      </p>
    </>
  );
}
