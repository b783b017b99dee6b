/**
 * The SMART dev-tools rules, each on a made fixture (a fresh issuer key, cards signed here):
 * chunk sizes, a BOM before the payload, rid form, revocation-list structure, the x5c chain.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { deflateSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeShc } from './decode.ts';
import { shcKeySourceFromJwks } from './key-source.ts';
import { reassembleShc } from './numeric.ts';
import { makeShcIssuer, shcNumeric, shcPayload, type TestShcIssuer } from './testing.ts';
import type { ShcRevocationList } from './types.ts';
import { verifyShc } from './verify.ts';

const ISS = 'https://issuer.example.vn/shc';
const AT = new Date('2024-01-01T00:00:00Z');
const codes = (list: { code: string }[] | undefined) => (list ?? []).map((i) => i.code);
const chunk = (i: number, n: number, jwsChars: number) => `shc:/${i}/${n}/` + '00'.repeat(jwsChars);

let issuer: TestShcIssuer;
beforeAll(async () => {
  issuer = await makeShcIssuer();
});

describe('SHC chunk sizes', () => {
  const warnings = (texts: string[]) => {
    const r = reassembleShc(texts);
    if (!r.ok) throw new Error(r.issue.message);
    return codes(r.warnings);
  };

  it('a lone QR holds at most 1195 JWS characters', () => {
    expect(warnings(['shc:/' + '00'.repeat(1195)])).toEqual([]);
    expect(warnings(['shc:/' + '00'.repeat(1196)])).toEqual(['SHC_CHUNK_SIZE']);
  });

  it('a chunk holds at most 1191; chunks are balanced within 0.5 %', () => {
    expect(warnings([chunk(2, 3, 1000), chunk(1, 3, 1000), chunk(3, 3, 1001)])).toEqual([]);
    expect(warnings([chunk(1, 2, 1191), chunk(2, 2, 1191)])).toEqual([]);
    expect(warnings([chunk(1, 2, 1192), chunk(2, 2, 1190)])).toEqual(['SHC_CHUNK_SIZE']);
    expect(warnings([chunk(1, 2, 1100), chunk(2, 2, 700)])).toEqual(['SHC_CHUNK_UNBALANCED']);
  });

  it('a card that fits one QR is not split', () => {
    expect(warnings([chunk(1, 2, 500), chunk(2, 2, 500)])).toEqual(['SHC_CHUNK_UNNEEDED']);
  });
});

describe('SHC payload rules', () => {
  it('a BOM before the payload JSON has its own code', async () => {
    const json = JSON.stringify(shcPayload(ISS));
    const bom = await issuer.sign(undefined, deflateSync(new TextEncoder().encode('\uFEFF' + json)));
    expect(codes(decodeShc(bom).errors)).toEqual(['SHC_PAYLOAD_BOM']);
    expect(codes(decodeShc(shcNumeric(bom)).errors)).toEqual(['SHC_PAYLOAD_BOM']);
    const plain = await issuer.sign(undefined, deflateSync(new TextEncoder().encode(json)));
    expect(codes(decodeShc(plain).errors)).toEqual([]);
  });

  it('a rid is base64url of at most 24 characters', async () => {
    for (const [rid, expected] of [
      ['aB3_-x', []],
      ['a'.repeat(24), []],
      ['a'.repeat(25), ['SHC_RID']],
      ['a+b/c', ['SHC_RID']],
      ['abc.123', ['SHC_RID']],
    ] as const) {
      const card = await issuer.sign(shcPayload(ISS, 1700000000, { rid }));
      const r = decodeShc(card);
      expect([rid, codes(r.errors), codes(r.warnings)]).toEqual([rid, [], expected]);
    }
  });
});

describe('SHC revocation-list rules', () => {
  const card = () => issuer.sign(shcPayload(ISS, 1700000000, { rid: 'card42' }));
  const verifyWith = async (crl: Partial<ShcRevocationList> & Record<string, unknown>, crlVersion = 2) => {
    const source = shcKeySourceFromJwks(ISS, { keys: [{ ...issuer.jwk, crlVersion }] }, [
      { kid: issuer.kid, method: 'rid', ctr: 2, rids: [], ...crl } as ShcRevocationList,
    ]);
    const r = await verifyShc(await card(), source, AT);
    return [r.state, codes(r.errors), codes(r.warnings)];
  };

  it('applies a well-formed list', async () => {
    expect(await verifyWith({ rids: ['other', 'card42'] })).toEqual(['invalid', ['SHC_REVOKED'], []]);
    expect(await verifyWith({ rids: ['other'] })).toEqual(['valid', [], []]);
  });

  it('refuses to apply a list whose method is not "rid"', async () => {
    expect(await verifyWith({ method: 'hash', rids: ['card42'] })).toEqual(['valid', [], ['SHC_CRL_METHOD']]);
  });

  it('refuses to apply a list of another key or a malformed one', async () => {
    // A source that serves lists by location (crl/<kid>.json) can hand out another key's list.
    const misfiled = {
      lookup: () => [{ ...issuer.jwk, crlVersion: 2 }],
      revocations: () => ({ kid: 'someone-else', method: 'rid', ctr: 2, rids: ['card42'] }),
    };
    const r = await verifyShc(await card(), misfiled, AT);
    expect([r.state, codes(r.errors), codes(r.warnings)]).toEqual(['valid', [], ['SHC_CRL_INVALID']]);
    expect(await verifyWith({ rids: 'card42' as unknown as string[] })).toEqual([
      'valid',
      [],
      ['SHC_CRL_INVALID'],
    ]);
  });

  it('flags entries that are not rids (length, alphabet, timestamp) and still applies the good ones', async () => {
    const bad = ['x'.repeat(25), 'a+b', 'abc.', 'abc.12x', 42 as unknown as string];
    expect(await verifyWith({ rids: [...bad, 'card42'] })).toEqual([
      'invalid',
      ['SHC_REVOKED'],
      ['SHC_CRL_RID'],
    ]);
  });

  it('flags a rid listed twice', async () => {
    expect(await verifyWith({ rids: ['dup', 'dup.1700000001'] })).toEqual([
      'valid',
      [],
      ['SHC_CRL_DUPLICATE'],
    ]);
  });

  it('compares the version counter with the key’s crlVersion both ways', async () => {
    expect(await verifyWith({ ctr: 1 })).toEqual(['valid', [], ['SHC_CRL_OUTDATED']]);
    expect(await verifyWith({ ctr: 3 })).toEqual(['valid', [], ['SHC_CRL_AHEAD']]);
    expect(await verifyWith({ ctr: 2 })).toEqual(['valid', [], []]);
  });
});

describe('SHC x5c chain', () => {
  const EC = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const;
  const subtle = globalThis.crypto.subtle;
  x509.cryptoProvider.set(globalThis.crypto);
  const day = 86_400_000;

  async function chain(
    opts: { uri?: string; leafKey?: CryptoKey; notAfter?: Date; signer?: CryptoKeyPair } = {},
  ) {
    const root = (await subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
    const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=Test SHC Root',
      notBefore: new Date(AT.getTime() - 365 * day),
      notAfter: new Date(AT.getTime() + 365 * day),
      signingAlgorithm: EC,
      keys: root,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '02',
      subject: 'CN=Test SHC Issuer',
      issuer: rootCert.subject,
      notBefore: new Date(AT.getTime() - 30 * day),
      notAfter: opts.notAfter ?? new Date(AT.getTime() + 30 * day),
      signingAlgorithm: EC,
      publicKey: opts.leafKey ?? issuer.keys.publicKey,
      signingKey: (opts.signer ?? root).privateKey,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: opts.uri ?? ISS }])],
    });
    const b64 = (c: x509.X509Certificate) => Buffer.from(c.rawData).toString('base64');
    return [b64(leaf), b64(rootCert)];
  }

  const verifyChain = async (x5c: unknown) => {
    const source = shcKeySourceFromJwks(ISS, { keys: [{ ...issuer.jwk, x5c } as JsonWebKey] });
    const r = await verifyShc(await issuer.sign(shcPayload(ISS)), source, AT);
    return [r.state, codes(r.errors), codes(r.warnings)];
  };

  it('a chain to a self-signed root, with the key and the issuer URL, verifies', async () => {
    expect(await verifyChain(await chain())).toEqual(['valid', [], []]);
  });

  it('a subjectAltName URI other than the issuer fails', async () => {
    expect(await verifyChain(await chain({ uri: 'https://elsewhere.example' }))).toEqual([
      'invalid',
      ['SHC_X5C_INVALID'],
      [],
    ]);
  });

  it('a leaf certificate for another key fails', async () => {
    const other = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
    ])) as CryptoKeyPair;
    expect(await verifyChain(await chain({ leafKey: other.publicKey }))).toEqual([
      'invalid',
      ['SHC_X5C_INVALID'],
      [],
    ]);
  });

  it('a leaf not signed by the next certificate fails (forged chain)', async () => {
    const stranger = (await subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
    expect(await verifyChain(await chain({ signer: stranger }))).toEqual([
      'invalid',
      ['SHC_X5C_INVALID'],
      [],
    ]);
  });

  it('an expired certificate is a warning; garbage is refused', async () => {
    expect(await verifyChain(await chain({ notAfter: new Date(AT.getTime() - day) }))).toEqual([
      'valid',
      [],
      ['SHC_X5C_VALIDITY'],
    ]);
    for (const junk of [[], ['not base64!'], ['AAAA'], 'MIIB', Array(6).fill('AAAA')]) {
      expect(await verifyChain(junk)).toEqual(['invalid', ['SHC_X5C_INVALID'], []]);
    }
  });
});
