import { useI18n } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';

export default function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/" onClick={onLinkClick}>
          {t('notFound.home')}
        </a>
      </p>
    </>
  );
}
