import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type Es256KeyPair } from '../crypto/es256.ts';
import { kidOf } from '../crypto/kid.ts';
import { TrustListBuildError, buildTrustList } from './build.ts';
import { validateTrustListDocument } from './validate.ts';
import type { IssuerInput } from './types.ts';

let a: Es256KeyPair;
let b: Es256KeyPair;
beforeAll(async () => {
  [a, b] = await Promise.all([generateKeyPair(), generateKeyPair()]);
});

const issuedAt = new Date('2025-01-01T00:00:00Z');
const pub = (p: Es256KeyPair) => {
  const { kid: _kid, ...rest } = p.publicJwk as JsonWebKey & { kid?: string };
  return rest;
};

async function buildError(issuers: unknown[], extra: object = {}): Promise<TrustListBuildError> {
  try {
    await buildTrustList({ issuers: issuers as IssuerInput[], issuedAt, ...extra });
  } catch (e) {
    if (e instanceof TrustListBuildError) return e;
    throw e;
  }
  throw new Error('expected buildTrustList to refuse');
}

describe('buildTrustList', () => {
  it('builds a clean document, computing kids and defaulting status and sequence', async () => {
    const doc = await buildTrustList({
      issuedAt,
      issuers: [
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'], keys: [pub(a)] },
        {
          id: 'vneid',
          name: 'VNeID',
          rights: ['personal'],
          keys: [{ ...b.publicJwk, notBefore: '2024-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' }],
        },
      ],
      revocations: [{ qid: '162979388586171100', before: 1_735_689_600 }],
    });
    expect(doc.format).toBe('oneqr-trust-list/1');
    expect(doc.issuedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(doc.sequence).toBe(1_735_689_600);
    expect(doc.issuers[0]!.keys[0]).toEqual({
      kid: await kidOf(a.publicJwk),
      jwk: { kty: 'EC', crv: 'P-256', x: a.publicJwk.x, y: a.publicJwk.y },
      status: 'active',
    });
    expect(doc.issuers[1]!.keys[0]!.notAfter).toBe('2027-01-01T00:00:00.000Z');
    expect(doc.revocations).toEqual([{ qid: '162979388586171100', before: 1_735_689_600 }]);
    // What the builder makes, the validator accepts unchanged.
    expect(await validateTrustListDocument(JSON.parse(JSON.stringify(doc)))).toEqual({ document: doc });
  });

  it('refuses private key material', async () => {
    const e = await buildError([{ id: 'x', name: 'X', rights: ['personal'], keys: [a.privateJwk] }]);
    expect(e.code).toBe('TRUST_LIST_PRIVATE_KEY');
  });

  it('refuses a kid that is not the key’s kid', async () => {
    const e = await buildError([
      { id: 'x', name: 'X', rights: ['personal'], keys: [{ ...pub(a), kid: 'AAAAAAAA' }] },
    ]);
    expect(e.code).toBe('TRUST_LIST_KID_MISMATCH');
    const swapped = await buildError([
      {
        id: 'x',
        name: 'X',
        rights: ['personal'],
        keys: [{ ...pub(a), kid: (b.publicJwk as { kid: string }).kid }],
      },
    ]);
    expect(swapped.code).toBe('TRUST_LIST_KID_MISMATCH');
  });

  it.each([
    ['an unknown right', [{ id: 'x', name: 'X', rights: ['admin'], keys: [] }], 'TRUST_LIST_RIGHT_UNKNOWN'],
    ['no rights', [{ id: 'x', name: 'X', rights: [], keys: [] }], 'TRUST_LIST_FIELD'],
    ['a bad issuer id', [{ id: 'has space', name: 'X', rights: ['venue'], keys: [] }], 'TRUST_LIST_FIELD'],
    ['an empty name', [{ id: 'x', name: ' ', rights: ['venue'], keys: [] }], 'TRUST_LIST_FIELD'],
    ['a non-object issuer', ['pc-covid'], 'TRUST_LIST_FIELD'],
  ])('refuses %s', async (_why, issuers, code) => {
    expect((await buildError(issuers)).code).toBe(code);
  });

  it('refuses duplicate issuer ids and duplicate keys', async () => {
    const dupIssuer = await buildError([
      { id: 'x', name: 'X', rights: ['venue'], keys: [pub(a)] },
      { id: 'x', name: 'X2', rights: ['venue'], keys: [pub(b)] },
    ]);
    expect(dupIssuer.code).toBe('TRUST_LIST_DUPLICATE_ISSUER');
    const dupKey = await buildError([
      { id: 'x', name: 'X', rights: ['venue'], keys: [pub(a)] },
      { id: 'y', name: 'Y', rights: ['personal'], keys: [pub(a)] },
    ]);
    expect(dupKey.code).toBe('TRUST_LIST_DUPLICATE_KEY');
  });

  it('refuses keys that are not P-256 public keys', async () => {
    const cases: unknown[] = [
      { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
      { ...pub(a), crv: 'P-384' },
      { ...pub(a), x: 'short' },
      { ...pub(a), y: pub(a).x }, // not on the curve
      { ...pub(a), alg: 'RS256' },
    ];
    for (const key of cases) {
      const e = await buildError([{ id: 'x', name: 'X', rights: ['venue'], keys: [key] }]);
      expect(e.code).toBe('TRUST_LIST_KEY_INVALID');
    }
  });

  it('refuses malformed times, an empty validity window and a bad status', async () => {
    const key = (extra: object) => [
      { id: 'x', name: 'X', rights: ['venue'], keys: [{ ...pub(a), ...extra }] },
    ];
    expect((await buildError(key({ notBefore: '2025-01-01' }))).code).toBe('TRUST_LIST_FIELD');
    expect((await buildError(key({ notAfter: '2025-02-30T00:00:00Z' }))).code).toBe('TRUST_LIST_FIELD');
    expect((await buildError(key({ notAfter: '2025-01-01T00:00:00+07:00' }))).code).toBe('TRUST_LIST_FIELD');
    expect(
      (await buildError(key({ notBefore: '2026-01-01T00:00:00Z', notAfter: '2025-01-01T00:00:00Z' }))).code,
    ).toBe('TRUST_LIST_VALIDITY_RANGE');
    expect((await buildError(key({ status: 'suspended' }))).code).toBe('TRUST_LIST_FIELD');
  });

  it('refuses malformed revocations and lists every problem', async () => {
    const e = await buildError([{ id: 'x', name: 'X', rights: ['nope'], keys: [a.privateJwk] }], {
      revocations: [{ qid: '', before: -1 }],
    });
    expect(e.issues.map((i) => i.code).sort()).toEqual(
      ['TRUST_LIST_FIELD', 'TRUST_LIST_PRIVATE_KEY', 'TRUST_LIST_RIGHT_UNKNOWN'].sort(),
    );
    expect(e.message).toMatch(/and 2 more/);
  });
});
