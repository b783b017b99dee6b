/**
 * The scanner's check-in recorder: when on, every accepted scan becomes an event in the offline
 * queue (IndexedDB), sent at once when online and again whenever the browser comes back online;
 * the page shows what is waiting, what was stored and what the platform refused.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CheckinQueue, platformSink, type CheckinEvent } from './checkin-queue.ts';
import { KEYS, load, save } from './storage.ts';

export interface CheckinSettings {
  on: boolean;
  direction: CheckinEvent['direction'];
}

export interface Checkins {
  settings: CheckinSettings;
  setSettings(s: CheckinSettings): void;
  pending: number;
  /** Stored by the platform since the page opened. */
  sent: number;
  rejected: number;
  /** The device refused to store an event (IndexedDB unavailable or full): it was not recorded. */
  storeFailed: boolean;
  /** Queues `text` as a check-in (when on) and tries to send it. */
  record(text: string): Promise<void>;
}

export function useCheckins(token: string): Checkins {
  const queue = useMemo(() => new CheckinQueue(platformSink(token)), [token]);
  const [settings, setSettingsState] = useState<CheckinSettings>(
    () => load<CheckinSettings>(KEYS.checkins) ?? { on: false, direction: 'in' },
  );
  // The camera's callback is registered once: `record` reads the settings of now, not of then.
  const current = useRef(settings);
  current.current = settings;
  const [pending, setPending] = useState(0);
  const [sent, setSent] = useState(0);
  const [rejected, setRejected] = useState(0);
  const [storeFailed, setStoreFailed] = useState(false);

  async function refresh(): Promise<void> {
    setPending((await queue.pending()).length);
    setRejected((await queue.rejected()).length);
  }

  async function sync(): Promise<void> {
    try {
      const r = await queue.sync();
      setSent((n) => n + r.accepted);
    } catch {
      // No connection or the batch was refused whole: the events stay queued for the next try.
    }
    await refresh();
  }

  useEffect(() => {
    void sync();
    const up = () => void sync();
    addEventListener('online', up);
    return () => removeEventListener('online', up);
  }, [queue]);

  return {
    settings,
    setSettings(s) {
      save(KEYS.checkins, s);
      setSettingsState(s);
    },
    pending,
    sent,
    rejected,
    storeFailed,
    async record(text) {
      const now = current.current;
      if (!now.on) return;
      try {
        await queue.enqueue({
          id: crypto.randomUUID(),
          text,
          direction: now.direction,
          at: new Date().toISOString(),
        });
        setStoreFailed(false);
      } catch {
        setStoreFailed(true);
        return;
      }
      await refresh();
      if (navigator.onLine) await sync();
    },
  };
}
