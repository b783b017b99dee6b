/**
 * One GET of the citizen's data when a page opens (and again when the token changes), with the
 * failure in words in the person's language. `undefined` data with no error means loading.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { errorText } from './errors.ts';
import { useI18n } from './i18n.ts';

export function useApiGet<T>(
  path: string,
  token: string,
): { data: T | undefined; error: string | undefined } {
  const { t } = useI18n();
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api<T>(path, { token }).then(setData, (err: unknown) => setError(errorText(err, t)));
  }, [path, token]);
  return { data, error };
}
