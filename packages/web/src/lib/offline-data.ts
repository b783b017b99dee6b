/**
 * What a scanner needs to verify offline: the trust list (verified against the national root key
 * the device pinned on first contact) and the colour rules, each kept with the time it was fetched
 * so the page can say how old it is. Verification itself is the library's read().
 */
import { TrustStore, read, verifyTrustList, type ReadResult } from '@oneqr/qr';
import { api, ApiError } from './api.ts';
import { KEYS, load, save } from './storage.ts';

interface CachedTrust {
  jws: string;
  rootPublicJwk: JsonWebKey;
  fetchedAt: number;
}

interface CachedRules {
  body: unknown;
  fetchedAt: number;
}

export interface OfflineState {
  trustFetchedAt: number | undefined;
  rulesFetchedAt: number | undefined;
  /** Why the last refresh failed, if it did (an ApiError code). */
  refreshError: string | undefined;
}

export function offlineState(): OfflineState {
  return {
    trustFetchedAt: load<CachedTrust>(KEYS.trust)?.fetchedAt,
    rulesFetchedAt: load<CachedRules>(KEYS.rules)?.fetchedAt,
    refreshError: undefined,
  };
}

/** Fetches the trust list and rules; keeps the old copies when offline. */
export async function refreshOfflineData(): Promise<OfflineState> {
  let refreshError: string | undefined;
  try {
    const pinned = load<CachedTrust>(KEYS.trust)?.rootPublicJwk;
    const root = pinned ?? (await api<{ publicJwk: JsonWebKey }>('/v1/trust-list/root-key')).publicJwk;
    const res = await fetch('/v1/trust-list', { headers: { accept: 'application/jose' } });
    if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
    const jws = await res.text();
    const checked = await verifyTrustList(jws, root, { at: new Date() });
    if (!('document' in checked))
      throw new ApiError(0, checked.errors[0]?.code ?? 'TRUST_LIST_INVALID', 'trust list refused');
    save(KEYS.trust, { jws, rootPublicJwk: root, fetchedAt: Date.now() } satisfies CachedTrust);
    const rules = await api<unknown>('/v1/health/rules');
    save(KEYS.rules, { body: rules, fetchedAt: Date.now() } satisfies CachedRules);
  } catch (err) {
    refreshError = err instanceof ApiError ? err.code : 'OFFLINE';
  }
  return { ...offlineState(), refreshError };
}

let store: { jws: string; trust: TrustStore } | undefined;

/** read() against the cached trust list (an empty store when none was ever fetched). */
export async function readOffline(text: string, at = new Date()): Promise<ReadResult> {
  const cached = load<CachedTrust>(KEYS.trust);
  if (cached && store?.jws !== cached.jws) {
    // Verified once more against the pinned root at the instant of use (expiry is checked here).
    const checked = await verifyTrustList(cached.jws, cached.rootPublicJwk, { at });
    store = {
      jws: cached.jws,
      trust: 'document' in checked ? TrustStore.from([checked.document]) : TrustStore.from([]),
    };
  }
  return read(text, { trust: store?.trust ?? TrustStore.from([]), at });
}
