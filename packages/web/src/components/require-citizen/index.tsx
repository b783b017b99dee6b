/** Renders its child with the citizen's token, or a way to sign in when there is none. */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../../lib/i18n.ts';
import { onLinkClick } from '../../lib/router.ts';
import { KEYS, activeSession } from '../../lib/storage.ts';

export function RequireCitizen(props: { children: (token: string) => ComponentChildren }) {
  const { t } = useI18n();
  const session = activeSession(KEYS.citizen);
  if (!session) {
    return (
      <p>
        {t('citizen.signedOut')}{' '}
        <a href="/citizen/sign-in" onClick={onLinkClick}>
          {t('signIn.title')}
        </a>
      </p>
    );
  }
  return <>{props.children(session.token)}</>;
}
