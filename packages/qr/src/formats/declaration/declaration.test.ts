import { beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { OneQRError } from '../../errors.ts';
import { read } from '../../read.ts';
import { verifySigned } from '../../signature/verify.ts';
import { AT, IAT, makeFixture, type Fixture } from '../../trust/testing.ts';
import { buildTrustList } from '../../trust/build.ts';
import { TrustStore } from '../../trust/trust-store.ts';
import { issueDeclaration } from './build.ts';
import { DECLARATION_MAX_BYTES, DECLARATION_VALIDITY_SECONDS } from './grammar.ts';
import { isDeclarationText, parseDeclaration } from './parse.ts';

let f: Fixture;
let store: TrustStore;
beforeAll(async () => {
  f = await makeFixture();
  const doc = await buildTrustList({
    issuedAt: new Date('2025-01-01T00:00:00Z'),
    issuers: [
      { id: 'pc-covid', name: 'PC-Covid', rights: ['declaration'], keys: [f.keys.main.publicJwk] },
      { id: 'vneid', name: 'VNeID', rights: ['personal', 'venue'], keys: [f.keys.stranger.publicJwk] },
    ],
    revocations: [{ qid: 'declaration:revoked1', before: IAT + 10 }],
  });
  store = TrustStore.from([doc]);
});

const INPUT = {
  declarationId: 'd-9xQ2',
  idNumber: '001090012345',
  fromProvince: '01',
  toProvince: '79',
  date: '2025-06-01',
};
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
const signer = () => ({ privateJwk: f.keys.main.privateJwk });

describe('movement-declaration QR', () => {
  it('signs, parses and verifies under the declaration right, 72 h from issue', async () => {
    const text = await issueDeclaration(INPUT, signer(), IAT);
    expect(text.startsWith('OQD1:d-9xQ2|001090012345|01|79|2025-06-01|')).toBe(true);
    const r = await read(text, { trust: store, at: AT });
    expect(r.kind).toBe('declaration');
    expect(r.errors).toEqual([]);
    expect(r.signature).toMatchObject({ state: 'valid', issuer: { id: 'pc-covid' } });
    expect(r.fields).toMatchObject({ ...INPUT, exp: IAT + DECLARATION_VALIDITY_SECONDS });
  });

  it('expires 72 h after issue (a clock code)', async () => {
    const text = await issueDeclaration(INPUT, signer(), IAT);
    const late = new Date((IAT + DECLARATION_VALIDITY_SECONDS + 1) * 1000);
    expect(codes(parseDeclaration(text, { now: late }))).toEqual(['DECLARATION_EXPIRED']);
    const atEnd = new Date((IAT + DECLARATION_VALIDITY_SECONDS) * 1000);
    expect(codes(parseDeclaration(text, { now: atEnd }))).toEqual([]);
  });

  it('refuses a validity over 72 h when building, and when reading a signed one', async () => {
    await expect(
      issueDeclaration(INPUT, signer(), IAT, IAT + DECLARATION_VALIDITY_SECONDS + 1),
    ).rejects.toThrow(OneQRError);
    await expect(issueDeclaration(INPUT, signer(), IAT, IAT)).rejects.toMatchObject({
      code: 'DECLARATION_VALIDITY_TOO_LONG',
    });
  });

  it('a key without the declaration right, or an unknown key, does not make it valid', async () => {
    const byVneid = await issueDeclaration(INPUT, { privateJwk: f.keys.stranger.privateJwk }, IAT);
    expect(codes(await verifySigned(byVneid, 'declaration', store, AT))).toEqual(['KEY_RIGHT_MISSING']);
    const byUnknown = await issueDeclaration(INPUT, { privateJwk: f.keys.venueOnly.privateJwk }, IAT);
    expect(codes(await verifySigned(byUnknown, 'declaration', store, AT))).toEqual(['KEY_NOT_TRUSTED']);
  });

  it('is revoked by declaration:<id> below a cut-off', async () => {
    const text = await issueDeclaration({ ...INPUT, declarationId: 'revoked1' }, signer(), IAT);
    expect(codes(await verifySigned(text, 'declaration', store, AT))).toEqual(['CREDENTIAL_REVOKED']);
  });

  it('one character changed anywhere is never valid (forgery)', async () => {
    const text = await issueDeclaration(INPUT, signer(), IAT);
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      for (const r of new Set([c === 'A' ? 'B' : 'A', c === '1' ? '2' : '1', '|'])) {
        if (r === c) continue;
        const mutated = text.slice(0, i) + r + text.slice(i + 1);
        const v = await read(mutated, { trust: store, at: AT });
        expect(v.signature.state === 'valid' && v.errors.length === 0, `${i}: ${mutated}`).toBe(false);
      }
    }
  });

  it('the longest declaration QR fits a version-10 QR at ECC M', async () => {
    const text = await issueDeclaration(
      { ...INPUT, declarationId: 'Z'.repeat(22) },
      signer(),
      4_102_444_800 - DECLARATION_VALIDITY_SECONDS,
    );
    expect(text.length).toBeLessThanOrEqual(DECLARATION_MAX_BYTES);
    expect(text.length).toBe(172); // docs/declaration-qr.md
    expect(() => QRCode.create(text, { errorCorrectionLevel: 'M', version: 10 })).not.toThrow();
  });

  it('parseDeclaration reports each defect with its code, never throwing', () => {
    const sig = `S1.AAAAAAAA.${IAT.toString(36)}.${'A'.repeat(86)}`;
    const exp = (IAT + 3600).toString(36);
    const ok = `001090012345|01|79|2025-06-01|${exp}`;
    const cases: [string, string][] = [
      ['', 'INPUT_EMPTY'],
      ['X'.repeat(214), 'DECLARATION_TOO_LONG'],
      ['OQX1:a', 'DECLARATION_PREFIX'],
      ['OQD2:a', 'DECLARATION_VERSION_UNSUPPORTED'],
      ['OQD1:a|b', 'DECLARATION_STRUCTURE'],
      [`OQD1:a b|${ok}|${sig}`, 'DECLARATION_ID_FORMAT'],
      [`OQD1:a|00109001234|01|79|2025-06-01|${exp}|${sig}`, 'DECLARATION_PERSON_FORMAT'],
      [`OQD1:a|001090012345|00|79|2025-06-01|${exp}|${sig}`, 'DECLARATION_PROVINCE_FORMAT'],
      [`OQD1:a|001090012345|01|79|2025-02-30|${exp}|${sig}`, 'DECLARATION_DATE_FORMAT'],
      [`OQD1:a|001090012345|01|79|2025-06-01|ZZ|${sig}`, 'DECLARATION_EXPIRY_FORMAT'],
      [
        `OQD1:a|001090012345|01|79|2025-06-01|${(IAT + 300000).toString(36)}|${sig}`,
        'DECLARATION_VALIDITY_TOO_LONG',
      ],
      [`OQD1:a|${ok}`, 'DECLARATION_UNSIGNED'],
      [`OQD1:a|${ok}|S1.x`, 'SIGNATURE_FORMAT'],
    ];
    for (const [text, code] of cases) expect(codes(parseDeclaration(text)), text).toEqual([code]);
  });

  it('is told apart from venue and personal codes', () => {
    expect(isDeclarationText('OQD1:a')).toBe(true);
    expect(isDeclarationText('OQV1:a|79||N')).toBe(false);
    expect(isDeclarationText('OQD1|NGUYEN VAN A|1990-01-01|0|1|')).toBe(false);
  });
});
