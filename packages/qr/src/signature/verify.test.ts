import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPrivateKey, sign as nodeSign, type JsonWebKey as NodeJwk } from 'node:crypto';
import { generateKeyPair } from '../crypto/es256.ts';
import { AT, IAT, REVOKED_QID, kidOfPair, makeFixture, type Fixture } from '../trust/testing.ts';
import { TrustStore, sourceFromTrustList, type TrustedKey } from '../trust/trust-store.ts';
import { signPersonal } from './sign.ts';
import { verifySigned } from './verify.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';

let f: Fixture;
let good: string;
beforeAll(async () => {
  f = await makeFixture();
  good = await signPersonal(SAMPLE, { privateJwk: f.keys.main.privateJwk }, IAT);
});

const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('verifySigned (personal)', () => {
  it('accepts a code signed by a trusted key with the right, and names the issuer', async () => {
    const r = await verifySigned(good, 'personal', f.store, AT);
    expect(r.errors).toEqual([]);
    expect(r.info).toEqual({
      state: 'valid',
      issuer: { id: 'pc-covid', name: 'PC-Covid' },
      kid: kidOfPair(f.keys.main),
      iat: IAT,
      alg: 'ES256',
    });
  });

  it('accepts a code signed independently by node:crypto per SPEC §2.1', async () => {
    const head = `${SAMPLE}<S1.${kidOfPair(f.keys.main)}.${IAT.toString(36)}`;
    const key = createPrivateKey({ key: f.keys.main.privateJwk as NodeJwk, format: 'jwk' });
    const sig = nodeSign('sha256', Buffer.from(head), { key, dsaEncoding: 'ieee-p1363' }).toString(
      'base64url',
    );
    expect((await verifySigned(`${head}.${sig}`, 'personal', f.store, AT)).info.state).toBe('valid');
  });

  it('refuses a second spelling of the signature value that a lax decoder reads alike', async () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = ALPHABET.indexOf(good.at(-1)!);
    const sigOf = (t: string) => Buffer.from(t.slice(t.lastIndexOf('.') + 1), 'base64url');
    for (const bits of [1, 2, 3]) {
      const forged = good.slice(0, -1) + ALPHABET[last | bits];
      expect(sigOf(forged)).toEqual(sigOf(good));
      const r = await verifySigned(forged, 'personal', f.store, AT);
      expect([r.info.state, codes(r)]).toEqual(['invalid', ['SIGNATURE_VALUE_FORMAT']]);
    }
  });

  it('reports an unsigned code as unsigned, without errors', async () => {
    expect(await verifySigned(SAMPLE, 'personal', f.store, AT)).toEqual({
      info: { state: 'unsigned' },
      errors: [],
      warnings: [],
    });
  });

  it('without a trust store: untrusted with a warning; a malformed signature is still invalid', async () => {
    const r = await verifySigned(good, 'personal', undefined, AT);
    expect(r.info.state).toBe('untrusted');
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['SIGNATURE_UNCHECKED']);
    const bad = await verifySigned(good.replace('<S1.', '<S9.'), 'personal', undefined, AT);
    expect(bad.info.state).toBe('invalid');
    expect(codes(bad)).toEqual(['SIGNATURE_VERSION_UNSUPPORTED']);
  });

  it('a key not on the list: untrusted + KEY_NOT_TRUSTED error', async () => {
    const text = await signPersonal(SAMPLE, { privateJwk: f.keys.stranger.privateJwk }, IAT);
    const r = await verifySigned(text, 'personal', f.store, AT);
    expect(r.info.state).toBe('untrusted');
    expect(codes(r)).toEqual(['KEY_NOT_TRUSTED']);
  });

  it('a revoked key: KEY_REVOKED', async () => {
    const text = await signPersonal(SAMPLE, { privateJwk: f.keys.revoked.privateJwk }, IAT);
    const r = await verifySigned(text, 'personal', f.store, AT);
    expect(r.info.state).toBe('invalid');
    expect(r.info.issuer?.id).toBe('revoked-co');
    expect(codes(r)).toEqual(['KEY_REVOKED']);
  });

  it('a retired key: codes issued before revokedAt stay valid, at or after it are KEY_REVOKED', async () => {
    const retiredAt = Date.parse('2025-05-01T00:00:00Z') / 1000;
    const before = await signPersonal(SAMPLE, { privateJwk: f.keys.retired.privateJwk }, retiredAt - 1);
    const after = await signPersonal(SAMPLE, { privateJwk: f.keys.retired.privateJwk }, retiredAt);
    expect((await verifySigned(before, 'personal', f.store, AT)).info.state).toBe('valid');
    expect(codes(await verifySigned(after, 'personal', f.store, AT))).toEqual(['KEY_REVOKED']);
  });

  it('a key without the right for the kind: KEY_RIGHT_MISSING', async () => {
    const text = await signPersonal(SAMPLE, { privateJwk: f.keys.venueOnly.privateJwk }, IAT);
    const r = await verifySigned(text, 'personal', f.store, AT);
    expect(r.info.state).toBe('invalid');
    expect(codes(r)).toEqual(['KEY_RIGHT_MISSING']);
  });

  it('a key outside its validity: KEY_EXPIRED / KEY_NOT_YET_VALID', async () => {
    const expired = await signPersonal(SAMPLE, { privateJwk: f.keys.expired.privateJwk }, IAT - 365 * 86400);
    expect(codes(await verifySigned(expired, 'personal', f.store, AT))).toEqual(['KEY_EXPIRED']);
    const future = await signPersonal(SAMPLE, { privateJwk: f.keys.future.privateJwk }, IAT);
    expect(codes(await verifySigned(future, 'personal', f.store, AT))).toEqual(['KEY_NOT_YET_VALID']);
    // The main key's window: checked at an instant after notAfter → expired.
    expect(codes(await verifySigned(good, 'personal', f.store, new Date('2030-06-01T00:00:00Z')))).toEqual([
      'KEY_EXPIRED',
    ]);
  });

  it('an issue time in the future beyond the skew: ISSUED_IN_FUTURE (within the skew: valid)', async () => {
    const now = AT.getTime() / 1000;
    const far = await signPersonal(SAMPLE, { privateJwk: f.keys.main.privateJwk }, now + 3600);
    expect(codes(await verifySigned(far, 'personal', f.store, AT))).toEqual(['ISSUED_IN_FUTURE']);
    const near = await signPersonal(SAMPLE, { privateJwk: f.keys.main.privateJwk }, now + 120);
    expect((await verifySigned(near, 'personal', f.store, AT)).info.state).toBe('valid');
  });

  it('a superseded code (QID, iat below the cut-off): CREDENTIAL_REVOKED', async () => {
    const base = SAMPLE.replace('162979388586171100', REVOKED_QID);
    const old = await signPersonal(base, { privateJwk: f.keys.main.privateJwk }, IAT - 1);
    const current = await signPersonal(base, { privateJwk: f.keys.main.privateJwk }, IAT);
    expect(codes(await verifySigned(old, 'personal', f.store, AT))).toEqual(['CREDENTIAL_REVOKED']);
    expect((await verifySigned(current, 'personal', f.store, AT)).info.state).toBe('valid');
  });

  it('a signature by another key under the same kid: SIGNATURE_INVALID', async () => {
    const forged = await signPersonal(
      SAMPLE,
      { privateJwk: f.keys.stranger.privateJwk, kid: kidOfPair(f.keys.main) },
      IAT,
    );
    const r = await verifySigned(forged, 'personal', f.store, AT);
    expect(r.info.state).toBe('invalid');
    expect(codes(r)).toEqual(['SIGNATURE_INVALID']);
  });

  it('tries every key under a shared kid: valid if any verifies', async () => {
    const kid = kidOfPair(f.keys.main);
    const impostor = await generateKeyPair();
    // A second key listed under the same kid (a collision), placed first.
    const collided: TrustedKey = {
      kid,
      jwk: impostor.publicJwk,
      issuer: { id: 'other', name: 'Other' },
      rights: ['personal'],
      status: 'active',
    };
    const store = TrustStore.fromSources([
      { name: 'collision', keys: [collided] },
      sourceFromTrustList(f.doc),
    ]);
    expect(store.lookup(kid)).toHaveLength(2);
    const r = await verifySigned(good, 'personal', store, AT);
    expect(r.info.state).toBe('valid');
    expect(r.info.issuer?.id).toBe('pc-covid');
    const byImpostor = await signPersonal(SAMPLE, { privateJwk: impostor.privateJwk, kid }, IAT);
    expect((await verifySigned(byImpostor, 'personal', store, AT)).info.issuer?.id).toBe('other');
    const byThird = await signPersonal(SAMPLE, { privateJwk: f.keys.stranger.privateJwk, kid }, IAT);
    expect(codes(await verifySigned(byThird, 'personal', store, AT))).toEqual(['SIGNATURE_INVALID']);
  });

  it('one character changed anywhere in the code is never valid, and always says why', async () => {
    const signedEnd = good.lastIndexOf('.');
    const seen = new Set<string>();
    for (let i = 0; i < good.length; i++) {
      const c = good[i]!;
      // A neighbour of the same class (hardest case), and each structural character.
      const near = /[0-9]/.test(c)
        ? String((Number(c) + 1) % 10)
        : /[A-Z]/.test(c)
          ? c === 'Z'
            ? 'A'
            : String.fromCharCode(c.charCodeAt(0) + 1)
          : /[a-z]/.test(c)
            ? c === 'z'
              ? 'a'
              : String.fromCharCode(c.charCodeAt(0) + 1)
            : 'A';
      for (const r of new Set([near, '|', '<', '.', ' '])) {
        if (r === c) continue;
        const mutated = good.slice(0, i) + r + good.slice(i + 1);
        const v = await verifySigned(mutated, 'personal', f.store, AT);
        expect(v.info.state, `position ${i} '${c}'→'${r}'`).not.toBe('valid');
        expect(v.errors.length, `position ${i} '${c}'→'${r}'`).toBeGreaterThan(0);
        if (i < signedEnd && v.errors[0]) seen.add(v.errors[0].code);
      }
    }
    expect(seen).toContain('SIGNATURE_INVALID');
    expect(seen).toContain('SIGNATURE_FORMAT');
  });

  it('refuses a signature that is not last or not in EXT[4]', async () => {
    expect(codes(await verifySigned(`${good}<`, 'personal', f.store, AT))).toEqual(['SIGNATURE_NOT_LAST']);
    const moved = good.replace('<0944713700<S1.', '<S1.');
    expect(codes(await verifySigned(moved, 'personal', f.store, AT))).toEqual(['SIGNATURE_MISPLACED']);
    expect(codes(await verifySigned(`x|${good}`, 'personal', f.store, AT))).toEqual(['SIGNATURE_FORMAT']);
  });

  it('never throws and is never valid on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        const r = await verifySigned(s, 'personal', f.store, AT);
        expect(r.info.state).not.toBe('valid');
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (tail) => {
        const r = await verifySigned(`${SAMPLE}<${tail}`, 'personal', f.store, AT);
        expect(r.info.state).not.toBe('valid');
      }),
      { numRuns: 300 },
    );
  });

  it('throws only for an invalid instant (programmer error)', async () => {
    await expect(verifySigned(good, 'personal', f.store, new Date(Number.NaN))).rejects.toThrow(TypeError);
  });
});
