/**
 * What a scanner needs to verify offline: the trust list (verified against the national root key
 * the device pinned on first contact) and the colour rules, each kept with the time it was fetched
 * so the page can say how old it is, and the revocation log the list points at, synced by delta
 * (docs/revocations.md). Verification itself is the library's read().
 */
import {
  RevocationReplica,
  TrustStore,
  read,
  revocationRoot,
  sourceFromTrustList,
  verifyTrustList,
  type ReadResult,
  type TrustListDocument,
} from '@oneqr/qr';
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
 * Brings the kept replica up to the list's signed heads ("partition P since S"); a refused
 * delta (forged, gap, rollback) throws its code and keeps the old replica and list.
 */
async function syncRevocations(doc: TrustListDocument, rootJwk: JsonWebKey): Promise<void> {
  const log = doc.revocationLog!;
  const kept = RevocationReplica.fromJSON(load<unknown>(KEYS.revocations));
  const replica = kept?.partitions === log.partitions ? kept : new RevocationReplica(log.partitions);
  const root = await revocationRoot(rootJwk);
  const plan = replica.plan(log);
  if (root === null) throw new ApiError(0, 'TRUST_LIST_ROOT_KEY_INVALID', 'revocations refused');
  if ('errors' in plan) throw new ApiError(0, plan.errors[0]!.code, 'revocations refused');
  for (const { partition } of plan.sync) {
    const head = log.heads[partition]!;
    while (replica.head(partition).sequence < head.sequence) {
      const since = replica.head(partition).sequence;
      const page = await api<{ batches: string[] }>(`${log.url}/${partition}?since=${since}`);
      const r = await replica.apply(partition, page.batches, root);
      if ('errors' in r) throw new ApiError(0, r.errors[0]!.code, 'revocations refused');
      if (page.batches.length === 0) throw new ApiError(0, 'REVOCATION_BATCH_GAP', 'revocations missing');
    }
  }
  save(KEYS.revocations, replica.toJSON());
  store = undefined;
}

let store: { jws: string; trust: TrustStore } | undefined;

/** The list's keys with the kept replica's revocations. */
function trustOf(doc: TrustListDocument): TrustStore {
  const replica = RevocationReplica.fromJSON(load<unknown>(KEYS.revocations));
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
      trust: 'document' in checked ? trustOf(checked.document) : TrustStore.from([]),
    };
  }
  return read(text, { trust: store?.trust ?? TrustStore.from([]), at });
}
