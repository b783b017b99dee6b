/**
 * An error's words in the person's language: the API's or the library's stable code picks the
 * message; an unknown code falls back to the server's own text, never to silence.
 */
import { ApiError, OFFLINE } from './api.ts';
import { isMessageKey, type Translate } from './i18n.ts';

export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.code === OFFLINE) return t('error.OFFLINE');
    const key = `error.${err.code}`;
    if (isMessageKey(key)) {
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(err.details))
        if (typeof v === 'string' || typeof v === 'number') params[k] = v;
      return t(key, params);
    }
    return err.message;
  }
  return t('error.unexpected');
}

/** A library code (details.reason of a refused scan, or a read() error) in plain words. */
export function reasonText(code: string | undefined, fallback: string, t: Translate): string {
  const key = `reason.${code ?? ''}`;
  return isMessageKey(key) ? t(key) : fallback;
}
