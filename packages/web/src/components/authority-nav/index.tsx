/** The authority console's sections, and who is signed in there. */
import { useI18n } from '../../lib/i18n.ts';
import { navigate, onLinkClick, usePath } from '../../lib/router.ts';
import { KEYS, remove } from '../../lib/storage.ts';

const SECTIONS = [
  ['/authority', 'authority.nav.persons'],
  ['/authority/linkage', 'authority.nav.linkage'],
  ['/authority/reports', 'authority.nav.reports'],
] as const;

export function AuthorityNav() {
  const { t } = useI18n();
  const path = usePath();
  return (
    <nav class="console-nav" aria-label={t('authority.nav.label')}>
      <ul>
        {SECTIONS.map(([href, key]) => (
          <li key={href}>
            <a href={href} onClick={onLinkClick} aria-current={path === href ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
        <li>
          <button
            type="button"
            class="link"
            onClick={() => {
              remove(KEYS.authority);
              navigate('/authority/sign-in', { replace: true });
            }}
          >
            {t('staff.signOut')}
          </button>
        </li>
      </ul>
    </nav>
  );
}
