/** The SHC pipeline on cards signed here: each step's own failure code, then verification. */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { b64uEncode } from '../../crypto/base64url.ts';
import { decodeShc } from './decode.ts';
import { shcKeySourceFromJwks } from './key-source.ts';
import { jwkThumbprint } from './thumbprint.ts';
import { verifyShc } from './verify.ts';
import { keyCacheOf } from '../../crypto/verify-key.ts';
import { read } from '../../read.ts';

const ISS = 'https://issuer.example.vn/shc';
const subtle = globalThis.crypto.subtle;
const enc = (s: string) => new TextEncoder().encode(s);
const numeric = (s: string) =>
  'shc:/' + [...s].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('');
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

let keys: CryptoKeyPair;
let jwk: JsonWebKey & { kid?: string };
let kid: string;

const payload = (nbf = 1700000000.5, extra: object = {}) => ({
  iss: ISS,
  nbf,
  vc: {
    type: ['https://smarthealth.cards#health-card'],
    credentialSubject: {
      fhirVersion: '4.0.1',
      fhirBundle: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            fullUrl: 'resource:0',
            resource: {
              resourceType: 'Patient',
              name: [{ family: 'Tran', given: ['Thi', 'B'] }],
              birthDate: '1980-05-06',
            },
          },
          {
            fullUrl: 'resource:1',
            resource: {
              resourceType: 'Immunization',
              status: 'completed',
              vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }] },
              patient: { reference: 'resource:0' },
              occurrenceDateTime: '2021-08-01',
              performer: [{ actor: { display: 'Bach Mai Hospital' } }],
              lotNumber: 'LOT42',
            },
          },
        ],
      },
    },
  },
  ...extra,
});

async function jws(
  body: unknown,
  header: object = { zip: 'DEF', alg: 'ES256', kid },
  raw?: Uint8Array,
): Promise<string> {
  const h = b64uEncode(enc(JSON.stringify(header)));
  const p = b64uEncode(raw ?? deflateSync(enc(JSON.stringify(body))));
  const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, enc(`${h}.${p}`));
  return `${h}.${p}.${b64uEncode(new Uint8Array(sig))}`;
}

beforeAll(async () => {
  keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  jwk = await subtle.exportKey('jwk', keys.publicKey);
  kid = (await jwkThumbprint(jwk))!;
  jwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig' };
});

describe('SHC pipeline', () => {
  it('kid is the RFC 7638 thumbprint', async () => {
    const canonical = `{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
    expect(kid).toBe(createHash('sha256').update(canonical).digest('base64url'));
    expect(await jwkThumbprint({ kty: 'RSA', n: 'x', e: 'AQAB' })).toBeNull();
  });

  it('decodes and verifies a card (numeric QR and bare JWS)', async () => {
    const token = await jws(payload());
    const source = shcKeySourceFromJwks(ISS, { keys: [jwk] });
    for (const text of [numeric(token), token]) {
      const { fields, errors } = decodeShc(text);
      expect(errors).toEqual([]);
      expect(fields).toMatchObject({
        issuer: ISS,
        issuedAt: 1700000000.5,
        kid,
        patient: { name: 'Thi B Tran', birthDate: '1980-05-06' },
        immunizations: [
          { vaccineCode: '208', date: '2021-08-01', lotNumber: 'LOT42', performer: 'Bach Mai Hospital' },
        ],
      });
      const r = await verifyShc(text, source, new Date('2024-01-01'));
      expect([r.state, codes(r), r.kid, r.issuer]).toEqual(['valid', [], kid, ISS]);
    }
  });

  it('checks nbf and exp against the clock', async () => {
    const source = shcKeySourceFromJwks(ISS, { keys: [jwk] });
    const token = await jws(payload(1700000000.5, { exp: 1800000000 }));
    expect(codes(await verifyShc(token, source, new Date(1700000000 * 1000)))).toEqual(['SHC_NOT_YET_VALID']);
    expect(codes(await verifyShc(token, source, new Date(1800000001 * 1000)))).toEqual(['SHC_EXPIRED']);
  });

  it('gives each header and payload defect its own code', async () => {
    const p = payload();
    const cases: [string, string][] = [
      [await jws(p, { alg: 'ES256', kid }), 'SHC_ZIP'],
      [await jws(p, { zip: 'DEF', alg: 'RS256', kid }), 'SHC_ALG'],
      [await jws(p, { zip: 'DEF', alg: 'ES256' }), 'SHC_KID_MISSING'],
      [await jws(p, undefined, enc('not deflate at all')), 'SHC_INFLATE'],
      [await jws(p, undefined, deflateSync(enc('{"iss":'))), 'SHC_PAYLOAD_JSON'],
      [await jws({ ...p, iss: 'http://insecure' }), 'SHC_ISS'],
      [await jws({ ...p, nbf: '2021' }), 'SHC_NBF'],
      [await jws({ ...p, vc: { type: ['x'] } }), 'SHC_BUNDLE'],
      [await jws(p, undefined, deflateSync(new Uint8Array(2 * 1024 * 1024))), 'SHC_TOO_LARGE'],
      ['eyJ.a.b.c', 'SHC_JWS'],
      ['eyJhbGciOiJFUzI1NiJ9.a*b.c', 'SHC_JWS'],
      [`${b64uEncode(enc('[1]'))}.AA.AA`, 'SHC_PREFIX'],
    ];
    for (const [text, code] of cases) expect([code, codes(decodeShc(text))]).toEqual([code, [code]]);
  });

  it('fails verification on a wrong signature, an unknown key, a mismatched thumbprint', async () => {
    const token = await jws(payload());
    const [h, pl, s] = token.split('.');
    const flipped = `${h}.${pl}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    const source = shcKeySourceFromJwks(ISS, { keys: [jwk] });
    expect(codes(await verifyShc(flipped, source, new Date('2024-01-01')))).toEqual([
      'SHC_SIGNATURE_INVALID',
    ]);
    const r = await verifyShc(
      token,
      shcKeySourceFromJwks('https://other.example', { keys: [jwk] }),
      new Date('2024-01-01'),
    );
    expect([r.state, codes(r)]).toEqual(['untrusted', ['SHC_KEY_UNKNOWN']]);
    const other = await subtle.exportKey(
      'jwk',
      (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])).publicKey,
    );
    const lying = shcKeySourceFromJwks(ISS, { keys: [{ ...other, kid } as JsonWebKey] });
    expect(codes(await verifyShc(token, lying, new Date('2024-01-01')))).toEqual(['SHC_KID_THUMBPRINT']);
  });

  it('refuses a second spelling of the signature (trailing bits, padding) that a lax decoder reads alike', async () => {
    const token = await jws(payload());
    const source = shcKeySourceFromJwks(ISS, { keys: [jwk] });
    const at = new Date('2024-01-01');
    expect((await verifyShc(token, source, at)).state).toBe('valid');
    // 64 bytes are 86 characters: the last carries 4 bits and 2 unused ones, so three other
    // characters (and any padding) spell the same bytes under atob.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = ALPHABET.indexOf(token.at(-1)!);
    const twins = [1, 2, 3].map((bits) => token.slice(0, -1) + ALPHABET[last | bits]);
    for (const forged of [...twins, `${token}==`, `${token}=`]) {
      expect(Buffer.from(forged.split('.')[2]!, 'base64url')).toEqual(
        Buffer.from(token.split('.')[2]!, 'base64url'),
      );
      for (const text of [forged, numeric(forged)]) {
        const r = await verifyShc(text, source, at);
        expect([r.state, codes(r)]).toEqual(['invalid', ['SHC_JWS']]);
        expect(codes(decodeShc(text))).toEqual(['SHC_JWS']);
      }
    }
  });

  it('read() decodes once: a decode warning is reported once, and the key is imported once', async () => {
    const token = await jws(payload());
    const source = shcKeySourceFromJwks(ISS, { keys: [jwk] });
    const deprecated = numeric(token).replace('shc:/', 'shc:/1/1/');
    const at = new Date('2024-01-01');
    const without = await read(deprecated, { at });
    expect(without.warnings.map((w) => w.code)).toEqual(['SHC_CHUNK_DEPRECATED']);
    for (let i = 0; i < 3; i++) {
      const r = await read(deprecated, { shcKeys: source, at });
      expect([r.signature.state, r.warnings.map((w) => w.code)]).toEqual(['valid', ['SHC_CHUNK_DEPRECATED']]);
    }
    expect(keyCacheOf(source).size).toBe(2); // the key and its thumbprint
  });

  it('applies the revocation list (rid, rid.timestamp)', async () => {
    const revocable = { ...jwk, crlVersion: 2 };
    const token = await jws(payload(1700000000, { vc: { ...payload().vc, rid: 'abc123' } }));
    const at = new Date('2024-01-01');
    const crl = (rids: string[], ctr = 2) =>
      shcKeySourceFromJwks(ISS, { keys: [revocable] }, [{ kid, method: 'rid', ctr, rids }]);
    expect(codes(await verifyShc(token, crl(['abc123']), at))).toEqual(['SHC_REVOKED']);
    expect(codes(await verifyShc(token, crl(['abc123.1700000001']), at))).toEqual(['SHC_REVOKED']);
    expect((await verifyShc(token, crl(['abc123.1699999999']), at)).state).toBe('valid');
    expect((await verifyShc(token, crl(['zzz'], 1), at)).warnings.map((w) => w.code)).toEqual([
      'SHC_CRL_OUTDATED',
    ]);
  });

  it('never throws on arbitrary text', async () => {
    const source = shcKeySourceFromJwks(ISS, { keys: [jwk] });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        expect(Array.isArray(decodeShc('shc:/' + s).errors)).toBe(true);
        expect((await verifyShc('ey' + s, source, new Date())).state).not.toBe('valid');
      }),
      { numRuns: 300 },
    );
  });
});
