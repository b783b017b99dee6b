/**
 * EU DCC conformance: every JSON vector under ../shared/testdata/dcc/** (the dgc-testdata
 * subset), one test per vector, reproducing every EXPECTED* flag it holds — through `read()`,
 * the path a scanner uses (decoded text, trust source, clock), plus the layer checks the flag
 * names (each layer's bytes against the vector's). A flag that cannot be reproduced is a listed
 * known-bad vector with its reason; the counts are printed at the end.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborValue } from '../../src/lib/cbor.ts';
import { zlibSync } from 'fflate';
import {
  base45Decode,
  base45Encode,
  cborToJson,
  decodeDccLayers,
  decompressDcc,
  dccKeySourceFromCertificates,
  dccSignerFromCertificate,
  parseCoseSign1,
  parseCwtClaims,
  unprefixDcc,
  verifyDcc,
  zlibInflate,
  type DccKeySource,
  type DccSigner,
} from '../../src/formats/dcc/index.ts';
import { validateDccSchema } from '../../src/formats/dcc/content.ts';
import { read } from '../../src/read.ts';
import type { ReadResult } from '../../src/types.ts';
import type { ErrorCode } from '../../src/errors.ts';
import { decodeImage } from '../../src/symbols/index.ts';
import { useBundledWasm } from '../../src/node/index.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import { hasZbarimg, zbarWasmDecode, zbarimgDecodeFile } from '../symbols/zbar.ts';

const root = optionalShared('testdata/dcc', 'the EU DCC test vectors') ?? '';
const exists = root !== '';

interface Vector {
  JSON?: unknown;
  CBOR?: string;
  COSE?: string;
  COMPRESSED?: string;
  BASE45?: string;
  PREFIX?: string;
  '2DCODE'?: string;
  TESTCTX: { CERTIFICATE?: string; VALIDATIONCLOCK?: string; SCHEMA?: string | number };
  EXPECTEDRESULTS: Record<string, boolean>;
}

/**
 * Flags this suite cannot reproduce, by `<vector> <flag>`, with the reason. Each is still run:
 * one that starts passing fails the suite until it is taken off the list.
 */
const KNOWN_BAD: Record<string, string> = {
  'common/2DCode/raw/B1.json EXPECTEDPICTUREDECODE':
    'the vector sets EXPECTEDPICTUREDECODE=true but its 2DCODE is empty: there is no picture to decode ' +
    "(upstream's own runner fails it the same way)",
};

/** Every vector file (a JSON with EXPECTEDRESULTS) below the root, in a stable order. */
function vectorFiles(): string[] {
  if (!exists) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push(full);
    }
  };
  walk(root);
  return out.filter((f) => {
    try {
      return typeof (JSON.parse(readFileSync(f, 'utf8')) as Vector).EXPECTEDRESULTS === 'object';
    } catch {
      return false;
    }
  });
}

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

/**
 * The text a scanner would read: PREFIX; for a vector that only holds an inner layer, that layer
 * wrapped the way an issuer does (BASE45 behind `HC1:`, COMPRESSED in Base45, COSE zlib'd), so
 * every flag goes through read() all the same.
 */
function scannerText(v: Vector): string {
  if (v.PREFIX !== undefined) return v.PREFIX;
  if (v.BASE45 !== undefined) return `HC1:${v.BASE45}`;
  if (v.COMPRESSED !== undefined) return `HC1:${base45Encode(hex(v.COMPRESSED))}`;
  if (v.COSE !== undefined) return `HC1:${base45Encode(zlibSync(hex(v.COSE)))}`;
  return '';
}
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** VALIDATIONCLOCK quirks: no offset means UTC; `+hhmm` without a colon; up to 9 fraction digits. */
export function parseClock(text: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) throw new Error(`unreadable VALIDATIONCLOCK ${text}`);
  const frac = (m[2] ?? '0').padEnd(3, '0').slice(0, 3);
  const zone = m[3] === undefined || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  return new Date(`${m[1]}.${frac}${zone}`);
}

/** The DCC map of a `CBOR` field, which is sometimes the whole CWT and sometimes only the DCC. */
function dccOfCborField(h: string): unknown {
  const r = decodeCbor(hex(h), { maxDepth: 32 });
  if (!r.ok) return undefined;
  const v = r.value;
  if (v instanceof Map && v.get(-260) instanceof Map)
    return cborToJson((v.get(-260) as Map<CborValue, CborValue>).get(1));
  return cborToJson(v);
}

const TIME_CODES: ErrorCode[] = [
  'DCC_NOT_YET_VALID',
  'DCC_EXPIRED',
  'DCC_SIGNED_BEFORE_SIGNER_VALID',
  'DCC_OUTLIVES_SIGNER',
];
const USAGE_CODES: ErrorCode[] = ['DCC_KEY_USAGE'];
/** What the schema layer reports: the schema itself, and the EU's one-type-per-certificate rule. */
const SCHEMA_CODES: ErrorCode[] = ['DCC_SCHEMA', 'DCC_TYPE_MULTIPLE', 'DCC_TYPE_MISSING', 'DCC_FIELD_TYPE'];
type Outcome = { state: string; errors: { code: string }[] };
/** Any error outside the time and key-usage checks means the signature layer did not verify. */
const signatureFailed = (v: Outcome) =>
  v.state === 'untrusted' ||
  v.state === 'unsigned' ||
  v.errors.some(
    (e) => !TIME_CODES.includes(e.code as ErrorCode) && !USAGE_CODES.includes(e.code as ErrorCode),
  );
const codes = (v: { errors: { code: string }[] }) => v.errors.map((e) => e.code).join(',');
const scanned = (r: ReadResult): Outcome => ({ state: r.signature.state, errors: r.errors });

interface FlagTally {
  checked: number;
  passed: number;
  knownBad: number;
}
const tally = {
  vectors: 0,
  groups: new Set<string>(),
  byFlag: new Map<string, FlagTally>(),
  failed: [] as string[],
};
const flagTally = (flag: string): FlagTally => {
  let t = tally.byFlag.get(flag);
  if (!t) tally.byFlag.set(flag, (t = { checked: 0, passed: 0, knownBad: 0 }));
  return t;
};

interface Context {
  v: Vector;
  prefix: string;
  clock: Date;
  /** What a scanner answers: read() with the vector's certificate as the trust source. */
  scan: () => Promise<ReadResult>;
  keys: () => Promise<DccKeySource>;
  anySigner: () => Promise<DccSigner | undefined>;
}

async function checkFlag(flag: string, expected: boolean, c: Context): Promise<void> {
  const { v, prefix, clock, keys, anySigner } = c;
  switch (flag) {
    case 'EXPECTEDPICTUREDECODE': {
      let texts: string[];
      try {
        texts = await decodeImage(Uint8Array.from(Buffer.from(v['2DCODE'] ?? '', 'base64')));
      } catch (e) {
        texts = [];
        if (expected) throw e;
      }
      if (expected) {
        expect(texts).toEqual([prefix]);
        expect((await read(texts[0]!, { at: clock })).kind).toBe('dcc');
      } else expect(texts).not.toContain(prefix);
      return;
    }
    case 'EXPECTEDUNPREFIX': {
      const r = unprefixDcc(prefix);
      if (expected) {
        expect(r.ok).toBe(true);
        if (r.ok && v.BASE45 !== undefined) expect(r.value).toBe(v.BASE45);
        expect(codes(await c.scan())).not.toMatch(/DCC_PREFIX/);
        expect((await c.scan()).kind).toBe('dcc');
      } else {
        expect(r.ok ? 'ok' : r.issue.code).toBe('DCC_PREFIX');
        expect((await c.scan()).kind).not.toBe('dcc');
      }
      return;
    }
    case 'EXPECTEDB45DECODE': {
      const input = v.BASE45 ?? (unprefixDcc(prefix) as { value: string }).value;
      const r = base45Decode(input);
      if (expected) {
        expect(r.ok).toBe(true);
        if (r.ok && v.COMPRESSED !== undefined) expect(same(r.value, hex(v.COMPRESSED))).toBe(true);
        expect(codes(await c.scan())).not.toMatch(/DCC_BASE45_/);
      } else {
        expect(r.ok ? 'ok' : r.issue.code).toMatch(/^DCC_BASE45_/);
        const s = await c.scan();
        expect([s.signature.state, codes(s)]).toEqual(['invalid', expect.stringMatching(/^DCC_BASE45_/)]);
      }
      return;
    }
    case 'EXPECTEDCOMPRESSION': {
      const transported = base45Decode((unprefixDcc(prefix) as { value: string }).value);
      const input =
        v.COMPRESSED !== undefined ? hex(v.COMPRESSED) : (transported as { value: Uint8Array }).value;
      const strict = zlibInflate(input);
      const piped = transported.ok ? decompressDcc(transported.value) : undefined;
      const s = await c.scan();
      const seen = [...s.errors, ...s.warnings].map((w) => w.code);
      if (expected) {
        expect(strict.ok).toBe(true);
        if (strict.ok && v.COSE !== undefined) expect(same(strict.value, hex(v.COSE))).toBe(true);
        expect(piped?.ok && !piped.warnings).toBe(true);
        expect(seen.filter((x) => x.startsWith('DCC_COMPRESSION') || x === 'DCC_UNCOMPRESSED')).toEqual([]);
      } else {
        expect(strict.ok ? 'ok' : strict.issue.code).toMatch(/^DCC_COMPRESSION/);
        // The scanner either rejects it or reads it as uncompressed, saying so.
        expect(
          seen.some((x) => x === 'DCC_UNCOMPRESSED' || x.startsWith('DCC_COMPRESSION')),
          seen.join(),
        ).toBe(true);
      }
      return;
    }
    case 'EXPECTEDDECODE': {
      const d = decodeDccLayers(prefix);
      const s = await c.scan();
      if (expected) {
        expect(codes(d.parsed)).toBe('');
        expect(d.layers).toBeDefined();
        if (v.CBOR !== undefined)
          expect(isDeepStrictEqual(d.layers!.hcert, dccOfCborField(v.CBOR))).toBe(true);
        if (v.COSE !== undefined) {
          const cose = parseCoseSign1(hex(v.COSE));
          expect(cose.ok && parseCwtClaims(cose.value.payload).ok).toBe(true);
          expect(cose.ok && same(cose.value.payload, d.layers!.cose.payload)).toBe(true);
        }
        expect([s.kind, s.fields === null]).toEqual(['dcc', false]);
      } else {
        expect(d.layers).toBeUndefined();
        expect(codes(d.parsed)).toMatch(/^DCC_(CBOR|CBOR_TOO_DEEP|COSE|CLAIMS|HCERT_MISSING)$/);
        expect([s.signature.state, s.fields]).toEqual(['invalid', null]);
      }
      return;
    }
    case 'EXPECTEDVALIDJSON': {
      const d = decodeDccLayers(prefix);
      const match = d.layers !== undefined && isDeepStrictEqual(d.layers.hcert, v.JSON);
      expect(match).toBe(expected);
      if (expected) {
        // What the scanner shows is that JSON: name, birth date, the certificate identifiers.
        const json = v.JSON as { nam?: { fn?: string; fnt?: string }; dob?: string };
        const s = await c.scan();
        const f = s.kind === 'dcc' ? s.fields : null;
        expect(f?.name.familyName).toBe(json.nam?.fn?.trim());
        expect(f?.name.familyNameT).toBe(json.nam?.fnt?.trim());
        expect(f?.dateOfBirth).toBe(json.dob);
        const ids = (['v', 't', 'r'] as const).flatMap((k) =>
          ((v.JSON as Record<string, { ci?: string }[] | undefined>)[k] ?? []).map((e) => e.ci?.trim()),
        );
        expect(f?.certificateIds).toEqual(ids.filter((x) => x !== undefined));
      }
      return;
    }
    case 'EXPECTEDENCODE': {
      const encoded = decodeCbor(encodeCbor(v.JSON as CborValue));
      const match = encoded.ok && isDeepStrictEqual(cborToJson(encoded.value), dccOfCborField(v.CBOR ?? ''));
      expect(match).toBe(expected);
      return;
    }
    case 'EXPECTEDSCHEMAVALIDATION': {
      const s = await c.scan();
      const found = [...s.errors, ...s.warnings].filter((w) => SCHEMA_CODES.includes(w.code as ErrorCode));
      const failed = s.kind !== 'dcc' || s.fields === null || found.length > 0;
      expect(failed, found.map((w) => w.message).join('; ')).toBe(!expected);
      // The layer on its own agrees: the decoded payload against the schema of its `ver`.
      const d = decodeDccLayers(prefix);
      if (expected) expect(validateDccSchema(d.layers!.hcert)).toEqual([]);
      return;
    }
    case 'EXPECTEDVALIDOBJECT': {
      const version = v.TESTCTX.SCHEMA === undefined ? undefined : String(v.TESTCTX.SCHEMA);
      const found = validateDccSchema(v.JSON as never, version === undefined ? {} : { version });
      expect(found.length === 0, found.map((w) => w.message).join('; ')).toBe(expected);
      return;
    }
    case 'EXPECTEDVERIFY': {
      const r = await verifyDcc(prefix, await keys(), clock);
      expect(signatureFailed(r), `state ${r.state}: ${codes(r)}`).toBe(!expected);
      const s = scanned(await c.scan());
      expect(signatureFailed(s), `read(): state ${s.state}: ${codes(s)}`).toBe(!expected);
      if (!expected) {
        expect([r.state, s.state]).not.toContain('valid');
        // Also when the trust source hands out the certificate whatever the kid: the kid check must still fail it.
        const lenient: DccKeySource = { lookup: async () => [(await anySigner())!] };
        const l = await verifyDcc(prefix, lenient, clock);
        expect(signatureFailed(l), `lenient source: ${codes(l)}`).toBe(true);
      }
      return;
    }
    case 'EXPECTEDEXPIRATIONCHECK':
    case 'EXPECTEDKEYUSAGE': {
      const wanted = flag === 'EXPECTEDKEYUSAGE' ? USAGE_CODES : TIME_CODES;
      for (const [how, r] of [
        ['verifyDcc', await verifyDcc(prefix, await keys(), clock)],
        ['read()', scanned(await c.scan())],
      ] as const) {
        expect(signatureFailed(r), `${how} signature layer: ${codes(r)}`).toBe(false);
        expect(
          r.errors.some((e) => wanted.includes(e.code as ErrorCode)),
          `${how}: ${codes(r)}`,
        ).toBe(!expected);
        if (!expected) expect(r.state).toBe('invalid');
      }
      return;
    }
    default:
      throw new Error(`flag ${flag} is not known to this suite`);
  }
}

describe.skipIf(!exists)('EU DCC conformance vectors (dgc-testdata)', () => {
  beforeAll(() => useBundledWasm());
  for (const file of vectorFiles()) {
    const id = path.relative(root, file);
    it(id, async () => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as Vector;
      tally.vectors++;
      tally.groups.add(path.dirname(id));
      const certificate = v.TESTCTX.CERTIFICATE
        ? Uint8Array.from(Buffer.from(v.TESTCTX.CERTIFICATE, 'base64'))
        : undefined;
      // The trust source a real verifier would have: the certificate, found by its own kid.
      let source: DccKeySource | undefined;
      const keys = async (): Promise<DccKeySource> => {
        expect(certificate, 'TESTCTX.CERTIFICATE').toBeDefined();
        const s = await dccSignerFromCertificate(certificate!);
        expect(s.ok).toBe(true);
        return (source ??= dccKeySourceFromCertificates([certificate!]));
      };
      const anySigner = async () => {
        const s = certificate ? await dccSignerFromCertificate(certificate) : undefined;
        return s?.ok ? s.signer : undefined;
      };
      const prefix = scannerText(v);
      const clock = parseClock(v.TESTCTX.VALIDATIONCLOCK ?? '2021-05-03T18:00:00Z');
      let scan: Promise<ReadResult> | undefined;
      const context: Context = {
        v,
        prefix,
        clock,
        keys,
        anySigner,
        scan: () =>
          (scan ??= (async () =>
            read(prefix, { at: clock, ...(certificate && { dccKeys: await keys() }) }))()),
      };
      const failures: string[] = [];
      for (const [flag, expected] of Object.entries(v.EXPECTEDRESULTS)) {
        const t = flagTally(flag);
        t.checked++;
        const knownBad = KNOWN_BAD[`${id} ${flag}`];
        let error: string | undefined;
        try {
          await checkFlag(flag, expected, context);
        } catch (e) {
          error = `${flag}=${expected}: ${(e as Error).message.split('\n')[0]}`;
        }
        if (knownBad !== undefined) {
          t.knownBad++;
          if (error === undefined)
            failures.push(`${flag}: listed known-bad but now reproduced: take it off KNOWN_BAD`);
        } else if (error === undefined) t.passed++;
        else {
          failures.push(error);
          tally.failed.push(`${id} ${error}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
  afterAll(() => {
    const flags = [...tally.byFlag.values()];
    const sum = (k: keyof FlagTally) => flags.reduce((n, t) => n + t[k], 0);
    const per = [...tally.byFlag]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([f, t]) =>
          `${f.replace('EXPECTED', '')} ${t.passed}/${t.checked}${t.knownBad ? ` (+${t.knownBad} known-bad)` : ''}`,
      )
      .join(', ');
    console.log(
      `[dcc vectors] ${tally.vectors} vectors in ${tally.groups.size} groups; ${sum('checked')} flags: ` +
        `${sum('passed')} reproduced, ${sum('knownBad')} known-bad (listed), ${tally.failed.length} failed`,
    );
    console.log(`[dcc vectors] by flag: ${per}`);
    for (const [k, why] of Object.entries(KNOWN_BAD)) console.log(`[dcc vectors] known-bad ${k}: ${why}`);
    for (const f of tally.failed) console.log(`[dcc vectors] FAIL ${f}`);
  });
});

describe('VALIDATIONCLOCK parsing', () => {
  it('reads a clock without offset as UTC, +hhmm, and up to 9 fraction digits', () => {
    expect(parseClock('2021-05-03T18:00:00').toISOString()).toBe('2021-05-03T18:00:00.000Z');
    expect(parseClock('2022-01-18T09:53:44.686+0000').toISOString()).toBe('2022-01-18T09:53:44.686Z');
    expect(parseClock('2021-05-21T12:26:07.390079Z').toISOString()).toBe('2021-05-21T12:26:07.390Z');
    expect(parseClock('2021-06-01T20:00:00+02:00').toISOString()).toBe('2021-06-01T18:00:00.000Z');
    expect(parseClock('2021-06-01T20:00:00.123456789-0130').toISOString()).toBe('2021-06-01T21:30:00.123Z');
  });
});

const vnImage = optionalShared('testdata/dcc-vn/VAC_VN.png', 'the real Vietnamese DCC image') ?? '';

describe.skipIf(vnImage === '')('real Vietnamese DCC (dcc-vn, read with zbar)', () => {
  it('decodes to the fields of Decision 5772 (PS256, signer not public)', async () => {
    const image = readFileSync(vnImage);
    const [text, ...more] = await zbarWasmDecode(image);
    expect(more).toEqual([]);
    // The native build, where installed, reads the same bytes (the file is a JPEG despite its name).
    if (hasZbarimg()) expect(await zbarimgDecodeFile(vnImage)).toBe(text);
    const { fields, errors, warnings } = decodeDccLayers(text ?? '').parsed;
    expect([errors, warnings]).toEqual([[], []]);
    expect(fields).toMatchObject({
      issuerCountry: 'VN',
      alg: 'PS256',
      version: '1.3.0',
      name: { familyName: 'Nguyễn', givenName: 'Bảo Duy' },
      dateOfBirth: '1983-10-10',
      certificateIds: ['URN:UVCI:01:VN:FFFE3D31FABD035899134A9D3BAE9BCF'],
    });
    expect(fields?.vaccinations).toEqual([
      expect.objectContaining({
        targetDisease: '840539006',
        product: 'EU/1/21/1529',
        doseNumber: 2,
        totalDoses: 2,
      }),
    ]);
  });
});
