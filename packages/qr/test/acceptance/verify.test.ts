/**
 * Acceptance 2: sign → verify is `valid`, and every way a code can be wrong is refused through
 * read(text, { trust, at }) with its own code. Real keys, a real signed trust list, no mocks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, issuePersonal, issueVenue, read, type TrustStore } from '../../src/index.ts';
import { generateKeyPair } from '../../src/index.ts';
import {
  AT,
  IAT,
  SAMPLE,
  codesOf,
  makeIssuer,
  publishTrustList,
  readerFrom,
  type TestIssuer,
} from './fixtures.ts';

const PERSON = {
  documentNumber: '001093029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1987-01-18',
  qid: '162979388586171100',
  gender: 1 as const,
  insuranceNumber: 'HS4010120878821',
  phone: '0944713700',
};
const VENUE = { venueId: 'h3K9x', name: 'Quán Phở Đức', province: '79', commune: '26734' };
const REVOKED_QID = '900000000000000001';
const KNOWN: readonly string[] = ERROR_CODES;

let trust: TrustStore;
let main: TestIssuer; // pc-covid: personal + venue
let venueOnly: TestIssuer;
let personalOnly: TestIssuer;
let revoked: TestIssuer;
let retired: TestIssuer;
let expired: TestIssuer;
let notYet: TestIssuer;
let stranger: TestIssuer; // never listed
let good: string;
let goodVenue: string;

beforeAll(async () => {
  const root = await generateKeyPair();
  [main, venueOnly, personalOnly, revoked, retired, expired, notYet, stranger] = await Promise.all([
    makeIssuer('pc-covid', 'PC-Covid', ['personal', 'venue']),
    makeIssuer('venue-only', 'Venue Registrar', ['venue']),
    makeIssuer('vneid', 'VNeID', ['personal']),
    makeIssuer('revoked-app', 'Revoked App', ['personal', 'venue'], { status: 'revoked' }),
    makeIssuer('retired-app', 'Retired App', ['personal'], { revokedAt: '2026-04-01T00:00:00Z' }),
    makeIssuer('old-app', 'Old App', ['personal'], {
      notBefore: '2025-01-01T00:00:00Z',
      notAfter: '2026-05-15T00:00:00Z',
    }),
    makeIssuer('new-app', 'New App', ['personal'], { notBefore: '2026-07-01T00:00:00Z' }),
    makeIssuer('stranger', 'Stranger', ['personal', 'venue']),
  ]);
  const listed = [main, venueOnly, personalOnly, revoked, retired, expired, notYet];
  const text = await publishTrustList(root.privateJwk, listed, [{ qid: REVOKED_QID, before: IAT + 60 }]);
  trust = await readerFrom(text, root.publicJwk);
  good = await issuePersonal(PERSON, main.signer, IAT, { now: AT });
  goodVenue = await issueVenue(VENUE, main.signer, IAT);
});

const readAt = (text: string) => read(text, { trust, at: AT });

/** Refused: never valid, at least one error, every code known. */
function expectRefused(r: Awaited<ReturnType<typeof read>>, label: string): void {
  expect(r.signature.state, label).not.toBe('valid');
  expect(r.errors.length, label).toBeGreaterThan(0);
  for (const e of [...r.errors, ...r.warnings]) expect(KNOWN, label).toContain(e.code);
}

/**
 * A different character of the same class (digit → digit, letter → letter, base64url `-` ↔ `_`),
 * else the next code point.
 */
function substitute(c: string): string {
  if (c === '-') return '_';
  if (c === '_') return '-';
  if (/[0-8]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
  if (c === '9') return '0';
  if (/[A-Ya-y]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
  if (c === 'Z') return 'A';
  if (c === 'z') return 'a';
  return String.fromCharCode(c.charCodeAt(0) + 1);
}

describe('sign → verify', () => {
  it('a personal QR issued by a listed key with the right reads valid, naming the issuer', async () => {
    expect(good).toBe(
      `${SAMPLE.replace('0944713700', '0944713700<')}S1.${main.kid}.${IAT.toString(36)}.${good.slice(-86)}`,
    );
    const r = await readAt(good);
    expect(r.kind).toBe('personal-1405');
    expect(r.errors).toEqual([]);
    expect(r.signature).toEqual({
      state: 'valid',
      issuer: { id: 'pc-covid', name: 'PC-Covid' },
      kid: main.kid,
      iat: IAT,
      alg: 'ES256',
    });
    expect(r.fields).toMatchObject({ fullName: 'NGUYEN LE KHA HAN', qid: PERSON.qid, phone: PERSON.phone });
  });

  it('a venue QR issued by a listed key with the venue right reads valid', async () => {
    const r = await readAt(goodVenue);
    expect(r.kind).toBe('venue');
    expect(r.errors).toEqual([]);
    expect(r.signature.state).toBe('valid');
    expect(r.signature.issuer).toEqual({ id: 'pc-covid', name: 'PC-Covid' });
  });

  it('without a trust store the signed code is untrusted (a warning, not valid)', async () => {
    const r = await read(good, { at: AT });
    expect(r.signature.state).toBe('untrusted');
    expect(r.warnings.map((w) => w.code)).toContain('SIGNATURE_UNCHECKED');
    expect(r.errors).toEqual([]);
  });
});

describe('one character changed anywhere in the signed part is refused', () => {
  it('personal QR: every position of everything before the final "."', async () => {
    const signedEnd = good.lastIndexOf('.');
    const ext4 = good.lastIndexOf('<') + 1; // start of EXT[4] = "S1.kid.iat.sig"
    const kidStart = ext4 + 3;
    const iatStart = kidStart + 9;
    let checked = 0;
    for (let i = 0; i < signedEnd; i++) {
      const c = good.charAt(i);
      for (const replacement of new Set([substitute(c), c === '|' ? 'I' : '|'])) {
        const tampered = good.slice(0, i) + replacement + good.slice(i + 1);
        const label = `position ${i} ${JSON.stringify(c)} → ${JSON.stringify(replacement)}: ${tampered}`;
        const r = await readAt(tampered);
        expectRefused(r, label);
        checked++;
        if (replacement !== substitute(c)) continue;
        if (i < ext4 && /[0-9A-Za-z ]/.test(c)) expect(codesOf(r), label).toContain('SIGNATURE_INVALID');
        if (i >= kidStart && i < iatStart - 1) {
          expect(codesOf(r), label).toEqual(['KEY_NOT_TRUSTED']);
          expect(r.signature.state, label).toBe('untrusted');
        }
        if (i >= iatStart) {
          expect(
            codesOf(r).some((x) => /^SIGNATURE_(INVALID|IAT_FORMAT|IAT_RANGE)$/.test(x)),
            label,
          ).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(2 * 100);
  });

  it('personal QR: a changed signature value is refused too', async () => {
    const sigStart = good.lastIndexOf('.') + 1;
    for (let i = sigStart; i < good.length; i++) {
      // substitute() stays inside the base64url alphabet, so the change reaches the check.
      const tampered = good.slice(0, i) + substitute(good.charAt(i)) + good.slice(i + 1);
      const r = await readAt(tampered);
      expectRefused(r, `signature position ${i}`);
      expect(codesOf(r).some((x) => /^SIGNATURE_(INVALID|VALUE_FORMAT)$/.test(x))).toBe(true);
    }
  });

  it('venue QR: every position of everything before the final "."', async () => {
    const signedEnd = goodVenue.lastIndexOf('.');
    for (let i = 0; i < signedEnd; i++) {
      const c = goodVenue.charAt(i);
      const tampered = goodVenue.slice(0, i) + substitute(c) + goodVenue.slice(i + 1);
      expectRefused(await readAt(tampered), `venue position ${i}: ${tampered}`);
    }
  });
});

describe('each trust failure is refused with its own code', () => {
  const cases: {
    name: string;
    code: string;
    state: 'invalid' | 'untrusted';
    make: () => Promise<string>;
  }[] = [
    {
      name: 'a key not on the list',
      code: 'KEY_NOT_TRUSTED',
      state: 'untrusted',
      make: () => issuePersonal(PERSON, stranger.signer, IAT, { now: AT }),
    },
    {
      name: 'a revoked key',
      code: 'KEY_REVOKED',
      state: 'invalid',
      make: () => issuePersonal(PERSON, revoked.signer, IAT, { now: AT }),
    },
    {
      name: 'a key retired before the code was issued',
      code: 'KEY_REVOKED',
      state: 'invalid',
      make: () => issuePersonal(PERSON, retired.signer, IAT, { now: AT }),
    },
    {
      name: 'an issuer with only the venue right signing a personal QR',
      code: 'KEY_RIGHT_MISSING',
      state: 'invalid',
      make: () => issuePersonal(PERSON, venueOnly.signer, IAT, { now: AT }),
    },
    {
      name: 'an issuer with only the personal right signing a venue QR',
      code: 'KEY_RIGHT_MISSING',
      state: 'invalid',
      make: () => issueVenue(VENUE, personalOnly.signer, IAT),
    },
    {
      name: 'a key past its validity',
      code: 'KEY_EXPIRED',
      state: 'invalid',
      make: () => issuePersonal(PERSON, expired.signer, IAT, { now: AT }),
    },
    {
      name: 'a key not yet valid',
      code: 'KEY_NOT_YET_VALID',
      state: 'invalid',
      make: () => issuePersonal(PERSON, notYet.signer, IAT, { now: AT }),
    },
    {
      name: 'a signature made by another key under the same kid',
      code: 'SIGNATURE_INVALID',
      state: 'invalid',
      make: () =>
        issuePersonal(PERSON, { privateKey: stranger.signer.privateKey, kid: main.kid }, IAT, { now: AT }),
    },
    {
      name: 'a venue QR signed by another key under the same kid',
      code: 'SIGNATURE_INVALID',
      state: 'invalid',
      make: () => issueVenue(VENUE, { privateKey: stranger.signer.privateKey, kid: main.kid }, IAT),
    },
    {
      name: 'a code issued after the checking instant',
      code: 'ISSUED_IN_FUTURE',
      state: 'invalid',
      make: () => issuePersonal(PERSON, main.signer, Math.floor(AT.getTime() / 1000) + 86_400, { now: AT }),
    },
    {
      name: 'a code superseded by a re-issue (revoked by QID and iat)',
      code: 'CREDENTIAL_REVOKED',
      state: 'invalid',
      make: () => issuePersonal({ ...PERSON, qid: REVOKED_QID }, main.signer, IAT, { now: AT }),
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const r = await readAt(await c.make());
      expect(codesOf(r)).toEqual([c.code]);
      expect(r.signature.state).toBe(c.state);
      expect(r.kind).not.toBe('unknown');
    });
  }

  it('the same personal-only key still issues valid personal QRs (the refusals are specific)', async () => {
    const r = await readAt(await issuePersonal(PERSON, personalOnly.signer, IAT, { now: AT }));
    expect(r.signature.state).toBe('valid');
    expect(r.signature.issuer?.id).toBe('vneid');
  });

  it('the expired key’s codes read valid at an instant inside its validity', async () => {
    const text = await issuePersonal(PERSON, expired.signer, IAT, { now: AT });
    const r = await read(text, { trust, at: new Date('2026-05-10T00:00:00Z') });
    expect(r.errors).toEqual([]);
    expect(r.signature.state).toBe('valid');
  });
});
