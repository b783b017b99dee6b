/**
 * What a verifier trusts: keys by kid, with issuer, rights, validity and status, plus
 * credential revocations. Built from one or more sources: OneQR trust lists today; an EU DCC
 * DSC list or a SMART Health Cards key set becomes another {@link TrustSource} adapter.
 */
import { VerifyKeyCache, type VerifyKey } from '../crypto/verify-key.ts';
import type { KeyStatus, Right, TrustListDocument, TrustListRevocation } from './types.ts';

/** One trusted key, as every verifier sees it whatever its source. */
export interface TrustedKey {
  kid: string;
  /** Public JWK (P-256 for OneQR; other sources may bring other key types). */
  jwk: JsonWebKey;
  issuer: { id: string; name: string };
  rights: readonly Right[];
  notBefore?: Date;
  notAfter?: Date;
  status: KeyStatus;
  revokedAt?: Date;
  /** Where the key came from, for diagnostics (e.g. `oneqr-trust-list/1#1735689600`). */
  source?: string;
}

/** A source of trust: its keys and credential revocations, already verified by its adapter. */
export interface TrustSource {
  name: string;
  keys: readonly TrustedKey[];
  revocations?: readonly TrustListRevocation[];
}

const opt = (iso: string | undefined): Date | undefined => (iso === undefined ? undefined : new Date(iso));

/** Adapts a (validated) OneQR trust list document into a {@link TrustSource}. */
export function sourceFromTrustList(doc: TrustListDocument): TrustSource {
  const name = `${doc.format}#${doc.sequence}`;
  const keys: TrustedKey[] = [];
  for (const it of doc.issuers) {
    for (const k of it.keys) {
      const key: TrustedKey = {
        kid: k.kid,
        jwk: k.jwk,
        issuer: { id: it.id, name: it.name },
        rights: [...it.rights],
        status: k.status,
        source: name,
      };
      const nb = opt(k.notBefore);
      const na = opt(k.notAfter);
      const ra = opt(k.revokedAt);
      if (nb !== undefined) key.notBefore = nb;
      if (na !== undefined) key.notAfter = na;
      if (ra !== undefined) key.revokedAt = ra;
      keys.push(key);
    }
  }
  return doc.revocations === undefined ? { name, keys } : { name, keys, revocations: doc.revocations };
}

/**
 * Immutable index of trusted keys. Several keys may share a kid (6 bytes can collide, and a
 * forger can make them collide): {@link lookup} returns them all and a verifier tries each.
 * When the same key material appears in several sources and any marks it revoked, every
 * entry of it is treated as revoked, and the earliest `revokedAt` applies to every entry
 * (a stale list must not resurrect a revoked or retired key).
 */
export class TrustStore {
  readonly #byKid = new Map<string, TrustedKey[]>();
  readonly #revoked = new Map<string, number>();
  readonly #cache = new VerifyKeyCache();

  private constructor(sources: readonly TrustSource[]) {
    const revokedMaterial = new Set<string>();
    // Earliest retirement of each key material across sources: a stale list must not accept
    // codes issued after the key was retired elsewhere.
    const retiredAt = new Map<string, number>();
    for (const s of sources) {
      for (const k of s.keys) {
        const m = material(k.jwk);
        if (k.status === 'revoked') revokedMaterial.add(m);
        const ra = k.revokedAt?.getTime();
        if (ra !== undefined && ra < (retiredAt.get(m) ?? Infinity)) retiredAt.set(m, ra);
      }
    }
    for (const s of sources) {
      for (const k of s.keys) {
        const m = material(k.jwk);
        let key: TrustedKey = revokedMaterial.has(m) ? { ...k, status: 'revoked' } : k;
        const ra = retiredAt.get(m);
        if (ra !== undefined && key.revokedAt?.getTime() !== ra) key = { ...key, revokedAt: new Date(ra) };
        const list = this.#byKid.get(k.kid);
        if (list === undefined) this.#byKid.set(k.kid, [key]);
        else list.push(key);
      }
      for (const r of s.revocations ?? []) {
        const prev = this.#revoked.get(r.qid);
        if (prev === undefined || r.before > prev) this.#revoked.set(r.qid, r.before);
      }
    }
  }

  /**
   * A store over one or more validated OneQR trust list documents.
   *
   * @example const store = TrustStore.from([(await verifyTrustList(text, root)).document])
   */
  static from(docs: readonly TrustListDocument[]): TrustStore {
    return new TrustStore(docs.map(sourceFromTrustList));
  }

  /** A store over sources of any kind (trust lists, and later DCC DSC lists, SHC key sets). */
  static fromSources(sources: readonly TrustSource[]): TrustStore {
    return new TrustStore(sources);
  }

  /** Every key listed under `kid` (possibly several, possibly none). */
  lookup(kid: string): TrustedKey[] {
    return this.#byKid.get(kid)?.slice() ?? [];
  }

  /** The revocation cut-off (Unix seconds) for a credential id: codes issued before it are revoked. */
  revokedBefore(qid: string): number | undefined {
    return this.#revoked.get(qid);
  }

  /** The verify key of a trusted key (ES256), imported once per store; null when unusable. */
  verifyKey(key: TrustedKey): Promise<VerifyKey | null> {
    return this.#cache.key({ jwk: key.jwk }, 'ES256');
  }

  /** Number of keys held. */
  get size(): number {
    let n = 0;
    for (const list of this.#byKid.values()) n += list.length;
    return n;
  }
}

function material(jwk: JsonWebKey): string {
  return `${jwk.kty ?? ''}:${jwk.crv ?? ''}:${jwk.x ?? ''}:${jwk.y ?? ''}:${jwk.n ?? ''}`;
}
