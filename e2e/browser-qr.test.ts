/**
 * `@oneqr/qr` runs unchanged in a real browser: the core is bundled by esbuild for the browser,
 * loaded into headless Chromium (Debian's, else the npm package's: browser/chromium.ts) with the
 * network cut, and exercised there, including codes and trust lists signed in one runtime and
 * verified in the other. Without a Chromium the test fails, it does not skip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as qr from '@oneqr/qr';
import { optionalShared } from '../test-support/shared-data.ts';
import { PAGE_URL, bundleQr, openQrPage, type QrBundle, type QrPage } from './browser/qr-page.ts';

type Qr = typeof qr;

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const CCCD =
  '079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';
// Fixed instants keep every date check deterministic in both runtimes.
const AT = '2025-06-01T00:00:00.000Z';
const IAT = Date.parse(AT) / 1000 - 3600;
const LIST_TIMES = { issuedAt: '2025-05-30T00:00:00Z', nextUpdate: '2025-06-30T00:00:00Z' };
const PERSON = {
  documentNumber: '001093029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1987-01-18',
  qid: '162979388586171100',
  gender: 1,
} as const;
const ISSUER = { id: 'pc-covid', name: 'PC-Covid' };
/** A URL the page fetches once, to show that the route really blocks. */
const PROBE = 'https://oneqr.invalid/probe';

const dccDir = optionalShared('testdata/dcc/common/2DCode/raw', 'the EU DCC case in the browser') ?? '';
const dccExists = dccDir !== '';

/** Signs a trust list for one issuer key and issues the sample person's QR (run in Node). */
async function signedInNode(): Promise<{ qr: string; jws: string; rootPublicJwk: JsonWebKey }> {
  const [root, key] = await Promise.all([qr.generateKeyPair(), qr.generateKeyPair()]);
  const doc = await qr.buildTrustList({
    issuedAt: new Date(LIST_TIMES.issuedAt),
    nextUpdate: new Date(LIST_TIMES.nextUpdate),
    issuers: [{ ...ISSUER, rights: ['personal'], keys: [key.publicJwk] }],
  });
  const jws = await qr.signTrustList(doc, root.privateJwk);
  const text = await qr.issuePersonal(PERSON, { privateJwk: key.privateJwk }, IAT, { now: new Date(AT) });
  return { qr: text, jws, rootPublicJwk: root.publicJwk };
}

/** verifyTrustList → TrustStore → read, in Node. */
async function readInNode(text: string, jws: string, rootPublicJwk: JsonWebKey) {
  const at = new Date(AT);
  const list = await qr.verifyTrustList(jws, rootPublicJwk, { at });
  if (!('document' in list)) return { listErrors: list.errors };
  return qr.read(text, { trust: qr.TrustStore.from([list.document]), at });
}

describe('@oneqr/qr bundled for the browser', () => {
  let bundle: QrBundle;
  beforeAll(async () => {
    bundle = await bundleQr();
  });

  it('bundles with platform "browser": no Node built-in, no symbol codecs, a reasonable size', () => {
    console.info(`[browser-qr] bundle: ${bundle.bytes} bytes, ${bundle.inputs.length} input files`);
    // symbols/codes.ts is only the code strings errors.ts composes; the codecs must stay out.
    const foreign = bundle.inputs.filter(
      (f) =>
        f.startsWith('node:') ||
        f.startsWith('packages/qr/src/node/') ||
        (f.startsWith('packages/qr/src/symbols/') && f !== 'packages/qr/src/symbols/codes.ts') ||
        (f.includes('node_modules/') &&
          !f.startsWith('node_modules/fflate/') &&
          // the DCC JSON-schema validator (no eval): read() imports it on the first HC1
          !f.startsWith('node_modules/@cfworker/json-schema/')),
    );
    expect(foreign).toEqual([]);
    expect(bundle.inputs).toContain('packages/qr/src/read.ts');
    expect(bundle.bytes).toBeGreaterThan(20_000);
    expect(bundle.bytes).toBeLessThan(400_000);
  });
});

describe('@oneqr/qr in headless Chromium (no network)', () => {
  let ctx: QrPage | undefined;
  const page = () => {
    if (ctx === undefined) throw new Error('the browser page did not open (see the beforeAll error)');
    return ctx.page;
  };

  beforeAll(async () => {
    ctx = await openQrPage(await bundleQr());
  }, 30_000);

  afterAll(async () => {
    await ctx?.browser.close();
  });

  it('loaded the library into a browser page that is not Node', async () => {
    const env = await page().evaluate(async (probe) => {
      const g = globalThis as unknown as { OneQR?: Qr; process?: unknown; Buffer?: unknown };
      let blocked = false;
      await fetch(probe).catch(() => {
        blocked = true;
      });
      return {
        url: location.href,
        userAgent: navigator.userAgent,
        secure: isSecureContext,
        subtle: typeof crypto.subtle?.sign,
        read: typeof g.OneQR?.read,
        process: typeof g.process,
        buffer: typeof g.Buffer,
        blocked,
      };
    }, PROBE);
    expect(env.url).toBe(PAGE_URL);
    expect(env.userAgent).toMatch(/HeadlessChrome\/\d+/);
    expect(env).toMatchObject({
      secure: true,
      subtle: 'function',
      read: 'function',
      process: 'undefined',
      buffer: 'undefined',
      blocked: true,
    });
  });

  it('reads the SPEC §2 sample: personal-1405, unsigned, exact fields', async () => {
    const r = await page().evaluate(
      ([text, at]) => (globalThis as unknown as { OneQR: Qr }).OneQR.read(text, { at: new Date(at) }),
      [SAMPLE, AT] as const,
    );
    expect(r).toEqual({
      kind: 'personal-1405',
      signature: { state: 'unsigned' },
      fields: {
        documentNumber: '001093029317',
        documentType: 'citizen-id',
        fullName: 'NGUYEN LE KHA HAN',
        birthDate: '1987-01-18',
        declarationType: 0,
        qid: '162979388586171100',
        gender: 1,
        insuranceNumber: 'HS4010120878821',
        phone: '0944713700',
        reserved: [],
        ext: ['', '1', 'HS4010120878821', '0944713700'],
      },
      errors: [],
      // The published sample is inconsistent: its ID number encodes birth year 1993.
      warnings: [expect.objectContaining({ code: 'CITIZEN_ID_BIRTH_YEAR_MISMATCH', field: 'NgaySinh' })],
    });
    expect(r).toEqual(await qr.read(SAMPLE, { at: new Date(AT) }));
  });

  it('keys → trust list → sign → verify → store → issue → read: valid; a one-character tamper: invalid', async () => {
    const out = await page().evaluate(
      async ({ person, issuer, times, iat, at }) => {
        const Q = (globalThis as unknown as { OneQR: Qr }).OneQR;
        const now = new Date(at);
        const [root, key] = await Promise.all([Q.generateKeyPair(), Q.generateKeyPair()]);
        const doc = await Q.buildTrustList({
          issuedAt: new Date(times.issuedAt),
          nextUpdate: new Date(times.nextUpdate),
          issuers: [{ ...issuer, rights: ['personal'], keys: [key.publicJwk] }],
        });
        const jws = await Q.signTrustList(doc, root.privateJwk);
        const list = await Q.verifyTrustList(jws, root.publicJwk, { at: now });
        if (!('document' in list)) return { listErrors: list.errors };
        const trust = Q.TrustStore.from([list.document]);
        const text = await Q.issuePersonal(person, { privateJwk: key.privateJwk }, iat, { now });
        const tampered = text.replace('NGUYEN LE', 'NGUYEN LA');
        return {
          text,
          kid: (key.publicJwk as { kid?: string }).kid,
          good: await Q.read(text, { trust, at: now }),
          bad: tampered === text ? null : await Q.read(tampered, { trust, at: now }),
        };
      },
      { person: PERSON, issuer: ISSUER, times: LIST_TIMES, iat: IAT, at: AT },
    );
    if ('listErrors' in out) throw new Error(`trust list refused: ${JSON.stringify(out.listErrors)}`);
    expect(out.text.startsWith('001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|')).toBe(true);
    expect(out.kid).toMatch(/^[\w-]{8}$/);
    expect(out.good.kind).toBe('personal-1405');
    expect(out.good.errors).toEqual([]);
    expect(out.good.signature).toMatchObject({ state: 'valid', issuer: ISSUER, kid: out.kid, iat: IAT });
    expect(out.bad?.signature.state).toBe('invalid');
    expect(out.bad?.errors.map((e) => e.code)).toEqual(['SIGNATURE_INVALID']);
  });

  it('reads a CCCD card QR with Vietnamese diacritics', async () => {
    const r = await page().evaluate(
      ([text, at]) => (globalThis as unknown as { OneQR: Qr }).OneQR.read(text, { at: new Date(at) }),
      [CCCD, AT] as const,
    );
    expect(r.kind).toBe('cccd');
    expect(r.errors).toEqual([]);
    expect(r.fields).toMatchObject({ idNumber: '079201012345', fullName: 'Nguyễn Văn Ánh', gender: 'male' });
  });

  it('verifies in the browser a QR and a trust list signed in Node', async () => {
    const made = await signedInNode();
    const r = await page().evaluate(
      async ({ text, jws, rootPublicJwk, at }) => {
        const Q = (globalThis as unknown as { OneQR: Qr }).OneQR;
        const now = new Date(at);
        const list = await Q.verifyTrustList(jws, rootPublicJwk, { at: now });
        if (!('document' in list)) return { listErrors: list.errors };
        return Q.read(text, { trust: Q.TrustStore.from([list.document]), at: now });
      },
      { text: made.qr, jws: made.jws, rootPublicJwk: made.rootPublicJwk, at: AT },
    );
    expect(r).toMatchObject({
      kind: 'personal-1405',
      errors: [],
      signature: { state: 'valid', issuer: ISSUER },
    });
    // The same check in Node agrees, so the browser is not merely lenient.
    expect(await readInNode(made.qr, made.jws, made.rootPublicJwk)).toEqual(r);
  });

  it('verifies in Node a QR and a trust list signed in the browser', async () => {
    const made = await page().evaluate(
      async ({ person, issuer, times, iat, at }) => {
        const Q = (globalThis as unknown as { OneQR: Qr }).OneQR;
        const [root, key] = await Promise.all([Q.generateKeyPair(), Q.generateKeyPair()]);
        const doc = await Q.buildTrustList({
          issuedAt: new Date(times.issuedAt),
          nextUpdate: new Date(times.nextUpdate),
          issuers: [{ ...issuer, rights: ['personal'], keys: [key.publicJwk] }],
        });
        return {
          qr: await Q.issuePersonal(person, { privateJwk: key.privateJwk }, iat, { now: new Date(at) }),
          jws: await Q.signTrustList(doc, root.privateJwk),
          rootPublicJwk: root.publicJwk,
        };
      },
      { person: PERSON, issuer: ISSUER, times: LIST_TIMES, iat: IAT, at: AT },
    );
    const r = await readInNode(made.qr, made.jws, made.rootPublicJwk);
    expect(r).toMatchObject({
      kind: 'personal-1405',
      errors: [],
      signature: { state: 'valid', issuer: ISSUER },
    });
    // A trust list signed in the browser still refuses a root key it was not signed with.
    const other = await qr.generateKeyPair();
    expect(await readInNode(made.qr, made.jws, other.publicJwk)).toMatchObject({
      listErrors: [{ code: 'TRUST_LIST_ROOT_MISMATCH' }],
    });
  });

  describe.skipIf(!dccExists)('EU DCC peer vector', () => {
    it('decodes an HC1 PREFIX in the browser exactly as Node does', async () => {
      const file = readdirSync(dccDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(path.join(dccDir, f), 'utf8')) as { PREFIX?: unknown })
        .map((v) => v.PREFIX)
        .find((p): p is string => typeof p === 'string' && qr.decodeDcc(p).errors.length === 0);
      if (file === undefined) throw new Error(`no decodable HC1 PREFIX in ${dccDir}`);
      const inNode = qr.decodeDcc(file);
      const inBrowser = await page().evaluate(
        (text) => (globalThis as unknown as { OneQR: Qr }).OneQR.decodeDcc(text),
        file,
      );
      expect(inNode.fields?.name.familyName).toBeTruthy();
      expect(inBrowser.fields?.name.familyName).toBe(inNode.fields?.name.familyName);
      // Structured clone drops undefined members, as JSON does.
      expect(inBrowser).toEqual(JSON.parse(JSON.stringify(inNode)));
      // read() adds the schema check and value-set names: the same in the browser (no eval there).
      const readInBrowser = await page().evaluate(
        (text) =>
          (globalThis as unknown as { OneQR: Qr }).OneQR.read(text, { at: new Date('2021-06-01T00:00:00Z') }),
        file,
      );
      const readNode = await qr.read(file, { at: new Date('2021-06-01T00:00:00Z') });
      expect(readInBrowser).toEqual(JSON.parse(JSON.stringify(readNode)));
      expect(JSON.stringify(readNode.fields)).toContain('"names":');
    });
  });

  it('fetched nothing but the probe, and threw no page error', () => {
    expect(ctx?.requests).toEqual([PROBE]);
    expect(ctx?.pageErrors).toEqual([]);
  });
});
