import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../crypto/es256.ts';
import { TrustStore, sourceFromTrustList, type TrustedKey } from './trust-store.ts';
import { kidOfPair, makeFixture, REVOKED_QID, IAT, AT, type Fixture } from './testing.ts';
import { signPersonal } from '../signature/sign.ts';
import { verifySigned } from '../signature/verify.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

describe('TrustStore', () => {
  it('indexes every key by kid with its issuer, rights, validity and status', () => {
    expect(f.store.size).toBe(6);
    const [k] = f.store.lookup(kidOfPair(f.keys.main));
    expect(k).toMatchObject({
      kid: kidOfPair(f.keys.main),
      issuer: { id: 'pc-covid', name: 'PC-Covid' },
      rights: ['personal', 'venue'],
      status: 'active',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
    });
    expect(f.store.lookup(kidOfPair(f.keys.retired))[0]!.revokedAt).toEqual(new Date('2025-05-01T00:00:00Z'));
    expect(f.store.lookup(kidOfPair(f.keys.stranger))).toEqual([]);
    expect(f.store.lookup('')).toEqual([]);
  });

  it('answers revocation cut-offs, keeping the latest across sources', () => {
    expect(f.store.revokedBefore(REVOKED_QID)).toBe(IAT);
    expect(f.store.revokedBefore('nope')).toBeUndefined();
    const merged = TrustStore.fromSources([
      sourceFromTrustList(f.doc),
      { name: 'later', keys: [], revocations: [{ qid: REVOKED_QID, before: IAT + 10 }] },
    ]);
    expect(merged.revokedBefore(REVOKED_QID)).toBe(IAT + 10);
  });

  it('merges sources; a revocation of the same key in any source wins', () => {
    const active = f.store.lookup(kidOfPair(f.keys.main))[0]!;
    const revokedElsewhere: TrustedKey = { ...active, status: 'revoked', source: 'other' };
    const store = TrustStore.fromSources([
      sourceFromTrustList(f.doc),
      { name: 'other', keys: [revokedElsewhere] },
    ]);
    const found = store.lookup(kidOfPair(f.keys.main));
    expect(found).toHaveLength(2);
    expect(found.every((k) => k.status === 'revoked')).toBe(true);
  });

  it('merges sources; the earliest retirement (revokedAt) of the same key in any source wins', async () => {
    // A stale list that does not yet know the key was retired must not accept codes issued after it.
    const active = f.store.lookup(kidOfPair(f.keys.main))[0]!;
    const retiredElsewhere: TrustedKey = { ...active, revokedAt: new Date('2025-05-01T00:00:00Z') };
    const stale: TrustedKey = { ...active, source: 'stale' };
    const store = TrustStore.fromSources([
      { name: 'new', keys: [retiredElsewhere] },
      { name: 'stale', keys: [stale] },
    ]);
    const found = store.lookup(kidOfPair(f.keys.main));
    expect(found).toHaveLength(2);
    expect(found.map((k) => k.revokedAt?.toISOString())).toEqual([
      '2025-05-01T00:00:00.000Z',
      '2025-05-01T00:00:00.000Z',
    ]);
    const text = await signPersonal(SAMPLE, { privateJwk: f.keys.main.privateJwk }, IAT);
    const r = await verifySigned(text, 'personal', store, AT);
    expect([r.info.state, r.errors.map((e) => e.code)]).toEqual(['invalid', ['KEY_REVOKED']]);
  });

  it('imports each key once and answers null for an unusable one', async () => {
    const k = f.store.lookup(kidOfPair(f.keys.main))[0]!;
    const first = await f.store.verifyKey(k);
    expect(first).not.toBeNull();
    expect(await f.store.verifyKey({ ...k })).toBe(first);
    const broken: TrustedKey = { ...k, jwk: { ...k.jwk, y: k.jwk.x } };
    expect(await f.store.verifyKey(broken)).toBeNull();
  });

  it('lookup returns a copy: callers cannot change the store', async () => {
    const kid = kidOfPair(f.keys.main);
    const list = f.store.lookup(kid);
    list.push({ ...list[0]!, jwk: (await generateKeyPair()).publicJwk });
    expect(f.store.lookup(kid)).toHaveLength(1);
  });
});
