/**
 * The verifier's keys, whatever the format (S1, EU DCC, SMART Health Cards) and whatever the
 * runtime: a public key is imported once per owner (a TrustStore, a DCC or SHC key source) into
 * the backend's own key object — a node:crypto KeyObject in Node, a WebCrypto CryptoKey in
 * browsers (`#crypto-backend`, chosen by package.json import conditions, so a browser bundle
 * never sees node:crypto) — and every signature check goes through {@link verifyWith}.
 */
import * as backend from '#crypto-backend';
import { minimalPublicJwk } from './jwk.ts';

/** The signature algorithms a verifier accepts: ES256 everywhere, PS256 for EU DCC signers. */
export type VerifyAlg = 'ES256' | 'PS256';

/** A public key as a format hands it out: a JWK, a DER SubjectPublicKeyInfo, or a WebCrypto key. */
export type KeyMaterial = { jwk: JsonWebKey } | { spki: Uint8Array } | { cryptoKey: CryptoKey };

/** An imported public key for one algorithm; `handle` is the backend's key object. */
export interface VerifyKey {
  readonly alg: VerifyAlg;
  readonly handle: unknown;
}

/** Which backend verifies in this runtime (`node:crypto` or `webcrypto`). */
export const CRYPTO_BACKEND: string = backend.NAME;

/** Only the members that identify the key reach the backend; null when the JWK cannot be one. */
function normalJwk(jwk: JsonWebKey, alg: VerifyAlg): JsonWebKey | null {
  try {
    if (alg === 'ES256') return minimalPublicJwk(jwk);
  } catch {
    return null;
  }
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return null;
  return { kty: 'RSA', n: jwk.n, e: jwk.e };
}

/** Imports a key for `alg`; null when it is not a usable key of that kind. Never throws. */
export async function importVerifyKey(material: KeyMaterial, alg: VerifyAlg): Promise<VerifyKey | null> {
  try {
    let handle: unknown;
    if ('jwk' in material) {
      const jwk = normalJwk(material.jwk, alg);
      if (jwk === null) return null;
      handle = await backend.importJwk(jwk, alg);
    } else if ('spki' in material) handle = await backend.importSpki(material.spki, alg);
    else handle = await backend.fromCryptoKey(material.cryptoKey, alg);
    return { alg, handle };
  } catch {
    return null;
  }
}

/**
 * Verifies `sig` over `data`. ES256 signatures are raw `r‖s` (64 bytes; any other length is
 * false). Never throws: a backend failure answers false.
 */
export async function verifyWith(key: VerifyKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (key.alg === 'ES256' && sig.length !== 64) return false;
  try {
    return await backend.verify(key.handle, key.alg, sig, data);
  } catch {
    return false;
  }
}

function materialId(material: KeyMaterial): string | null {
  if ('jwk' in material) {
    const k = material.jwk;
    return `jwk:${k.kty ?? ''}:${k.crv ?? ''}:${k.x ?? ''}:${k.y ?? ''}:${k.n ?? ''}:${k.e ?? ''}`;
  }
  if ('spki' in material) {
    let s = 'spki:';
    for (const b of material.spki) s += String.fromCharCode(b);
    return s;
  }
  return null; // a CryptoKey has no readable material: memoised by identity instead
}

/**
 * The one key cache of the verifier. Importing a key costs more than verifying one signature,
 * so each owner (a TrustStore, a DCC or SHC key source: see {@link keyCacheOf}) imports each key
 * once. Keyed by the key material (two keys may share a kid), or by identity for a CryptoKey;
 * bounded, oldest out first; it holds promises so concurrent verifications share one import.
 * Derived facts about a key (its SHC thumbprint, a parsed DCC certificate) are memoised here too.
 */
export class VerifyKeyCache {
  readonly #max: number;
  readonly #map = new Map<string, Promise<unknown>>();
  readonly #byObject = new WeakMap<object, Map<string, Promise<unknown>>>();

  /** @param max the most entries kept (default 10 000). */
  constructor(max = 10_000) {
    this.#max = Math.max(1, max);
  }

  /** The imported key for `alg`, or null when the material is not a usable key of that kind. */
  key(material: KeyMaterial, alg: VerifyAlg): Promise<VerifyKey | null> {
    const id = materialId(material);
    const make = () => importVerifyKey(material, alg);
    if (id === null) return this.memoOn((material as { cryptoKey: CryptoKey }).cryptoKey, alg, make);
    return this.memo(`${alg}:${id}`, make);
  }

  /** `make()` once per `id` (while the entry stays in the cache). */
  memo<T>(id: string, make: () => Promise<T>): Promise<T> {
    let hit = this.#map.get(id) as Promise<T> | undefined;
    if (hit === undefined) {
      hit = make();
      if (this.#map.size >= this.#max) {
        const oldest = this.#map.keys().next();
        if (oldest.done !== true) this.#map.delete(oldest.value);
      }
      this.#map.set(id, hit);
    }
    return hit;
  }

  /** `make()` once per (object, tag), for as long as the object lives. */
  memoOn<T>(owner: object, tag: string, make: () => Promise<T>): Promise<T> {
    let entries = this.#byObject.get(owner);
    if (entries === undefined) this.#byObject.set(owner, (entries = new Map()));
    let hit = entries.get(tag) as Promise<T> | undefined;
    if (hit === undefined) entries.set(tag, (hit = make()));
    return hit;
  }

  /** Number of entries keyed by material or id. */
  get size(): number {
    return this.#map.size;
  }
}

const caches = new WeakMap<object, VerifyKeyCache>();

/**
 * The key cache of an owner that has none of its own (a DCC or SHC key source the caller made):
 * it lives as long as the owner, so a cache is never shared between key sources.
 */
export function keyCacheOf(owner: object): VerifyKeyCache {
  let cache = caches.get(owner);
  if (cache === undefined) caches.set(owner, (cache = new VerifyKeyCache()));
  return cache;
}
