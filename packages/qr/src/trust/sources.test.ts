/** Trust sources by content: detection, the forged and hostile shapes, issuer binding. */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeShcIssuer, shcPayload, type TestShcIssuer } from '../formats/shc/testing.ts';
import { verifyShc } from '../formats/shc/verify.ts';
import {
  attachShcCrls,
  detectTrustSource,
  parseDccRevocationList,
  parseDscList,
  parseShcCrl,
  parseShcJwks,
  shcKeySourceFromIssuers,
  TRUST_SOURCE_MAX_LENGTH,
} from './sources.ts';

const code = (s: { ok: boolean; issue?: { code: string } }) => (s.ok ? 'ok' : s.issue!.code);
let issuer: TestShcIssuer;
beforeAll(async () => {
  issuer = await makeShcIssuer();
});

describe('detectTrustSource', () => {
  it('tells each kind by content', () => {
    expect(detectTrustSource('eyJhbGciOiJFUzI1NiJ9.eyJ9.AAAA')).toEqual({
      ok: true,
      value: 'oneqr-trust-list',
    });
    expect(detectTrustSource('\uFEFF [ ]')).toEqual({ ok: true, value: 'eu-dsc-list' });
    expect(detectTrustSource('{"keys": []}')).toEqual({ ok: true, value: 'shc-jwks' });
    expect(detectTrustSource('{"kid":"k","method":"rid","ctr":1,"rids":[]}')).toEqual({
      ok: true,
      value: 'shc-crl',
    });
    expect(detectTrustSource('{"jws":"a.b.c"}')).toEqual({ ok: true, value: 'oneqr-trust-list' });
  });

  it('refuses the unreadable, the ambiguous and the huge', () => {
    for (const t of ['', 'hello', '{"a":1}', '{', '42', 'null'])
      expect([t, code(detectTrustSource(t))]).toEqual([t, 'TRUST_SOURCE_UNREADABLE']);
    expect(code(detectTrustSource('{"keys":[],"rids":[]}'))).toBe('TRUST_SOURCE_AMBIGUOUS');
    expect(code(detectTrustSource(' '.repeat(TRUST_SOURCE_MAX_LENGTH + 1)))).toBe('TRUST_SOURCE_TOO_LARGE');
  });
});

describe('EU DCC revocation lists', () => {
  const KID = 'AAECAwQFBgc='; // 8 bytes
  const HASH = 'AAECAwQFBgcICQoLDA0ODw=='; // 16 bytes
  const good = { kid: KID, country: 'VN', expires: '2030-01-01T00:00:00Z', hashType: 'UCI' };
  const parse = (batches: unknown) => parseDccRevocationList(JSON.stringify(batches));
  const why = (batches: unknown) => {
    const r = parse(batches);
    return r.ok ? 'ok' : [r.issue.code, r.issue.field];
  };

  it('is told from a DSC list by its entries; a mix of both is refused', () => {
    expect(detectTrustSource(JSON.stringify([{ ...good, entries: [] }]))).toEqual({
      ok: true,
      value: 'eu-dcc-revocations',
    });
    expect(code(detectTrustSource(JSON.stringify([{ ...good, entries: [] }, { rawData: 'AA==' }])))).toBe(
      'TRUST_SOURCE_AMBIGUOUS',
    );
  });

  it('reads the batches, hashes and kids in canonical base64', () => {
    const r = parse([{ ...good, entries: [{ hash: HASH }] }]);
    expect(r).toEqual({ ok: true, value: [{ ...good, entries: [{ hash: HASH }] }] });
  });

  it('refuses a malformed list whole, naming the member', () => {
    const entries = [{ hash: HASH }];
    expect(code(parse({ ...good, entries }))).toBe('TRUST_SOURCE_UNREADABLE');
    expect(why(['batch'])).toEqual(['TRUST_SOURCE_FIELD', '[0]']);
    expect(why([{ ...good, kid: 'AAAA', entries }])).toEqual(['TRUST_SOURCE_FIELD', '[0].kid']);
    expect(why([{ ...good, country: 'Viet Nam', entries }])).toEqual(['TRUST_SOURCE_FIELD', '[0].country']);
    expect(why([{ ...good, expires: 'soon', entries }])).toEqual(['TRUST_SOURCE_FIELD', '[0].expires']);
    expect(why([{ ...good, hashType: 'MD5', entries }])).toEqual(['TRUST_SOURCE_FIELD', '[0].hashType']);
    expect(why([{ ...good, entries: 'all' }])).toEqual(['TRUST_SOURCE_FIELD', '[0].entries']);
    // One bad hash among good ones: a half-read list would let revoked certificates through.
    expect(why([{ ...good, entries: [...entries, { hash: 'AAAA' }] }])).toEqual([
      'TRUST_SOURCE_FIELD',
      '[0].entries[1].hash',
    ]);
    expect(why([{ ...good, entries: [{ hash: 'not base64!' }] }])).toEqual([
      'TRUST_SOURCE_FIELD',
      '[0].entries[0].hash',
    ]);
  });
});

describe('parsers', () => {
  it('a DSC list entry needs its four members, base64 DER and its own kid', async () => {
    expect(code(await parseDscList('[1]'))).toBe('TRUST_SOURCE_FIELD');
    expect(code(await parseDscList('[{"kid":"a","country":"VN","certificateType":"DSC"}]'))).toBe(
      'TRUST_SOURCE_FIELD',
    );
    const bad = { kid: 'a', country: 'VN', certificateType: 'DSC', rawData: 'not base64!' };
    expect(code(await parseDscList(JSON.stringify([bad])))).toBe('TRUST_SOURCE_FIELD');
    const lying = { ...bad, rawData: 'MIIB' };
    expect(code(await parseDscList(JSON.stringify([lying])))).toBe('TRUST_SOURCE_KID_MISMATCH');
  });

  it('a key set holds public P-256 keys under their thumbprints only', async () => {
    const set = (keys: unknown[], extra = {}) => JSON.stringify({ keys, ...extra });
    const ISS = { iss: 'https://a.example' };
    expect(await parseShcJwks(set([issuer.jwk], ISS))).toMatchObject({
      ok: true,
      value: { keys: [issuer.jwk] },
    });
    expect(code(await parseShcJwks(set([{ ...issuer.jwk, d: 'x' }], ISS)))).toBe('TRUST_SOURCE_PRIVATE_KEY');
    expect(code(await parseShcJwks(set([{ ...issuer.jwk, kid: 'other' }], ISS)))).toBe(
      'TRUST_SOURCE_KID_MISMATCH',
    );
    expect(code(await parseShcJwks(set([{ ...issuer.jwk, crv: 'P-384' }], ISS)))).toBe('TRUST_SOURCE_FIELD');
    expect(code(await parseShcJwks(set([{ ...issuer.jwk, crlVersion: -1 }], ISS)))).toBe(
      'TRUST_SOURCE_FIELD',
    );
    expect(code(await parseShcJwks(set([], { iss: 'http://plain' })))).toBe('TRUST_SOURCE_FIELD');
    expect(code(parseShcCrl('{"kid":"k","method":"rid","ctr":"1","rids":[]}'))).toBe('TRUST_SOURCE_FIELD');
  });
});

describe('shcKeySourceFromIssuers', () => {
  it('a key set answers for its own issuer only: a trusted key signing as another issuer is untrusted', async () => {
    const at = new Date('2024-01-01');
    const source = shcKeySourceFromIssuers([{ iss: 'https://b.example', keys: [issuer.jwk], crls: [] }]);
    // b's own key, b's own signature, but the card claims to come from a.
    const posing = await verifyShc(await issuer.sign(shcPayload('https://a.example')), source, at);
    expect([posing.state, posing.errors.map((e) => e.code)]).toEqual(['untrusted', ['SHC_KEY_UNKNOWN']]);
    expect((await verifyShc(await issuer.sign(shcPayload('https://b.example')), source, at)).state).toBe(
      'valid',
    );
  });

  it("a key set is bound to an issuer: the file's iss or the one given with it, never none", async () => {
    const keys = JSON.stringify({ keys: [issuer.jwk] });
    const unbound = await parseShcJwks(keys);
    expect(unbound.ok ? 'ok' : [unbound.issue.code, unbound.issue.field]).toEqual([
      'TRUST_SOURCE_FIELD',
      'iss',
    ]);
    expect(await parseShcJwks(keys, { iss: 'https://a.example' })).toMatchObject({
      ok: true,
      value: { iss: 'https://a.example' },
    });
    const named = JSON.stringify({ iss: 'https://a.example', keys: [issuer.jwk] });
    expect(await parseShcJwks(named)).toMatchObject({ ok: true, value: { iss: 'https://a.example' } });
    expect(await parseShcJwks(named, { iss: 'https://a.example' })).toMatchObject({ ok: true });
    // The file names one issuer, the caller another: refused rather than either guessed.
    expect(code(await parseShcJwks(named, { iss: 'https://b.example' }))).toBe('TRUST_SOURCE_FIELD');
    expect(code(await parseShcJwks(keys, { iss: 'http://a.example' }))).toBe('TRUST_SOURCE_FIELD');
  });

  it('joins revocation lists to the key set holding their kid; the newest applies', async () => {
    const crl = (ctr: number, rids: string[]) => ({ kid: issuer.kid, method: 'rid', ctr, rids });
    const { sets, orphans } = attachShcCrls(
      [{ iss: 'https://a.example', keys: [{ ...issuer.jwk, crlVersion: 2 }], crls: [] }],
      [crl(1, []), crl(2, ['r1']), { ...crl(1, []), kid: 'nobody' }],
    );
    expect(orphans).toEqual(['nobody']);
    const card = await issuer.sign(shcPayload('https://a.example', 1700000000, { rid: 'r1' }));
    const r = await verifyShc(card, shcKeySourceFromIssuers(sets), new Date('2024-01-01'));
    expect(r.errors.map((e) => e.code)).toEqual(['SHC_REVOKED']);
  });
});
