/**
 * Vietnamese first, English one tap away. vi.json is bundled and defines the keys; en.json must
 * have exactly the same keys (typed here, and checked both ways by test/locales.test.ts) and is
 * loaded only when chosen. `t(key, {n: 3})` fills `{n}`.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import vi from '../locales/vi.json';

export type Messages = typeof vi;
export type MessageKey = keyof Messages;
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

const STORAGE_KEY = 'oneqr.lang';

/** The saved choice, else Vietnamese (the national default, whatever the browser says). */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** The messages of `lang` (English fetched on first use). */
export async function loadMessages(lang: Lang): Promise<Messages> {
  if (lang === 'vi') return vi;
  const en: { default: Messages } = await import('../locales/en.json');
  return en.default;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(messages: Messages): Translate {
  return (key, params) => {
    const text = messages[key] ?? vi[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'vi', t: translator(vi), setLang: () => undefined });

export const useI18n = (): I18n => useContext(I18nContext);

/** Whether a string is a known message key (for codes that map to messages, e.g. error codes). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(vi, key);
