/**
 * The shell every page shares: a skip link, the header with the language switch (Vietnamese by
 * default, English one tap away), an offline banner, and the current page loaded on demand.
 */
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  I18nContext,
  initialLang,
  loadMessages,
  saveLang,
  translator,
  type Lang,
  type Messages,
} from './lib/i18n.ts';
import vi from './locales/vi.json';
import { onLinkClick, usePath } from './lib/router.ts';
import { routeFor } from './routes.ts';
import { useOnline } from './lib/use-online.ts';

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [messages, setMessages] = useState<Messages>(vi);
  const path = usePath();
  const route = routeFor(path);
  const [Page, setPage] = useState<{ c: ComponentType } | undefined>(undefined);
  const [loadError, setLoadError] = useState(false);
  const online = useOnline();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    let live = true;
    void loadMessages(lang).then((m) => live && setMessages(m));
    document.documentElement.lang = lang;
    return () => {
      live = false;
    };
  }, [lang]);

  useEffect(() => {
    let live = true;
    setLoadError(false);
    route
      .load()
      .then((m) => live && setPage({ c: m.default }))
      .catch(() => live && setLoadError(true));
    return () => {
      live = false;
    };
  }, [route]);

  const i18n = useMemo(
    () => ({
      lang,
      t: translator(messages),
      setLang(next: Lang) {
        saveLang(next);
        setLangState(next);
      },
    }),
    [lang, messages],
  );
  const { t } = i18n;

  useEffect(() => {
    document.title = `${t(route.title)} · OneQR`;
    // After navigating, move focus to the page so screen readers announce it (not on first load).
    if (!first.current) main.current?.focus();
    first.current = false;
  }, [route, Page, t]);

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header class="shell-header">
        <a class="shell-home" href="/" onClick={onLinkClick}>
          OneQR
        </a>
        <button
          type="button"
          class="lang-switch"
          lang={lang === 'vi' ? 'en' : 'vi'}
          onClick={() => i18n.setLang(lang === 'vi' ? 'en' : 'vi')}
          aria-label={t('shell.langSwitchLabel')}
        >
          {lang === 'vi' ? 'English' : 'Tiếng Việt'}
        </button>
      </header>
      {!online && (
        <p class="offline-banner" role="status">
          {t('shell.offline')}
        </p>
      )}
      <main id="main" ref={main} tabIndex={-1} data-route={route.path} data-page-ready={Page ? 'yes' : 'no'}>
        {loadError ? (
          <p role="alert">{t('shell.loadError')}</p>
        ) : Page ? (
          <Page.c />
        ) : (
          <p class="loading">{t('shell.loading')}</p>
        )}
      </main>
    </I18nContext.Provider>
  );
}
