import { beforeAll, describe, expect, it } from 'vitest';
import { b64uDecode, b64uEncode } from '../crypto/base64url.ts';
import { generateKeyPair, importPrivateKey } from '../crypto/es256.ts';
import { kidOf } from '../crypto/kid.ts';
import { signCompact } from '../crypto/jws.ts';
import { parseTrustList, signTrustList, verifyTrustList } from './trust-list.ts';
import { makeFixture, type Fixture } from './testing.ts';

let f: Fixture;
let jws: string;
beforeAll(async () => {
  f = await makeFixture();
  jws = await signTrustList(f.doc, f.root.privateJwk);
});

const errCodes = (r: object) => ('errors' in r ? (r.errors as { code: string }[]).map((e) => e.code) : []);
const dec = (part: string) =>
  JSON.parse(new TextDecoder().decode(b64uDecode(part))) as Record<string, unknown>;

describe('signed trust list', () => {
  it('is a JWS compact string with the documented header', async () => {
    const [h] = jws.split('.');
    expect(dec(h!)).toEqual({
      alg: 'ES256',
      kid: await kidOf(f.root.publicJwk),
      typ: 'oneqr-trust-list+jws',
    });
  });

  it('verifies with the root key, bare or wrapped as { "jws": … }', async () => {
    const r = await verifyTrustList(jws, f.root.publicJwk);
    expect(r).toEqual({ document: f.doc, warnings: [] });
    const wrapped = await verifyTrustList(`${JSON.stringify({ jws }, null, 2)}\n`, f.root.publicJwk);
    expect('document' in wrapped).toBe(true);
    expect('document' in (await verifyTrustList(`${jws}\n`, f.root.publicJwk))).toBe(true);
  });

  it('warns when the list is past nextUpdate', async () => {
    const r = await verifyTrustList(jws, f.root.publicJwk, { at: new Date('2025-07-01T00:00:00Z') });
    expect('warnings' in r && r.warnings.map((w) => w.code)).toEqual(['TRUST_LIST_STALE']);
  });

  it('refuses a tampered list', async () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const doc = dec(p);
    (doc.issuers as { rights: string[] }[])[1]!.rights = ['personal', 'venue'];
    const tampered = `${h}.${b64uEncode(new TextEncoder().encode(JSON.stringify(doc)))}.${s}`;
    expect(errCodes(await verifyTrustList(tampered, f.root.publicJwk))).toEqual([
      'TRUST_LIST_SIGNATURE_INVALID',
    ]);
    // One character of the signature changed.
    const sigFlip = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    expect(errCodes(await verifyTrustList(sigFlip, f.root.publicJwk))).toEqual([
      'TRUST_LIST_SIGNATURE_INVALID',
    ]);
  });

  it('refuses a wrong root key', async () => {
    const other = await generateKeyPair();
    expect(errCodes(await verifyTrustList(jws, other.publicJwk))).toEqual(['TRUST_LIST_ROOT_MISMATCH']);
    // Signed by another key that claims the root's kid: the signature check catches it.
    const rootKid = await kidOf(f.root.publicJwk);
    const forged = await signCompact(
      { alg: 'ES256', kid: rootKid, typ: 'oneqr-trust-list+jws' },
      JSON.stringify(f.doc),
      await importPrivateKey(other.privateJwk),
    );
    expect(errCodes(await verifyTrustList(forged, f.root.publicJwk))).toEqual([
      'TRUST_LIST_SIGNATURE_INVALID',
    ]);
    expect(errCodes(await verifyTrustList(jws, { kty: 'EC' }))).toEqual(['TRUST_LIST_ROOT_KEY_INVALID']);
  });

  it('refuses a wrong header', async () => {
    const key = await importPrivateKey(f.root.privateJwk);
    const kid = await kidOf(f.root.publicJwk);
    for (const header of [
      { alg: 'none', kid, typ: 'oneqr-trust-list+jws' },
      { alg: 'ES256', kid, typ: 'JWT' },
      { alg: 'ES256', kid, typ: 'oneqr-trust-list+jws', crit: ['exp'] },
    ]) {
      const text = await signCompact(header, JSON.stringify(f.doc), key);
      expect(errCodes(await verifyTrustList(text, f.root.publicJwk))).toEqual(['TRUST_LIST_HEADER']);
    }
  });

  it('refuses a validly signed but invalid document (root signs garbage)', async () => {
    const key = await importPrivateKey(f.root.privateJwk);
    const header = { alg: 'ES256', kid: await kidOf(f.root.publicJwk), typ: 'oneqr-trust-list+jws' };
    const withPrivate = JSON.parse(JSON.stringify(f.doc)) as { issuers: { keys: { jwk: JsonWebKey }[] }[] };
    withPrivate.issuers[0]!.keys[0]!.jwk = {
      ...withPrivate.issuers[0]!.keys[0]!.jwk,
      d: f.keys.main.privateJwk.d!,
    };
    const a = await signCompact(header, JSON.stringify(withPrivate), key);
    expect(errCodes(await verifyTrustList(a, f.root.publicJwk))).toEqual(['TRUST_LIST_PRIVATE_KEY']);
    const b = await signCompact(header, JSON.stringify({ ...f.doc, format: 'oneqr-trust-list/2' }), key);
    expect(errCodes(await verifyTrustList(b, f.root.publicJwk))).toEqual(['TRUST_LIST_FORMAT_UNSUPPORTED']);
    const c = await signCompact(header, 'not json', key);
    expect(errCodes(await verifyTrustList(c, f.root.publicJwk))).toEqual(['TRUST_LIST_SYNTAX']);
  });

  it('refuses hostile text with a code, never throwing', async () => {
    for (const text of ['', 'a.b', 'a.b.c', '{', '{"jws": 5}', '[]', '!!!.???.***', `${jws}.x`]) {
      const r = await verifyTrustList(text, f.root.publicJwk);
      expect('errors' in r, text).toBe(true);
    }
    expect(errCodes(await verifyTrustList(JSON.stringify(f.doc), f.root.publicJwk))).toEqual([
      'TRUST_LIST_SYNTAX',
    ]);
    expect(errCodes(await verifyTrustList(' '.repeat(33 * 1024 * 1024), f.root.publicJwk))).toEqual([
      'TRUST_LIST_TOO_LARGE',
    ]);
  });

  it('signTrustList refuses an invalid document', async () => {
    await expect(signTrustList({ ...f.doc, sequence: -1 }, f.root.privateJwk)).rejects.toMatchObject({
      code: 'TRUST_LIST_FIELD',
    });
  });
});

describe('parseTrustList (no root check: a local file trusted as given)', () => {
  it('reads the compact form, the wrapper and the bare JSON document', async () => {
    for (const text of [jws, JSON.stringify({ jws }), JSON.stringify(f.doc, null, 2)]) {
      const r = await parseTrustList(text);
      expect('document' in r && r.document).toEqual(f.doc);
    }
  });

  it('still validates the document', async () => {
    const bad = JSON.parse(JSON.stringify(f.doc)) as { issuers: { keys: { kid: string }[] }[] };
    bad.issuers[0]!.keys[0]!.kid = 'AAAAAAAA';
    expect(errCodes(await parseTrustList(JSON.stringify(bad)))).toEqual(['TRUST_LIST_KID_MISMATCH']);
    expect(errCodes(await parseTrustList('{"format":"x"}'))).toEqual(['TRUST_LIST_FORMAT_UNSUPPORTED']);
  });
});
