/**
 * What a scanner needs to verify offline: the trust list (verified against the national root key
 * the device pinned on first contact) and the colour rules, each kept with the time it was fetched
 * so the page can say how old it is, and the revocation log the list points at, synced by delta
 * (docs/revocations.md). Verification itself is the library's read().
 */
import {
  RevocationReplica,
  TrustStore,
  httpRevocationLog,
  read,
  revocationRoot,
  sourceFromTrustList,
  syncRevocationReplica,
  verifyTrustList,
  type ReadResult,
  type TrustListDocument,
} from '@oneqr/qr';
import { api, ApiError } from './api.ts';
import { KEYS, load, save } from './storage.ts';
import { loadReplica, saveReplica } from './revocation-store.ts';

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
    if (checked.document.revocationLog !== undefined) await syncRevocations(checked.document, root);
    save(KEYS.trust, { jws, rootPublicJwk: root, fetchedAt: Date.now() } satisfies CachedTrust);
    const rules = await api<unknown>('/v1/health/rules');
    save(KEYS.rules, { body: rules, fetchedAt: Date.now() } satisfies CachedRules);
  } catch (err) {
    refreshError = err instanceof ApiError ? err.code : 'OFFLINE';
  }
  return { ...offlineState(), refreshError };
}

/**
 * Brings the kept replica (IndexedDB) up to the list's signed heads: a snapshot per partition
 * the first time, then deltas (syncRevocationReplica). A refused sync (forged, gap, rollback)
 * throws its code and keeps the old replica and list.
 */
async function syncRevocations(doc: TrustListDocument, rootJwk: JsonWebKey): Promise<void> {
  const log = doc.revocationLog!;
  const root = await revocationRoot(rootJwk);
  if (root === null) throw new ApiError(0, 'TRUST_LIST_ROOT_KEY_INVALID', 'revocations refused');
  const kept = await replicaOf();
  // Synced on a copy: a refusal half-way must not leave a half-applied replica in use.
  const copy = kept === null ? null : RevocationReplica.fromJSON(kept.toJSON());
  const replica = copy?.partitions === log.partitions ? copy : new RevocationReplica(log.partitions);
  const r = await syncRevocationReplica(replica, log, root, httpRevocationLog(log.url, fetchJson));
  if ('errors' in r) throw new ApiError(0, r.errors[0]!.code, 'revocations refused');
  await saveReplica(replica);
  replicaLoad = Promise.resolve(replica);
  store = undefined;
}

const fetchJson = async (url: string) => {
  const res = await fetch(url);
  return { ok: res.ok, status: res.status, json: () => res.json() as Promise<unknown> };
};

/** The replica in memory, read from IndexedDB once per page. */
let replicaLoad: Promise<RevocationReplica | null> | undefined;
const replicaOf = () => (replicaLoad ??= loadReplica());

let store: { jws: string; trust: TrustStore } | undefined;

/** The list's keys with the kept replica's revocations. */
async function trustOf(doc: TrustListDocument): Promise<TrustStore> {
  const replica = await replicaOf();
  const sources = [sourceFromTrustList(doc)];
  if (replica !== null) sources.push(replica.asSource());
  return TrustStore.fromSources(sources);
}

/** read() against the cached trust list (an empty store when none was ever fetched). */
export async function readOffline(text: string, at = new Date()): Promise<ReadResult> {
  const cached = load<CachedTrust>(KEYS.trust);
  if (cached && store?.jws !== cached.jws) {
    // Verified once more against the pinned root at the instant of use (expiry is checked here).
    const checked = await verifyTrustList(cached.jws, cached.rootPublicJwk, { at });
    store = {
      jws: cached.jws,
      trust: 'document' in checked ? await trustOf(checked.document) : TrustStore.from([]),
    };
  }
  return read(text, { trust: store?.trust ?? TrustStore.from([]), at });
}
