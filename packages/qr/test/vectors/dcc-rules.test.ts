/**
 * EU DCC business rules through the library's CertLogic engine: made rules in the EU gateway's
 * shape (fixtures/eu-rules.json; no rules are shipped in ../shared) over made payloads, the
 * choice of applicable rules, the passed / fail / open outcomes, hostile rule lists, the same
 * answer in Chromium; then the fixture rules over the real EU test vectors, when present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  base45Encode,
  CborTag,
  encodeCbor,
  read,
  type CborValue,
  type DccKeySource,
  decodeDccLayers,
  dccRuleData,
  dccRuleValueSets,
  evaluateCertLogic,
  evaluateDccRules,
  validateDccRule,
  type DccRule,
  type DccRuleContext,
  type DccRuleInput,
  type DccRulesEvaluation,
} from '../../src/index.ts';
import type * as qr from '../../src/index.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import { useQrPage } from '../browser-page.ts';

const RULES = JSON.parse(
  readFileSync(new URL('./fixtures/eu-rules.json', import.meta.url), 'utf8'),
) as DccRule[];

const VALUE_SETS = {
  'disease-agent-targeted': ['840539006'],
  'vaccines-covid-19-names': ['EU/1/20/1528', 'EU/1/21/1529', 'EU/1/20/1507'],
  'covid-19-lab-test-type': ['LP6464-4', 'LP217198-3'],
};

const seconds = (iso: string): number => Date.parse(iso) / 1000;
const NAME = { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Lê Khả Hân', gnt: 'LE<KHA<HAN' };

function vaccination(over: Record<string, unknown> = {}, claims: Partial<DccRuleInput['claims']> = {}) {
  return {
    hcert: {
      ver: '1.3.0',
      nam: NAME,
      dob: '1987-01-18',
      v: [
        {
          tg: '840539006',
          vp: '1119349007',
          mp: 'EU/1/20/1528',
          ma: 'ORG-100030215',
          dn: 2,
          sd: 2,
          dt: '2021-10-01',
          co: 'VN',
          is: 'Ministry of Health of Viet Nam',
          ci: 'URN:UVCI:01:VN:7BQK3M9TXA2R#4',
          ...over,
        },
      ],
    },
    claims: {
      iss: 'VN',
      iat: seconds('2021-10-02T00:00:00Z'),
      exp: seconds('2022-10-02T00:00:00Z'),
      ...claims,
    },
  } satisfies DccRuleInput;
}

function test(over: Record<string, unknown> = {}): DccRuleInput {
  return {
    hcert: {
      ver: '1.3.0',
      nam: NAME,
      dob: '1987-01-18',
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'PCR',
          sc: '2021-11-01T08:00:00+07:00',
          tr: '260415000',
          tc: 'Bệnh viện Chợ Rẫy',
          co: 'VN',
          is: 'Ministry of Health of Viet Nam',
          ci: 'URN:UVCI:01:VN:T3ST9Q#1',
          ...over,
        },
      ],
    },
    claims: { iss: 'VN', iat: seconds('2021-11-01T12:00:00Z'), exp: seconds('2021-12-01T00:00:00Z') },
  };
}

function recovery(): DccRuleInput {
  return {
    hcert: {
      ver: '1.3.0',
      nam: NAME,
      dob: '1987-01-18',
      r: [
        {
          tg: '840539006',
          fr: '2021-09-01',
          df: '2021-09-12',
          du: '2022-02-28',
          co: 'VN',
          is: 'Ministry of Health of Viet Nam',
          ci: 'URN:UVCI:01:VN:R3C0V#2',
        },
      ],
    },
    claims: { iss: 'VN', iat: seconds('2021-09-12T00:00:00Z'), exp: seconds('2022-03-01T00:00:00Z') },
  };
}

const ctx = (at: string, over: Partial<DccRuleContext> = {}): DccRuleContext => ({
  at: new Date(at),
  countryCode: 'VN',
  valueSets: VALUE_SETS,
  ...over,
});

/** identifier@version → outcome, for compact expectations. */
const outcomes = (r: DccRulesEvaluation): Record<string, string> =>
  Object.fromEntries(r.results.map((x) => [`${x.identifier}@${x.version}`, x.outcome]));

describe('DCC business rules: the fixture rule set', () => {
  it('is in the EU gateway rule shape, every Logic valid CertLogic', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(10);
    for (const rule of RULES) expect(validateDccRule(rule), rule.Identifier).toEqual([]);
  });

  it('gives the rules the EU data context: payload and external {validationClock, valueSets, countryCode, exp, iat}', () => {
    expect(dccRuleData(vaccination(), ctx('2021-11-01T00:00:00Z'))).toEqual({
      payload: vaccination().hcert,
      external: {
        validationClock: '2021-11-01T00:00:00.000Z',
        valueSets: VALUE_SETS,
        countryCode: 'VN',
        exp: '2022-10-02T00:00:00.000Z',
        iat: '2021-10-02T00:00:00.000Z',
      },
    });
  });
});

describe('DCC business rules: which rules apply', () => {
  it('a complete vaccination, arrival in VN: the general and vaccination rules of VN pass, no other', () => {
    const r = evaluateDccRules(vaccination(), RULES, ctx('2021-11-01T00:00:00Z'));
    expect(outcomes(r)).toEqual({
      'GR-VN-0001@1.0.0': 'passed',
      'GR-VN-0002@1.0.0': 'passed',
      'GR-VN-0003@1.0.0': 'passed',
      'VR-VN-0001@1.0.0': 'passed',
      'VR-VN-0002@1.0.0': 'passed',
      'VR-VN-0003@1.0.0': 'passed',
    });
    expect(r.outcome).toBe('passed');
  });

  it('of two versions of a rule, the highest valid at the instant decides', () => {
    // 1.1.0 (from 2022-02-01) adds an upper bound of 270 days after the dose (2022-06-28).
    const march = evaluateDccRules(vaccination(), RULES, ctx('2022-03-01T00:00:00Z'));
    expect(outcomes(march)['VR-VN-0003@1.1.0']).toBe('passed');
    expect(outcomes(march)['VR-VN-0003@1.0.0']).toBeUndefined();
    const july = evaluateDccRules(vaccination(), RULES, ctx('2022-07-01T00:00:00Z'));
    expect(outcomes(july)['VR-VN-0003@1.1.0']).toBe('fail');
    expect(july.outcome).toBe('fail');
    // Before 1.1.0 is valid, 1.0.0 still decides (no upper bound).
    expect(outcomes(evaluateDccRules(vaccination(), RULES, ctx('2022-01-31T23:59:59Z')))).toMatchObject({
      'VR-VN-0003@1.0.0': 'passed',
    });
  });

  it("reads ValidFrom/ValidTo without an offset as UTC, whatever the machine's time zone", () => {
    const rule = {
      ...(RULES[4] as DccRule),
      ValidFrom: '2021-11-01T00:00:00',
      ValidTo: '2021-11-02T00:00:00',
    };
    const at = (iso: string) => evaluateDccRules(vaccination(), [rule], ctx(iso)).results.length;
    expect([at('2021-10-31T23:59:59Z'), at('2021-11-01T00:00:00Z'), at('2021-11-01T23:59:59Z')]).toEqual([
      0, 1, 1,
    ]);
    expect(at('2021-11-02T00:00:00Z')).toBe(0); // ValidTo is exclusive
  });

  it("another country's acceptance rules apply to arrivals there, and only there", () => {
    const de = evaluateDccRules(
      vaccination({ mp: 'EU/1/20/1525' }),
      RULES,
      ctx('2021-11-01T00:00:00Z', { countryCode: 'DE' }),
    );
    expect(outcomes(de)).toEqual({ 'VR-DE-0001@1.0.0': 'fail' });
    const vn = evaluateDccRules(vaccination({ mp: 'EU/1/20/1507' }), RULES, ctx('2021-11-01T00:00:00Z'));
    expect(outcomes(vn)['VR-DE-0001@1.0.0']).toBeUndefined();
    expect(vn.outcome).toBe('passed');
  });

  it("the issuing country's invalidation rules apply whatever the country of arrival", () => {
    const revoked = vaccination({ co: 'AT', ci: 'URN:UVCI:01:AT:REVOKED-AT-1#Q' }, { iss: 'AT' });
    expect(outcomes(evaluateDccRules(revoked, RULES, ctx('2021-11-01T00:00:00Z')))).toMatchObject({
      'IR-AT-0001@1.0.0': 'fail',
    });
    const fine = vaccination({ co: 'AT', ci: 'URN:UVCI:01:AT:GOOD-1#Q' }, { iss: 'AT' });
    expect(evaluateDccRules(fine, RULES, ctx('2021-11-01T00:00:00Z')).outcome).toBe('passed');
    // A VN certificate is not judged by Austria's invalidation rules.
    expect(
      outcomes(evaluateDccRules(vaccination(), RULES, ctx('2021-11-01T00:00:00Z')))['IR-AT-0001@1.0.0'],
    ).toBeUndefined();
  });

  it('applies the test rules to a test certificate and the recovery rules to a recovery one', () => {
    const t = evaluateDccRules(test(), RULES, ctx('2021-11-02T08:00:00Z'));
    expect(Object.keys(outcomes(t)).sort()).toEqual([
      'GR-VN-0001@1.0.0',
      'GR-VN-0002@1.0.0',
      'GR-VN-0003@1.0.0',
      'TR-VN-0001@1.0.0',
      'TR-VN-0002@1.0.0',
      'TR-VN-0003@1.0.0',
    ]);
    expect(t.outcome).toBe('passed');
    const r = evaluateDccRules(recovery(), RULES, ctx('2021-12-01T00:00:00Z'));
    expect(outcomes(r)).toMatchObject({ 'RR-VN-0001@1.0.0': 'passed' });
    expect(r.outcome).toBe('passed');
  });
});

describe('DCC business rules: outcomes', () => {
  const at = '2021-11-01T00:00:00Z';

  it('fails the rule a certificate breaks, with its description', () => {
    const r = evaluateDccRules(vaccination({ dn: 1 }), RULES, ctx(at));
    expect(r.outcome).toBe('fail');
    expect(r.results.filter((x) => x.outcome === 'fail')).toEqual([
      {
        identifier: 'VR-VN-0002',
        version: '1.0.0',
        type: 'Acceptance',
        country: 'VN',
        outcome: 'fail',
        description: 'The vaccination course is complete (dose number at least the series length).',
      },
    ]);
  });

  it('counts time from the validation clock passed in: 13 days after the dose fails, 14 passes', () => {
    expect(
      outcomes(evaluateDccRules(vaccination(), RULES, ctx('2021-10-14T23:59:59Z')))['VR-VN-0003@1.0.0'],
    ).toBe('fail');
    expect(
      outcomes(evaluateDccRules(vaccination(), RULES, ctx('2021-10-15T00:00:00Z')))['VR-VN-0003@1.0.0'],
    ).toBe('passed');
  });

  it('reads exp and value sets from external: expired, no exp, a product outside the value set', () => {
    const late = evaluateDccRules(vaccination(), RULES, ctx('2022-10-02T00:00:01Z'));
    expect(outcomes(late)['GR-VN-0003@1.0.0']).toBe('fail');
    const noExp = evaluateDccRules(vaccination({}, { exp: undefined }), RULES, ctx(at));
    expect(outcomes(noExp)['GR-VN-0003@1.0.0']).toBe('fail');
    const sputnik = evaluateDccRules(vaccination({ mp: 'Sputnik-V' }), RULES, ctx(at));
    expect(outcomes(sputnik)['VR-VN-0001@1.0.0']).toBe('fail');
    // Without the value sets the membership rules cannot pass either: `in` over null is an error.
    const bare = evaluateDccRules(vaccination(), RULES, ctx(at, { valueSets: {} }));
    expect(bare.results.find((x) => x.identifier === 'VR-VN-0001')).toMatchObject({
      outcome: 'open',
      reason: { code: 'RULE_TYPE_MISMATCH' },
    });
  });

  it('tests: 72 hours, the result, the type', () => {
    expect(evaluateDccRules(test(), RULES, ctx('2021-11-04T00:59:59Z')).outcome).toBe('passed');
    expect(outcomes(evaluateDccRules(test(), RULES, ctx('2021-11-04T01:00:00Z')))['TR-VN-0003@1.0.0']).toBe(
      'fail',
    );
    expect(
      outcomes(evaluateDccRules(test({ tr: '260373001' }), RULES, ctx('2021-11-02T00:00:00Z')))[
        'TR-VN-0002@1.0.0'
      ],
    ).toBe('fail');
    expect(
      outcomes(evaluateDccRules(test({ tt: 'LP0000-0' }), RULES, ctx('2021-11-02T00:00:00Z')))[
        'TR-VN-0001@1.0.0'
      ],
    ).toBe('fail');
  });

  it('is open, with the reason, when a rule throws, gives a non-boolean, or needs another engine', () => {
    const base = RULES[4] as DccRule; // VR-VN-0002
    const rules = [
      { ...base, Identifier: 'VR-VN-0901', Logic: { plusTime: [{ var: 'payload.v.0.dn' }, 1, 'day'] } },
      { ...base, Identifier: 'VR-VN-0902', Logic: { var: 'payload.v.0.dn' } },
      { ...base, Identifier: 'VR-VN-0903', Engine: 'JSONLOGIC' },
      { ...base, Identifier: 'VR-VN-0904', EngineVersion: '2.0.0' },
    ];
    const r = evaluateDccRules(vaccination(), rules, ctx(at));
    expect(r.outcome).toBe('open');
    expect(r.results.map((x) => [x.identifier, x.outcome, x.reason?.code])).toEqual([
      ['VR-VN-0901', 'open', 'RULE_TYPE_MISMATCH'],
      ['VR-VN-0902', 'open', 'RULE_NOT_BOOLEAN'],
      ['VR-VN-0903', 'open', 'RULE_ENGINE_UNSUPPORTED'],
      ['VR-VN-0904', 'open', 'RULE_ENGINE_UNSUPPORTED'],
    ]);
    // A failing rule outweighs open ones; no applicable rule at all is open, never passed.
    expect(evaluateDccRules(vaccination({ dn: 1 }), [...RULES, ...rules], ctx(at)).outcome).toBe('fail');
    expect(evaluateDccRules(vaccination(), [], ctx(at))).toEqual({ outcome: 'open', results: [] });
  });
});

describe('DCC business rules: hostile rule lists', () => {
  const at = ctx('2021-11-01T00:00:00Z');

  it('reports a malformed rule open (it may have applied) and never throws', () => {
    const good = RULES[4] as DccRule;
    const hostile: unknown[] = [
      null,
      'GR-VN-0001',
      42,
      [],
      {},
      { ...good, Logic: { or: [true, false] } },
      { ...good, Logic: undefined },
      { ...good, Identifier: 'VR-VN-1' },
      { ...good, Type: 'Whatever' },
      { ...good, Version: '1.0' },
      { ...good, ValidFrom: 'yesterday' },
      { ...good, ValidTo: good.ValidFrom },
      { ...good, Description: 'text' },
      { ...good, CertificateType: 'Passport' },
      { ...good, Identifier: 'x'.repeat(100_000) },
    ];
    const r = evaluateDccRules(vaccination(), hostile, at);
    expect(r.outcome).toBe('open');
    expect(r.results).toHaveLength(hostile.length);
    for (const x of r.results) {
      expect(x.outcome).toBe('open');
      expect(x.reason?.code).toBe('RULE_MALFORMED');
      expect(x.identifier.length).toBeLessThanOrEqual(40);
    }
    expect(r.results.find((x) => x.reason?.message.includes('unrecognised operator: "or"'))).toBeDefined();
    // Not even a list (a JSON download of the wrong shape): one malformed rule, open.
    const notAList = JSON.parse('{"Identifier": "VR-VN-0002"}') as unknown[];
    expect(evaluateDccRules(vaccination(), notAList, at)).toMatchObject({
      outcome: 'open',
      results: [{ identifier: 'VR-VN-0002', outcome: 'open', reason: { code: 'RULE_MALFORMED' } }],
    });
  });

  it('bounds the rules read, and reports the rest as not read', () => {
    const many = Array.from({ length: 2500 }, () => RULES[0]);
    const r = evaluateDccRules(vaccination(), many, at);
    expect(r.results.map((x) => x.reason?.code)).toEqual([undefined, 'RULE_MALFORMED']);
    expect(r.outcome).toBe('open');
  });

  it('a payload cannot reach prototypes, nor a value-set file named "__proto__"', () => {
    const payload = JSON.parse('{"__proto__": {"v": [{"dn": 9, "sd": 1}]}, "ver": "1.3.0"}') as unknown;
    const r = evaluateDccRules({ hcert: payload, claims: {} }, RULES, at);
    expect(r.results.find((x) => x.identifier === 'GR-VN-0001')?.outcome).toBe('fail'); // no event at all
    const sets = dccRuleValueSets([
      JSON.parse('{"valueSetId": "__proto__", "valueSetValues": {"x": {}}}'),
      { valueSetId: 'covid-19-lab-result', valueSetValues: { '260415000': {}, '260373001': {} } },
      'junk',
      null,
    ]);
    expect(Object.keys(sets).sort()).toEqual(['__proto__', 'covid-19-lab-result']);
    expect(Object.getPrototypeOf(sets)).toBeNull();
    expect(evaluateCertLogic({ var: '__proto__' }, { external: sets })).toBeNull();
    expect(() => evaluateDccRules(vaccination(), RULES, { ...at, at: new Date('nope') })).toThrow(
      /not a valid instant/,
    );
  });
});

/** An `HC1:` text of `input`, ES256-signed by a fresh key; `keys` trusts that key. */
async function hc1Of(input: DccRuleInput): Promise<{ text: string; keys: DccKeySource }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const kid = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const header = encodeCbor(
    new Map<CborValue, CborValue>([
      [1, -7],
      [4, kid],
    ]),
  );
  const payload = encodeCbor(
    new Map<CborValue, CborValue>([
      [1, input.claims.iss!],
      [6, input.claims.iat!],
      [4, input.claims.exp!],
      [-260, new Map<CborValue, CborValue>([[1, input.hcert as CborValue]])],
    ]),
  );
  const toSign = encodeCbor(['Signature1', header, new Uint8Array(0), payload]);
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, toSign as BufferSource),
  );
  const cose = encodeCbor(new CborTag(18, [header, new Map(), payload, signature]));
  return {
    text: 'HC1:' + base45Encode(zlibSync(cose)),
    keys: { lookup: () => [{ publicKey: pair.publicKey }] },
  };
}

describe('DCC business rules through read()', () => {
  const at = new Date('2021-11-01T00:00:00Z');
  const vn = { countryCode: 'VN', valueSets: VALUE_SETS };

  it('without rules, the result is as before: no rules key', async () => {
    const { text, keys } = await hc1Of(vaccination());
    const r = await read(text, { at, dccKeys: keys });
    expect(r.signature.state).toBe('valid');
    expect('rules' in r).toBe(false);
    expect('rules' in (await read(text, { at, rulesContext: vn }))).toBe(false);
  });

  it('with rules: the per-rule outcomes evaluateDccRules gives, beside an unchanged verification', async () => {
    const { text, keys } = await hc1Of(vaccination());
    const r = await read(text, { at, dccKeys: keys, rules: RULES, rulesContext: vn });
    expect(r.signature.state).toBe('valid');
    expect(r.errors).toEqual([]);
    expect(r.rules).toEqual(evaluateDccRules(vaccination(), RULES, ctx('2021-11-01T00:00:00Z')));
    expect(r.rules!.outcome).toBe('passed');
    expect(outcomes(r.rules!)).toMatchObject({ 'VR-VN-0001@1.0.0': 'passed', 'GR-VN-0003@1.0.0': 'passed' });
    // Untrusted (no keys) is read all the same: the rules do not depend on the signature.
    const bare = await read(text, { at, rules: RULES, rulesContext: vn });
    expect([bare.signature.state, bare.rules]).toEqual(['untrusted', r.rules]);
  });

  it('a failing rule is reported, names its rule, and leaves the signature and errors alone', async () => {
    const { text, keys } = await hc1Of(vaccination({ dn: 1 }));
    const july = new Date('2022-07-01T00:00:00Z');
    const r = await read(text, { at: july, dccKeys: keys, rules: RULES, rulesContext: vn });
    expect(r.signature.state).toBe('valid');
    expect(r.rules!.outcome).toBe('fail');
    const failed = r.rules!.results.filter((x) => x.outcome === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((x) => typeof x.description === 'string')).toBe(true);
    expect(r.rules).toEqual(evaluateDccRules(vaccination({ dn: 1 }), RULES, ctx('2022-07-01T00:00:00Z')));
  });

  it('value sets default to the embedded EU release; no country of arrival runs only invalidation rules', async () => {
    const { text } = await hc1Of(vaccination());
    const embedded = await read(text, { at, rules: RULES, rulesContext: { countryCode: 'VN' } });
    expect(embedded.rules).toEqual(evaluateDccRules(vaccination(), RULES, ctx('2021-11-01T00:00:00Z')));
    const nowhere = await read(text, { at, rules: RULES });
    expect(nowhere.rules!.results.every((x) => x.type === 'Invalidation')).toBe(true);
    // Another country of arrival: its acceptance rules, not Viet Nam's.
    const de = await read(text, {
      at,
      rules: RULES,
      rulesContext: { countryCode: 'DE', valueSets: VALUE_SETS },
    });
    expect(de.rules!.results.every((x) => x.country === 'DE' || x.type === 'Invalidation')).toBe(true);
  });

  it('a hostile rule list is open, never a pass; an undecodable DCC carries no rules', async () => {
    const { text } = await hc1Of(vaccination());
    const r = await read(text, {
      at,
      rules: [{ Identifier: '__proto__' }, 42] as unknown[],
      rulesContext: vn,
    });
    expect(r.rules!.outcome).toBe('open');
    expect(r.rules!.results.map((x) => x.reason?.code)).toEqual(['RULE_MALFORMED', 'RULE_MALFORMED']);
    const broken = await read('HC1:NCFOXN%TS3DH', { at, rules: RULES, rulesContext: vn });
    expect(broken.kind).toBe('dcc');
    expect(broken.rules).toBeUndefined();
  });
});

describe('DCC business rules in Chromium', () => {
  const browser = useQrPage();

  it('answer as in Node: open, fail, passed', async () => {
    const page = browser();
    const cases = [
      { input: vaccination(), at: '2021-11-01T00:00:00Z' },
      { input: vaccination({ dn: 1 }), at: '2022-07-01T00:00:00Z' },
      { input: test(), at: '2021-11-02T00:00:00Z' },
    ];
    const rules = [
      ...RULES,
      { ...(RULES[4] as DccRule), Identifier: 'VR-VN-0902', Logic: { var: 'payload.v.0.dn' } },
    ];
    const inBrowser = await page.page.evaluate(
      ({ cases, rules, valueSets }) => {
        const Q = (globalThis as unknown as { OneQR: typeof qr }).OneQR;
        return cases.map((c) =>
          Q.evaluateDccRules(c.input, rules, { at: new Date(c.at), countryCode: 'VN', valueSets }),
        );
      },
      { cases, rules, valueSets: VALUE_SETS },
    );
    const inNode = cases.map((c) => evaluateDccRules(c.input, rules, ctx(c.at)));
    expect(inBrowser.map((r) => r.outcome)).toEqual(['open', 'fail', 'passed']);
    expect(inBrowser).toEqual(JSON.parse(JSON.stringify(inNode)));
    expect(page.pageErrors).toEqual([]);
  });
});

const dccRoot = optionalShared('testdata/dcc', 'the fixture DCC rules over the EU test vectors') ?? '';
const valueSetDir =
  optionalShared('testdata/dcc-schema/valuesets', 'the EU value sets for the DCC rules') ?? '';

describe.skipIf(dccRoot === '' || valueSetDir === '')('DCC business rules over the EU test vectors', () => {
  it('evaluate every decodable vector at its validation clock; EXPECTEDEXPIRATIONCHECK true ⇒ GR-VN-0003 passes', () => {
    const valueSets = dccRuleValueSets(
      readdirSync(valueSetDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(valueSetDir, f), 'utf8')) as unknown),
    );
    expect(valueSets['vaccines-covid-19-names']).toContain('EU/1/20/1528');
    const tally = { vectors: 0, decoded: 0, passed: 0, fail: 0, open: 0, expiryChecked: 0 };
    for (const country of readdirSync(dccRoot).sort()) {
      const dir = path.join(dccRoot, country, '2DCode', 'raw');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        tally.vectors += 1;
        const v = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
          PREFIX?: string;
          TESTCTX: { VALIDATIONCLOCK?: string };
          EXPECTEDRESULTS: Record<string, boolean>;
        };
        const layers = typeof v.PREFIX === 'string' ? decodeDccLayers(v.PREFIX).layers : undefined;
        if (layers === undefined || v.TESTCTX.VALIDATIONCLOCK === undefined) continue;
        tally.decoded += 1;
        // The clock's quirks (no offset, +hhmm, 9 fraction digits) are CertLogic date-times.
        const at = evaluateCertLogic({ plusTime: [v.TESTCTX.VALIDATIONCLOCK, 0, 'hour'] }, null) as Date;
        const r = evaluateDccRules(layers, RULES, { at, countryCode: 'VN', valueSets });
        tally[r.outcome] += 1;
        for (const x of r.results) expect(x.reason?.code, `${country}/${file}`).not.toBe('RULE_MALFORMED');
        if (v.EXPECTEDRESULTS.EXPECTEDEXPIRATIONCHECK === true) {
          tally.expiryChecked += 1;
          expect(r.results.find((x) => x.identifier === 'GR-VN-0003')?.outcome, `${country}/${file}`).toBe(
            'passed',
          );
        }
      }
    }
    console.info(
      `[dcc-rules] ${tally.vectors} vectors, ${tally.decoded} decoded and evaluated at their clock: ` +
        `${tally.passed} passed, ${tally.fail} fail, ${tally.open} open; ` +
        `${tally.expiryChecked} with EXPECTEDEXPIRATIONCHECK true pass GR-VN-0003`,
    );
    expect(tally.decoded).toBeGreaterThan(50);
    expect(tally.expiryChecked).toBeGreaterThan(0);
  });
});
