/**
 * Imported-key cache. Importing a JWK costs more than verifying one signature, so a verifier
 * imports each key once. Keyed by the key itself (crv, x, y), not by kid: two keys may share a
 * kid. Bounded, oldest out first; it caches the promise so concurrent verifications share one
 * import. Owned by an instance (e.g. a TrustStore), never module-global.
 */
import { importPublicKey } from './es256.ts';

/** Caches `importPublicKey` results; an unusable key is cached as null. */
export class PublicKeyCache {
  readonly #max: number;
  readonly #map = new Map<string, Promise<CryptoKey | null>>();

  /** @param max the most keys kept (default 10 000). */
  constructor(max = 10_000) {
    this.#max = Math.max(1, max);
  }

  /** The imported key, or null when the JWK cannot be imported (bad shape, point off the curve). */
  get(jwk: JsonWebKey): Promise<CryptoKey | null> {
    const id = `${jwk.crv ?? ''}:${jwk.x ?? ''}:${jwk.y ?? ''}`;
    let hit = this.#map.get(id);
    if (hit === undefined) {
      hit = importPublicKey(jwk).catch(() => null);
      if (this.#map.size >= this.#max) {
        const oldest = this.#map.keys().next();
        if (oldest.done !== true) this.#map.delete(oldest.value);
      }
      this.#map.set(id, hit);
    }
    return hit;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#map.size;
  }
}
