/**
 * The DCC pipeline on codes built here: each step's own failure code, then verification
 * (signature, kid, validity chain, key usage) with a test Document Signer Certificate.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { CborTag, encodeCbor, type CborValue } from '../../lib/cbor.ts';
import { base45Encode } from './base45.ts';
import { dccKid, parseDccCertificate } from './certificate.ts';
import { decodeDcc, decodeDccLayers } from './decode.ts';
import { dccKeySourceFromCertificates, dccSignerFromCertificate } from './key-source.ts';
import { dccRevocationSource, type DccRevocationBatch } from './revocation.ts';
import type { DccKeySource, DccSigner } from './types.ts';
import { verifyDcc } from './verify.ts';
import { keyCacheOf } from '../../crypto/verify-key.ts';
import { read } from '../../read.ts';

/** A self-signed EC P-256 test DSC made for these tests with openssl: EKU vaccination (…1847.2021.1.2), valid 2026-11-27 → 2036-11-24. */
const TEST_DSC =
  'MIIBlDCCATqgAwIBAgIUFvC7OfuAXHur3e7EDpwKGy9skW0wCgYIKoZIzj0EAwIwJjEXMBUGA1UEAwwOT25lUVIgVGVzdCBEU0MxCzAJBgNVBAYTAlZOMB4XDTI2MTEyNzE0MDUxNloXDTM2MTEyNDE0MDUxNlowJjEXMBUGA1UEAwwOT25lUVIgVGVzdCBEU0MxCzAJBgNVBAYTAlZOMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMNvj1LSg6m99HcpMXREYQZQuBgMrOtzg6PMlJV5iRb/TlKHG8Af5FIGGazwXHPOHniiJ/5woCnhw1wjrz8LtSaNGMEQwFgYDVR0lBA8wDQYLKwYBBAGON49lAQIwCwYDVR0PBAQDAgeAMB0GA1UdDgQWBBTGmKtn5rv4+RScPjGz7DyXvnlSqzAKBggqhkjOPQQDAgNIADBFAiEAhXbjzPH8hI7Es0B8eLYwBSZvStrlJZtUI3lk9wv+CZICIDReMnJl47RPKmBD4Nivc4kZDqLdC9fOTmtCZV+nxxQj';
const TEST_DSC_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKbytGisU4M6N8x3V5QouAsUSZnG4xE01DZ6epoeyNzihRANCAAQw2+PUtKDqb30dykxdERhBlC4GAys63ODo8yUlXmJFv9OUocbwB/kUgYZrPBcc84eeKIn/nCgKeHDXCOvPwu1J';

const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));
const certDer = b64(TEST_DSC);
const subtle = globalThis.crypto.subtle;
const T0 = Date.UTC(2027, 0, 1) / 1000;
const AT = new Date((T0 + 86400) * 1000);

const VACCINATION = {
  ver: '1.3.0',
  nam: { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Văn An', gnt: 'VAN<AN' },
  dob: '1990-01-02',
  v: [
    {
      tg: '840539006',
      vp: 'J07BX03',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-09-01',
      co: 'VN',
      is: 'Ministry of Health',
      ci: 'URN:UVCI:01:VN:TEST1',
    },
  ],
};

interface Build {
  hcert?: unknown;
  claims?: Map<CborValue, CborValue>;
  kid?: Uint8Array;
  kidIn?: 'protected' | 'unprotected';
  alg?: number;
  key?: CryptoKey;
  wrap?: 'tag18' | 'tag61' | 'untagged';
  compress?: boolean;
  tamper?: boolean;
}

let dscKey: CryptoKey;
let kid: Uint8Array;

async function build(o: Build = {}): Promise<string> {
  const alg = o.alg ?? -7;
  const header = new Map<CborValue, CborValue>([[1, alg]]);
  const unprotected = new Map<CborValue, CborValue>();
  (o.kidIn === 'unprotected' ? unprotected : header).set(4, o.kid ?? kid);
  const claims =
    o.claims ??
    new Map<CborValue, CborValue>([
      [1, 'VN'],
      [6, T0],
      [4, T0 + 365 * 86400],
      [-260, new Map<CborValue, CborValue>([[1, (o.hcert ?? VACCINATION) as CborValue]])],
    ]);
  const protectedBytes = encodeCbor(header);
  const payload = encodeCbor(claims);
  const toSign = encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
  const params = alg === -37 ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'ECDSA', hash: 'SHA-256' };
  const signature = new Uint8Array(await subtle.sign(params, o.key ?? dscKey, toSign as BufferSource));
  if (o.tamper) payload[payload.length - 1]! ^= 1;
  const sign1: CborValue = [protectedBytes, unprotected, payload, signature];
  const wrapped =
    o.wrap === 'untagged'
      ? sign1
      : o.wrap === 'tag61'
        ? new CborTag(61, new CborTag(18, sign1))
        : new CborTag(18, sign1);
  const cose = encodeCbor(wrapped);
  return 'HC1:' + base45Encode(o.compress === false ? cose : zlibSync(cose));
}

const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

beforeAll(async () => {
  dscKey = await subtle.importKey('pkcs8', b64(TEST_DSC_KEY), { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);
  kid = b64(await dccKid(certDer));
});

describe('certificate reader', () => {
  it('reads key, validity and extended key usage; kid is SHA-256[0..8] of the DER', async () => {
    const c = parseDccCertificate(certDer);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.certificate.keyType).toBe('EC-P256');
    expect(c.certificate.notBefore.toISOString()).toBe('2026-11-27T14:05:16.000Z');
    expect(c.certificate.notAfter.toISOString()).toBe('2036-11-24T14:05:16.000Z');
    expect(c.certificate.extendedKeyUsage).toEqual(['1.3.6.1.4.1.1847.2021.1.2']);
    const digest = new Uint8Array(await subtle.digest('SHA-256', certDer));
    expect(await dccKid(certDer)).toBe(Buffer.from(digest.subarray(0, 8)).toString('base64'));
  });

  it('rejects a truncated or altered certificate with DCC_CERTIFICATE', () => {
    const r = parseDccCertificate(certDer.subarray(0, 100));
    expect(r.ok ? null : r.issue.code).toBe('DCC_CERTIFICATE');
    expect(parseDccCertificate(new Uint8Array([0x30, 0x00])).ok).toBe(false);
  });
});

describe('decodeDcc', () => {
  it('reads the fields', async () => {
    const { fields, errors, warnings } = decodeDcc(await build());
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(fields).toMatchObject({
      issuerCountry: 'VN',
      issuedAt: T0,
      alg: 'ES256',
      kid: Buffer.from(kid).toString('base64'),
      version: '1.3.0',
      name: { familyName: 'Nguyễn', givenName: 'Văn An', familyNameT: 'NGUYEN', givenNameT: 'VAN<AN' },
      dateOfBirth: '1990-01-02',
      certificateIds: ['URN:UVCI:01:VN:TEST1'],
    });
    expect(fields?.vaccinations?.[0]).toMatchObject({
      product: 'EU/1/20/1528',
      doseNumber: 2,
      totalDoses: 2,
    });
  });

  it('accepts CWT tag 61, untagged COSE, kid in the unprotected header, and uncompressed data', async () => {
    for (const o of [{ wrap: 'tag61' }, { wrap: 'untagged' }, { kidIn: 'unprotected' }] as Build[]) {
      expect(codes(decodeDcc(await build(o)))).toEqual([]);
    }
    const plain = decodeDcc(await build({ compress: false }));
    expect(plain.errors).toEqual([]);
    expect(plain.warnings.map((w) => w.code)).toEqual(['DCC_UNCOMPRESSED']);
  });

  it.each([
    ['HC2:6BF', 'DCC_PREFIX'],
    ['HC1:6bf+7x', 'DCC_BASE45_CHARACTER'],
    ['HC1:6BFO', 'DCC_BASE45_LENGTH'],
    ['HC1:::::::', 'DCC_BASE45_OVERFLOW'],
    ['HC1:' + base45Encode(Uint8Array.from([0x78, 0x9c, 1, 2, 3, 4, 5])), 'DCC_COMPRESSION'],
    ['HC1:' + base45Encode(Uint8Array.from([1, 2, 3])), 'DCC_COMPRESSION'],
    ['HC1:' + base45Encode(zlibSync(Uint8Array.from([0xd2, 0x84, 0x40]))), 'DCC_CBOR'],
    ['HC1:' + base45Encode(zlibSync(encodeCbor(new CborTag(18, [1, 2, 3])))), 'DCC_COSE'],
    ['HC1:' + base45Encode(zlibSync(encodeCbor(new CborTag(98, [])))), 'DCC_COSE'],
    ['', 'INPUT_EMPTY'],
  ])('%s → %s', (text, code) => {
    const r = decodeDcc(text);
    expect(r.fields).toBeNull();
    expect(codes(r)).toEqual([code]);
  });

  it('gives each claim problem its own code', async () => {
    const noHcert = new Map<CborValue, CborValue>([[1, 'VN']]);
    expect(codes(decodeDcc(await build({ claims: noHcert })))).toEqual(['DCC_HCERT_MISSING']);
    const badIat = new Map<CborValue, CborValue>([[6, 'yesterday']]);
    expect(codes(decodeDcc(await build({ claims: badIat })))).toEqual(['DCC_CLAIMS']);
  });

  it('caps CBOR depth and inflated size', async () => {
    let deep: CborValue = 0;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(codes(decodeDcc(await build({ hcert: { v: deep } })))).toEqual(['DCC_CBOR_TOO_DEEP']);
    const bomb = zlibSync(new Uint8Array(1024 * 1024), { level: 9 });
    expect(codes(decodeDcc('HC1:' + base45Encode(bomb)))).toEqual(['DCC_TOO_LARGE']);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = decodeDccLayers('HC1:' + s);
        expect(Array.isArray(r.parsed.errors)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('verifyDcc', () => {
  const keys = () => dccKeySourceFromCertificates([certDer]);

  it('valid: ES256 signature, kid, validity chain and key usage', async () => {
    const r = await verifyDcc(await build(), keys(), AT);
    expect([r.state, codes(r), r.kid]).toEqual(['valid', [], Buffer.from(kid).toString('base64')]);
  });

  it('invalid signature (payload altered after signing)', async () => {
    const r = await verifyDcc(await build({ tamper: true }), keys(), AT);
    expect([r.state, codes(r)]).toEqual(['invalid', ['DCC_SIGNATURE_INVALID']]);
  });

  it('unknown kid is untrusted; a certificate whose kid differs is a mismatch', async () => {
    const other = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const u = await verifyDcc(await build({ kid: other }), keys(), AT);
    expect([u.state, codes(u)]).toEqual(['untrusted', ['DCC_KEY_UNKNOWN']]);
    const anyKid: DccKeySource = {
      lookup: async () => await keys().lookup(Buffer.from(kid).toString('base64')),
    };
    const m = await verifyDcc(await build({ kid: other }), anyKid, AT);
    expect([m.state, codes(m)]).toEqual(['invalid', ['DCC_KID_MISMATCH']]);
  });

  it('checks notBefore ≤ iat ≤ clock ≤ exp ≤ notAfter', async () => {
    const text = await build();
    expect(codes(await verifyDcc(text, keys(), new Date((T0 - 10) * 1000)))).toEqual(['DCC_NOT_YET_VALID']);
    expect(codes(await verifyDcc(text, keys(), new Date((T0 + 366 * 86400) * 1000)))).toEqual([
      'DCC_EXPIRED',
    ]);
    const early = new Map<CborValue, CborValue>([
      [6, Date.UTC(2026, 0, 1) / 1000],
      [4, Date.UTC(2040, 0, 1) / 1000],
      [-260, new Map<CborValue, CborValue>([[1, VACCINATION as unknown as CborValue]])],
    ]);
    expect(codes(await verifyDcc(await build({ claims: early }), keys(), AT))).toEqual([
      'DCC_SIGNED_BEFORE_SIGNER_VALID',
      'DCC_OUTLIVES_SIGNER',
    ]);
  });

  it('without exp (or iat), still refuses a signer certificate outside its validity at the clock', async () => {
    // The chain clock ≤ exp ≤ notAfter breaks when exp is missing: check the clock directly.
    const hcert = new Map<CborValue, CborValue>([[1, VACCINATION as unknown as CborValue]]);
    const noExp = new Map<CborValue, CborValue>([
      [6, T0],
      [-260, hcert],
    ]);
    const noIat = new Map<CborValue, CborValue>([
      [4, T0 + 365 * 86400],
      [-260, hcert],
    ]);
    const afterCert = new Date(Date.UTC(2037, 0, 1));
    const beforeCert = new Date(Date.UTC(2026, 0, 1));
    const late = await verifyDcc(await build({ claims: noExp }), keys(), afterCert);
    expect([late.state, codes(late)]).toEqual(['invalid', ['DCC_OUTLIVES_SIGNER']]);
    const early = await verifyDcc(await build({ claims: noIat }), keys(), beforeCert);
    expect([early.state, codes(early)]).toEqual(['invalid', ['DCC_SIGNED_BEFORE_SIGNER_VALID']]);
    // Inside the certificate's validity both still read valid (with the missing-claim warning).
    expect((await verifyDcc(await build({ claims: noExp }), keys(), AT)).state).toBe('valid');
    expect((await verifyDcc(await build({ claims: noIat }), keys(), AT)).state).toBe('valid');
  });

  it('checks the extended key usage against the DCC type', async () => {
    const test = { ver: '1.3.0', nam: { fnt: 'X' }, dob: '1990', t: [{ tg: '840539006', ci: 'URN:UVCI:T' }] };
    const r = await verifyDcc(await build({ hcert: test }), keys(), AT);
    expect([r.state, codes(r)]).toEqual(['invalid', ['DCC_KEY_USAGE']]);
  });

  it('PS256 with a JWK signer; a key of the wrong type is refused', async () => {
    const rsa = await subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
    const jwk = await subtle.exportKey('jwk', rsa.publicKey);
    const signer: DccSigner = { publicKey: jwk };
    const text = await build({ alg: -37, key: rsa.privateKey });
    const r = await verifyDcc(text, { lookup: () => [signer] }, AT);
    expect([r.state, codes(r)]).toEqual(['valid', []]);
    expect(decodeDcc(text).fields?.alg).toBe('PS256');
    const ecSigner: DccSigner = {
      publicKey: (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])).publicKey,
    };
    const wrong = await verifyDcc(text, { lookup: () => [ecSigner] }, AT);
    expect(codes(wrong)).toEqual(['DCC_KEY_ALG_MISMATCH']);
  });

  it('read() decodes once: a decode warning is reported once, with keys as without', async () => {
    const text = await build({ hcert: { ...VACCINATION, dob: 19900102 } });
    const without = await read(text, { at: AT });
    const withKeys = await read(text, { dccKeys: keys(), at: AT });
    // read() adds the schema check (dob must be a string); verifyDcc is the layers without it.
    expect(without.warnings.map((w) => w.code)).toEqual(['DCC_FIELD_TYPE', 'DCC_SCHEMA']);
    expect([withKeys.signature.state, withKeys.warnings.map((w) => w.code)]).toEqual([
      'valid',
      ['DCC_FIELD_TYPE', 'DCC_SCHEMA'],
    ]);
    expect((await verifyDcc(text, keys(), AT)).warnings.map((w) => w.code)).toEqual(['DCC_FIELD_TYPE']);
  });

  it('imports a signer key once per key source, not on every verify', async () => {
    const rsa = await subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
    const source: DccKeySource = {
      lookup: async () => [{ publicKey: await subtle.exportKey('jwk', rsa.publicKey) }],
    };
    const text = await build({ alg: -37, key: rsa.privateKey });
    for (let i = 0; i < 3; i++) expect((await verifyDcc(text, source, AT)).state).toBe('valid');
    expect(keyCacheOf(source).size).toBe(1);
  });

  it('imports a certificate key once per key source even when every look-up hands out new objects', async () => {
    // A source that re-reads its list on each look-up (new DER copies, new signers, new CryptoKeys).
    const source: DccKeySource = {
      lookup: async () => {
        const s = await dccSignerFromCertificate(certDer.slice());
        return s.ok ? [s.signer] : [];
      },
    };
    const text = await build();
    for (let i = 0; i < 3; i++) expect((await verifyDcc(text, source, AT)).state).toBe('valid');
    expect(keyCacheOf(source).size).toBe(1);
    // The certificate's key type must suit the COSE alg, whatever key object the signer carries.
    const es = await dccSignerFromCertificate(certDer);
    const rsa = await subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const ps = await build({ alg: -37, key: rsa.privateKey });
    const mismatch = await verifyDcc(ps, { lookup: () => (es.ok ? [es.signer] : []) }, AT);
    expect(codes(mismatch)).toEqual(['DCC_KEY_ALG_MISMATCH']);
  });

  it('an unsupported algorithm, a failing key source and garbage never throw', async () => {
    const es384 = await build({ alg: -35 });
    expect(codes(await verifyDcc(es384, keys(), AT))).toEqual(['DCC_ALG_UNSUPPORTED']);
    const broken: DccKeySource = {
      lookup: () => {
        throw new Error('network down');
      },
    };
    const b = await verifyDcc(await build(), broken, AT);
    expect([b.state, codes(b)]).toEqual(['untrusted', ['DCC_KEY_LOOKUP_FAILED']]);
    expect((await verifyDcc('HC1:%%%', keys(), AT)).state).toBe('invalid');
  });
});

describe('read() with a DCC revocation list', () => {
  const keys = () => dccKeySourceFromCertificates([certDer]);
  const kidB64 = () => Buffer.from(kid).toString('base64');
  /** The EU revocation hash computed here with node:crypto, apart from the library's. */
  const hash = (bytes: Uint8Array | string) =>
    createHash('sha256').update(bytes).digest().subarray(0, 16).toString('base64');
  const batch = (hashType: DccRevocationBatch['hashType'], hashes: string[], batchKid = kidB64()) =>
    ({
      country: 'VN',
      expires: '2030-01-01T00:00:00Z',
      kid: batchKid,
      hashType,
      entries: hashes.map((h) => ({ hash: h })),
    }) satisfies DccRevocationBatch;
  const readWith = async (text: string, batches: DccRevocationBatch[]) => {
    const r = await read(text, { dccKeys: keys(), dccRevocations: dccRevocationSource(batches), at: AT });
    return [r.signature.state, codes(r), r.errors[0]?.field];
  };
  const UVCI = VACCINATION.v[0]!.ci;

  it('refuses a DCC whose UVCI hash is listed under its kid (UCI), with the server scan’s code', async () => {
    const text = await build();
    expect(await readWith(text, [batch('UCI', [hash('URN:UVCI:01:VN:OTHER'), hash(UVCI)])])).toEqual([
      'invalid',
      ['DCC_REVOKED'],
      'certificateIds',
    ]);
  });

  it('refuses by country + UVCI (COUNTRYCODEUCI) and by the signature’s r (SIGNATURE)', async () => {
    const text = await build();
    expect(await readWith(text, [batch('COUNTRYCODEUCI', [hash(`VN${UVCI}`)])])).toEqual([
      'invalid',
      ['DCC_REVOKED'],
      'certificateIds',
    ]);
    const signature = decodeDccLayers(text).layers!.cose.signature;
    expect(await readWith(text, [batch('SIGNATURE', [hash(signature.subarray(0, 32))])])).toEqual([
      'invalid',
      ['DCC_REVOKED'],
      'signature',
    ]);
    // The whole ECDSA signature is not what the EU hashes: no match.
    expect((await readWith(text, [batch('SIGNATURE', [hash(signature)])]))[0]).toBe('valid');
  });

  it('accepts a DCC not on the list: another UVCI, the UVCI under another kid, another hash type', async () => {
    const text = await build();
    expect(await readWith(text, [batch('UCI', [hash('URN:UVCI:01:VN:OTHER')])])).toEqual([
      'valid',
      [],
      undefined,
    ]);
    // A revocation binds to its signer: the same UVCI revoked by another DSC leaves this one valid.
    expect((await readWith(text, [batch('UCI', [hash(UVCI)], 'AAAAAAAAAAA=')]))[0]).toBe('valid');
    // The UVCI's hash filed as COUNTRYCODEUCI is another value: no match.
    expect((await readWith(text, [batch('COUNTRYCODEUCI', [hash(UVCI)])]))[0]).toBe('valid');
    expect((await readWith(text, []))[0]).toBe('valid');
  });

  it('a forged DCC stays refused for its signature, not reported as revoked', async () => {
    const text = await build({ tamper: true });
    const [state, errs] = await readWith(text, [batch('UCI', [hash(UVCI)])]);
    expect([state, errs]).toEqual(['invalid', ['DCC_SIGNATURE_INVALID']]);
  });
});
