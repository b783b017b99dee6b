/**
 * What the apps keep on the device (localStorage, JSON): the sessions, and the citizen's own QR
 * and colour card so My QR works offline once loaded. Signing out removes all of a session's keys.
 * Large data lives in IndexedDB instead: the scanner's revocation replica (revocation-store.ts)
 * and the offline check-in queue (checkin-queue.ts).
 */

export function load<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app still works online.
  }
}

export function remove(...keys: string[]): void {
  for (const k of keys) {
    try {
      localStorage.removeItem(k);
    } catch {
      // ignore
    }
  }
}

export interface Session {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export const KEYS = {
  citizen: 'oneqr.citizen.session',
  citizenApp: 'oneqr.citizen.app',
  myQr: 'oneqr.citizen.qr',
  myCard: 'oneqr.citizen.card',
  me: 'oneqr.citizen.me',
  passport: 'oneqr.citizen.passport',
  scanner: 'oneqr.scanner.session',
  shift: 'oneqr.scanner.shift',
  trust: 'oneqr.scanner.trust',
  /** Where an earlier version kept the revocation replica (now IndexedDB); dropped when seen. */
  revocations: 'oneqr.scanner.revocations',
  rules: 'oneqr.scanner.rules',
  checkins: 'oneqr.scanner.checkins',
  venue: 'oneqr.venue.session',
  authority: 'oneqr.authority.session',
} as const;

/** The session under `key` if it has not expired. */
export function activeSession(key: string, now = Date.now()): Session | undefined {
  const s = load<Session>(key);
  return s && typeof s.token === 'string' && s.expiresAt > now ? s : undefined;
}

export function endCitizen(): void {
  remove(KEYS.citizen, KEYS.myQr, KEYS.myCard, KEYS.me, KEYS.passport);
}
