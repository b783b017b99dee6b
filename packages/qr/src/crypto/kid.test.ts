import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from './es256.ts';
import { KID_PATTERN, kidOf, publicJwkOf } from './kid.ts';

/** RFC 7515 Appendix A.3 key (a published P-256 key). */
const RFC7515_A3 = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI',
};

/** Independent path: Node's own SPKI export and hash. */
function nodeKid(jwk: JsonWebKey): string {
  const der = createPublicKey({
    key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    format: 'jwk',
  }).export({
    type: 'spki',
    format: 'der',
  });
  return createHash('sha256').update(der).digest().subarray(0, 6).toString('base64url');
}

/** Independent path: openssl over the PEM. */
function opensslKid(jwk: JsonWebKey): string | null {
  const pem = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const dir = mkdtempSync(join(tmpdir(), 'oneqr-kid-'));
  try {
    writeFileSync(join(dir, 'k.pem'), pem);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', join(dir, 'k.pem'), '-outform', 'DER']);
    const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
    return Buffer.from(digest.subarray(0, 6)).toString('base64url');
  } catch {
    return null; // openssl missing: the Node path still checks
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('kidOf', () => {
  it('gives the fixed vector for the RFC 7515 A.3 key (checked with openssl and node:crypto)', async () => {
    expect(await kidOf(RFC7515_A3)).toBe('K9G7DESo');
    expect(nodeKid(RFC7515_A3)).toBe('K9G7DESo');
    const viaOpenssl = opensslKid(RFC7515_A3);
    if (viaOpenssl !== null) expect(viaOpenssl).toBe('K9G7DESo');
  });

  it('agrees with the independent paths on fresh keys', async () => {
    for (let i = 0; i < 5; i++) {
      const { publicJwk, privateJwk } = await generateKeyPair();
      const kid = await kidOf(publicJwk);
      expect(kid).toMatch(KID_PATTERN);
      expect(kid).toBe(nodeKid(publicJwk));
      expect(await kidOf(privateJwk)).toBe(kid);
      expect((publicJwk as { kid?: string }).kid).toBe(kid);
    }
    const { publicJwk } = await generateKeyPair();
    expect(await kidOf(publicJwk)).toBe(opensslKid(publicJwk) ?? nodeKid(publicJwk));
  });

  it('refuses what is not a P-256 key', async () => {
    await expect(kidOf({ kty: 'RSA', n: 'AQAB', e: 'AQAB' })).rejects.toThrow(TypeError);
    await expect(kidOf({ ...RFC7515_A3, crv: 'P-384' })).rejects.toThrow(TypeError);
    // A point not on the curve: WebCrypto refuses it.
    await expect(kidOf({ ...RFC7515_A3, y: RFC7515_A3.x })).rejects.toThrow();
  });
});

describe('publicJwkOf', () => {
  it('drops the private part and keeps kid/alg/use', () => {
    const pub = publicJwkOf({ ...RFC7515_A3, kid: 'K9G7DESo', alg: 'ES256', use: 'sig' } as JsonWebKey);
    expect(pub).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: RFC7515_A3.x,
      y: RFC7515_A3.y,
      kid: 'K9G7DESo',
      alg: 'ES256',
      use: 'sig',
    });
    expect('d' in pub).toBe(false);
  });
});
