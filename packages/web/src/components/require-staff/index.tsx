/** Renders its child with a staff session's token, or a link to that console's sign-in. */
import type { ComponentChildren } from 'preact';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import { onLinkClick } from '../../lib/router.ts';
import { activeSession } from '../../lib/storage.ts';

export function RequireStaff(props: {
  storageKey: string;
  signIn: string;
  signInTitle: MessageKey;
  children: (token: string) => ComponentChildren;
}) {
  const { t } = useI18n();
  const session = activeSession(props.storageKey);
  if (!session) {
    return (
      <p>
        {t('staff.signedOut')}{' '}
        <a href={props.signIn} onClick={onLinkClick}>
          {t(props.signInTitle)}
        </a>
      </p>
    );
  }
  return <>{props.children(session.token)}</>;
}
