/**
 * Who read my data (SPEC §8): each disclosure and each refused attempt, in plain words, newest
 * first, a page at a time (the platform's cursor when it offers one).
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { formatInstant } from '../lib/format.ts';
import { isMessageKey, useI18n, type Translate } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';
import { RequireCitizen } from '../components/require-citizen/index.tsx';
import { ErrorText } from '../components/error-text/index.tsx';

export interface AccessLogEntry {
  at: string;
  actor: { name: string; role: string } | null;
  fields: string[];
  purpose: string;
  outcome: 'disclosed' | 'refused';
  route: string;
}

interface AccessLogPage {
  entries: AccessLogEntry[];
  nextCursor?: string | null;
}

export const PAGE_SIZE = 20;

/** One entry as a sentence: who, what, why. */
export function describeEntry(e: AccessLogEntry, t: Translate): { who: string; what: string; why: string } {
  const roleKey = `role.${e.actor?.role ?? 'unknown'}`;
  const role = isMessageKey(roleKey) ? t(roleKey) : (e.actor?.role ?? '');
  const who =
    e.actor === null
      ? t('accessLog.anonymous')
      : e.actor.role === 'citizen'
        ? t('accessLog.you')
        : `${e.actor.name} (${role})`;
  const fields = e.fields.map((f) => {
    const key = `field.${f}`;
    return isMessageKey(key) ? t(key) : f;
  });
  const what =
    e.outcome === 'refused'
      ? t('accessLog.refused')
      : fields.length > 0
        ? t('accessLog.read', { fields: fields.join(', ') })
        : t('accessLog.readNothing');
  const base = e.purpose
    .split(':')[0]!
    .replace(/\s*\(.*\)$/, '')
    .trim();
  const purposeKey = `purpose.${base.replace(/\s+/g, '-')}`;
  const why = isMessageKey(purposeKey) ? t(purposeKey) : e.purpose;
  return { who, what, why };
}

export default function AccessLogPage() {
  return <RequireCitizen>{(token) => <AccessLog token={token} />}</RequireCitizen>;
}

function AccessLog(props: { token: string }) {
  const { t, lang } = useI18n();
  const [entries, setEntries] = useState<AccessLogEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | undefined>();
  const [loaded, setLoaded] = useState(false);

  async function more(from?: string): Promise<void> {
    try {
      const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (from) q.set('cursor', from);
      const page = await api<AccessLogPage>(`/v1/me/access-log?${q}`, { token: props.token });
      setEntries((old) => [...old, ...page.entries]);
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setLoaded(true);
    }
  }

  useEffect(() => {
    void more();
  }, []);

  return (
    <>
      <h1>{t('accessLog.title')}</h1>
      <p class="lead">{t('accessLog.lead')}</p>
      <ErrorText error={error} />
      {loaded && entries.length === 0 && !error && <p>{t('accessLog.empty')}</p>}
      <ol class="access-log" aria-live="polite">
        {entries.map((e, i) => {
          const d = describeEntry(e, t);
          return (
            <li key={`${e.at}-${i}`} class={`access-entry ${e.outcome}`}>
              <time dateTime={e.at}>{formatInstant(e.at, lang)}</time>
              <p>
                <strong>{d.who}</strong> {d.what}
              </p>
              <p class="fine">{t('accessLog.why', { why: d.why })}</p>
            </li>
          );
        })}
      </ol>
      {cursor && (
        <button type="button" class="secondary" onClick={() => void more(cursor)}>
          {t('accessLog.more')}
        </button>
      )}
      <p>
        <a href="/citizen/qr" onClick={onLinkClick}>
          {t('print.back')}
        </a>
      </p>
    </>
  );
}
