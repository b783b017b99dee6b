import { describe, expect, it } from 'vitest';
import {
  createPublicKey,
  createPrivateKey,
  sign as nodeSign,
  verify as nodeVerify,
  type JsonWebKey as NodeJwk,
} from 'node:crypto';
import { b64uDecode } from './base64url.ts';
import { generateKeyPair, importPrivateKey, importPublicKey, signEs256, verifyEs256 } from './es256.ts';
import { CRYPTO_BACKEND, VerifyKeyCache, verifyWith } from './verify-key.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('ES256', () => {
  it('generates P-256 JWKs carrying kid, alg and use; the public one has no d', async () => {
    const { privateJwk, publicJwk } = await generateKeyPair();
    expect(publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect((publicJwk as { kid?: string }).kid).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect((privateJwk as { kid?: string }).kid).toBe((publicJwk as { kid?: string }).kid);
    expect(publicJwk.d).toBeUndefined();
    expect(privateJwk.d).toHaveLength(43);
  });

  it('signs raw r‖s that verifies, and fails on changed data', async () => {
    const { privateJwk, publicJwk } = await generateKeyPair();
    const sig = await signEs256(await importPrivateKey(privateJwk), enc('hello'));
    expect(sig).toHaveLength(64);
    const pub = await importPublicKey(publicJwk);
    expect(await verifyEs256(pub, sig, enc('hello'))).toBe(true);
    expect(await verifyEs256(pub, sig, enc('hellp'))).toBe(false);
    const flipped = sig.slice();
    flipped[10]! ^= 1;
    expect(await verifyEs256(pub, flipped, enc('hello'))).toBe(false);
  });

  it('answers false, never throws, for a signature of the wrong length', async () => {
    const { publicJwk } = await generateKeyPair();
    const pub = await importPublicKey(publicJwk);
    for (const n of [0, 1, 63, 65, 72, 128]) {
      expect(await verifyEs256(pub, new Uint8Array(n), enc('x'))).toBe(false);
    }
    expect(await verifyEs256(pub, new Uint8Array(64), enc('x'))).toBe(false);
  });

  it('interoperates with node:crypto in both directions', async () => {
    const { privateJwk, publicJwk } = await generateKeyPair();
    const data = enc('001093029317|NGUYEN LE KHA HAN');
    const ours = await signEs256(await importPrivateKey(privateJwk), data);
    const nodePub = createPublicKey({ key: publicJwk as NodeJwk, format: 'jwk' });
    expect(nodeVerify('sha256', data, { key: nodePub, dsaEncoding: 'ieee-p1363' }, ours)).toBe(true);
    const nodePriv = createPrivateKey({ key: privateJwk as NodeJwk, format: 'jwk' });
    const theirs = nodeSign('sha256', data, { key: nodePriv, dsaEncoding: 'ieee-p1363' });
    expect(await verifyEs256(await importPublicKey(publicJwk), new Uint8Array(theirs), data)).toBe(true);
  });

  it('verifies the RFC 7515 A.3 published ES256 signature', async () => {
    const key = await importPublicKey({
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    });
    const input =
      'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ';
    const sig = b64uDecode(
      'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q',
    );
    expect(await verifyEs256(key, sig, enc(input))).toBe(true);
    expect(await verifyEs256(key, sig, enc(input + 'x'))).toBe(false);
  });

  it('refuses malformed JWKs on import', async () => {
    await expect(importPublicKey({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' })).rejects.toThrow(TypeError);
    const { publicJwk } = await generateKeyPair();
    await expect(importPrivateKey(publicJwk)).rejects.toThrow(TypeError);
  });
});

describe('VerifyKeyCache', () => {
  it('imports each key once, null for an unusable key, bounded size', async () => {
    const cache = new VerifyKeyCache(2);
    const a = await generateKeyPair();
    const b = await generateKeyPair();
    const c = await generateKeyPair();
    const ka = await cache.key({ jwk: a.publicJwk }, 'ES256');
    expect(ka).not.toBeNull();
    expect(await cache.key({ jwk: { ...a.publicJwk } }, 'ES256')).toBe(ka); // same x+y → same key
    expect(await cache.key({ jwk: { kty: 'EC', crv: 'P-256', x: 'bad', y: 'bad' } }, 'ES256')).toBeNull();
    const offCurve = { ...a.publicJwk, y: a.publicJwk.x };
    expect(await new VerifyKeyCache().key({ jwk: offCurve }, 'ES256')).toBeNull();
    await cache.key({ jwk: b.publicJwk }, 'ES256');
    await cache.key({ jwk: c.publicJwk }, 'ES256');
    expect(cache.size).toBe(2);
  });

  it('verifies with the runtime backend (node:crypto under Node) as WebCrypto does', async () => {
    expect(CRYPTO_BACKEND).toBe('node:crypto');
    const { privateJwk, publicJwk } = await generateKeyPair();
    const sig = await signEs256(await importPrivateKey(privateJwk), enc('hello'));
    const cache = new VerifyKeyCache();
    const fromJwk = (await cache.key({ jwk: publicJwk }, 'ES256'))!;
    const spki = new Uint8Array(
      createPublicKey({ key: publicJwk as NodeJwk, format: 'jwk' }).export({ type: 'spki', format: 'der' }),
    );
    const fromSpki = (await cache.key({ spki }, 'ES256'))!;
    const fromCryptoKey = (await cache.key({ cryptoKey: await importPublicKey(publicJwk) }, 'ES256'))!;
    for (const key of [fromJwk, fromSpki, fromCryptoKey]) {
      expect(await verifyWith(key, sig, enc('hello'))).toBe(true);
      expect(await verifyWith(key, sig, enc('hellp'))).toBe(false);
      expect(await verifyWith(key, sig.subarray(0, 63), enc('hello'))).toBe(false);
    }
    // A P-256 key is no RSA key, and an RSA JWK no P-256 one.
    expect(await cache.key({ spki }, 'PS256')).toBeNull();
    expect(await cache.key({ jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, 'ES256')).toBeNull();
  });
});

describe('low-S signatures', () => {
  it('signEs256 always emits s ≤ n/2, and the high-S twin of each verifies too (so we pin one form)', async () => {
    const { generateKeyPair, importPrivateKey, importPublicKey, signEs256, verifyEs256, toLowS, isLowS } =
      await import('./es256.ts');
    const { privateJwk, publicJwk } = await generateKeyPair();
    const priv = await importPrivateKey(privateJwk);
    const pub = await importPublicKey(publicJwk);
    const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const data = new TextEncoder().encode(
      '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<<<S1.x.y',
    );
    for (let i = 0; i < 64; i++) {
      const sig = await signEs256(priv, data);
      expect(isLowS(sig)).toBe(true);
      expect(await verifyEs256(pub, sig, data)).toBe(true);
      // Build the twin (r, n − s): high-S, and WebCrypto accepts it as well.
      let s = 0n;
      for (let j = 32; j < 64; j++) s = (s << 8n) | BigInt(sig[j]!);
      let high = N - s;
      const twin = sig.slice();
      for (let j = 63; j >= 32; j--) {
        twin[j] = Number(high & 0xffn);
        high >>= 8n;
      }
      expect(isLowS(twin)).toBe(false);
      expect(await verifyEs256(pub, twin, data)).toBe(true);
      expect(toLowS(twin)).toEqual(sig);
    }
  });
});
