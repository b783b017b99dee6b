import { beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { OneQRError } from '../../errors.ts';
import { verifySigned } from '../../signature/verify.ts';
import { AT, IAT, kidOfPair, makeFixture, type Fixture } from '../../trust/testing.ts';
import { buildTrustList } from '../../trust/build.ts';
import { TrustStore } from '../../trust/trust-store.ts';
import { buildVenue, signVenue } from './build.ts';
import { foldVenueName } from './fold-name.ts';
import { VENUE_MAX_BYTES } from './grammar.ts';
import { isVenueText, parseVenue } from './parse.ts';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

const INPUT = { venueId: 'h3K9x-Qa', name: 'Quán Phở Đức, P.5', province: '79', commune: '26734' };
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

/** The longest venue QR the profile allows (every field at its maximum, the largest iat). */
function longestInput() {
  return { venueId: 'Z'.repeat(22), name: 'W'.repeat(64), province: '96', commune: '99999' };
}

describe('venue QR', () => {
  it('builds the unsigned payload with a folded name', () => {
    expect(buildVenue(INPUT)).toBe('OQV1:h3K9x-Qa|79|26734|QUAN PHO DUC, P 5');
    expect(buildVenue({ venueId: 'a', name: '  nhà   văn hóa  ', province: '01' })).toBe(
      'OQV1:a|01||NHA VAN HOA',
    );
    expect(foldVenueName('Đường Láng | Đống Đa')).toBe('DUONG LANG DONG DA');
  });

  it.each([
    ['venue id', { ...INPUT, venueId: 'has space' }, 'VENUE_ID_FORMAT'],
    ['long venue id', { ...INPUT, venueId: 'a'.repeat(23) }, 'VENUE_ID_FORMAT'],
    ['province', { ...INPUT, province: '7' }, 'VENUE_PROVINCE_FORMAT'],
    ['province 00', { ...INPUT, province: '00' }, 'VENUE_PROVINCE_FORMAT'],
    ['commune', { ...INPUT, commune: '2673' }, 'VENUE_COMMUNE_FORMAT'],
    ['empty name', { ...INPUT, name: '!!!' }, 'VENUE_NAME_FORMAT'],
    ['long name', { ...INPUT, name: 'A'.repeat(65) }, 'VENUE_NAME_TOO_LONG'],
  ])('buildVenue refuses a bad %s', (_why, input, code) => {
    expect(() => buildVenue(input)).toThrow(OneQRError);
    expect(() => buildVenue(input)).toThrow(expect.objectContaining({ code }));
  });

  it('signs, parses and verifies under the venue right', async () => {
    const text = await signVenue(buildVenue(INPUT), { privateJwk: f.keys.main.privateJwk }, IAT);
    expect(text).toMatch(
      /^OQV1:h3K9x-Qa\|79\|26734\|QUAN PHO DUC, P 5\|S1\.[A-Za-z0-9_-]{8}\.[0-9a-z]+\.[A-Za-z0-9_-]{86}$/,
    );
    const parsed = parseVenue(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.fields).toEqual({
      version: 1,
      venueId: 'h3K9x-Qa',
      province: '79',
      commune: '26734',
      name: 'QUAN PHO DUC, P 5',
      signature: { kid: kidOfPair(f.keys.main), iat: IAT },
    });
    const v = await verifySigned(text, 'venue', f.store, AT);
    expect(v.info).toMatchObject({ state: 'valid', issuer: { id: 'pc-covid' }, iat: IAT });
    const byVenueOnly = await signVenue(buildVenue(INPUT), { privateJwk: f.keys.venueOnly.privateJwk }, IAT);
    expect((await verifySigned(byVenueOnly, 'venue', f.store, AT)).info.state).toBe('valid');
  });

  it('refuses a venue QR signed by a key without the venue right, or an unknown key', async () => {
    const personalOnly = await buildTrustList({
      issuedAt: new Date('2025-01-01T00:00:00Z'),
      issuers: [{ id: 'vneid', name: 'VNeID', rights: ['personal'], keys: [f.keys.stranger.publicJwk] }],
    });
    const store = TrustStore.from([personalOnly]);
    const text = await signVenue(buildVenue(INPUT), { privateJwk: f.keys.stranger.privateJwk }, IAT);
    expect(codes(await verifySigned(text, 'venue', store, AT))).toEqual(['KEY_RIGHT_MISSING']);
    expect(codes(await verifySigned(text, 'venue', f.store, AT))).toEqual(['KEY_NOT_TRUSTED']);
  });

  it('a personal signature does not pass as a venue one (and vice versa)', async () => {
    const text = await signVenue(buildVenue(INPUT), { privateJwk: f.keys.main.privateJwk }, IAT);
    expect((await verifySigned(text, 'personal', f.store, AT)).info.state).toBe('invalid');
  });

  it('revokes a venue QR by venue:<id> below a cut-off', async () => {
    const doc = await buildTrustList({
      issuedAt: new Date('2025-01-01T00:00:00Z'),
      issuers: [{ id: 'pc-covid', name: 'PC-Covid', rights: ['venue'], keys: [f.keys.main.publicJwk] }],
      revocations: [{ qid: 'venue:h3K9x-Qa', before: IAT }],
    });
    const store = TrustStore.from([doc]);
    const old = await signVenue(buildVenue(INPUT), { privateJwk: f.keys.main.privateJwk }, IAT - 1);
    expect(codes(await verifySigned(old, 'venue', store, AT))).toEqual(['CREDENTIAL_REVOKED']);
  });

  it('one character changed anywhere is never valid', async () => {
    const text = await signVenue(buildVenue(INPUT), { privateJwk: f.keys.main.privateJwk }, IAT);
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      for (const r of new Set([c === 'A' ? 'B' : 'A', c === '1' ? '2' : '1', '|', '.', ' '])) {
        if (r === c) continue;
        const mutated = text.slice(0, i) + r + text.slice(i + 1);
        const v = await verifySigned(mutated, 'venue', f.store, AT);
        const p = parseVenue(mutated);
        expect(v.info.state, `${i}: ${mutated}`).not.toBe('valid');
        expect(v.errors.length + p.errors.length, `${i}: ${mutated}`).toBeGreaterThan(0);
      }
    }
  });

  it('the longest allowed venue QR fits 213 bytes, i.e. a version-10 QR at ECC M', async () => {
    const unsigned = buildVenue(longestInput());
    // The largest iat the profile accepts has the longest base-36 form.
    const text = await signVenue(unsigned, { privateJwk: f.keys.main.privateJwk }, 4_102_444_800);
    const bytes = new TextEncoder().encode(text).length;
    expect(bytes).toBeLessThanOrEqual(VENUE_MAX_BYTES);
    expect(bytes).toBe(208);
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(10);
    expect(() => QRCode.create(text, { errorCorrectionLevel: 'M', version: 10 })).not.toThrow();
    expect(parseVenue(text).errors).toEqual([]);
  });

  it('parseVenue reports each defect with its code, never throwing', () => {
    const sig = `S1.AAAAAAAA.${IAT.toString(36)}.${'A'.repeat(86)}`;
    const cases: [string, string][] = [
      ['', 'INPUT_EMPTY'],
      ['X'.repeat(214), 'VENUE_TOO_LONG'],
      ['OQX1:a|79||N', 'VENUE_PREFIX'],
      ['OQV2:a|79||N', 'VENUE_VERSION_UNSUPPORTED'],
      ['OQV1:a|79|N', 'VENUE_STRUCTURE'],
      [`OQV1:a b|79||N|${sig}`, 'VENUE_ID_FORMAT'],
      [`OQV1:a|7||N|${sig}`, 'VENUE_PROVINCE_FORMAT'],
      [`OQV1:a|79|1|N|${sig}`, 'VENUE_COMMUNE_FORMAT'],
      [`OQV1:a|79||lower|${sig}`, 'VENUE_NAME_FORMAT'],
      [`OQV1:a|79||A  B|${sig}`, 'VENUE_NAME_FORMAT'],
      [`OQV1:a|79||P.5|${sig}`, 'VENUE_NAME_FORMAT'],
      [`OQV1:a|79||${'A'.repeat(65)}|${sig}`, 'VENUE_NAME_TOO_LONG'],
      ['OQV1:a|79||N', 'VENUE_UNSIGNED'],
      ['OQV1:a|79||N|S1.x', 'SIGNATURE_FORMAT'],
    ];
    for (const [text, code] of cases) expect(codes(parseVenue(text)), text).toEqual([code]);
  });

  it('signVenue refuses a payload that is not an unsigned venue QR', async () => {
    const signer = { privateJwk: f.keys.main.privateJwk };
    await expect(signVenue('OQV1:a|7||N', signer, IAT)).rejects.toMatchObject({
      code: 'VENUE_PROVINCE_FORMAT',
    });
    const signed = await signVenue('OQV1:a|79||N', signer, IAT);
    await expect(signVenue(signed, signer, IAT)).rejects.toMatchObject({ code: 'VENUE_STRUCTURE' });
  });

  it('is told apart from every other kind by its first characters', () => {
    expect(isVenueText('OQV1:a|79||N')).toBe(true);
    expect(isVenueText('OQV2:')).toBe(true); // recognised, then refused as an unsupported version
    for (const other of [
      '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700',
      'OQV1|NGUYEN VAN A|1990-01-01|0|1|', // a passport number "OQV1" in a 1405 QR
      '001093029317|123456789|Nguyễn Văn A|18011987|Nam|Hà Nội|01012021',
      '001093029317',
      'HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH',
      'shc:/5676290952432060346029243740',
    ]) {
      expect(isVenueText(other), other).toBe(false);
    }
  });
});
