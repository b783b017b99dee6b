/**
 * DCC schema validation and value-set names: made fixtures for the leniencies and the attack
 * cases; the EU's own schema test cases and the embedded copy's provenance when ../shared is there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionalShared } from '../../../../../test-support/shared-data.ts';
import {
  DCC_SCHEMA_VERSIONS,
  dccDisplayName,
  dccSchemaVersionFor,
  isInactiveDccCode,
  validateDccSchema,
  withDccDisplayNames,
} from './content.ts';
import type { Json } from './json.ts';
import type { DccFields } from './types.ts';

const TEST: { [k: string]: Json } = {
  ver: '1.3.0',
  nam: { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Văn An', gnt: 'VAN<AN' },
  dob: '1990-01-02',
  t: [
    {
      tg: '840539006',
      tt: 'LP217198-3',
      ma: '1232',
      sc: '2021-06-11T17:30:00Z',
      tr: '260415000',
      tc: 'Bệnh viện Bạch Mai',
      co: 'VN',
      is: 'Bộ Y tế',
      ci: 'URN:UVCI:01:VN:TEST0001',
    },
  ],
};
const withSc = (sc: Json): Json => ({ ...TEST, t: [{ ...(TEST['t'] as { [k: string]: Json }[])[0]!, sc }] });
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('validateDccSchema', () => {
  it('embeds every published release, 1.0.0 to 1.3.3', () => {
    expect(DCC_SCHEMA_VERSIONS[0]).toBe('1.0.0');
    expect(DCC_SCHEMA_VERSIONS).toContain('1.2.1');
    expect(DCC_SCHEMA_VERSIONS[DCC_SCHEMA_VERSIONS.length - 1]).toBe('1.3.3');
  });

  it('chooses the schema by the DCC’s own ver: exact, same minor, same major, else the newest', () => {
    expect(dccSchemaVersionFor('1.2.1')).toBe('1.2.1');
    expect(dccSchemaVersionFor('1.3.9')).toBe('1.3.3');
    expect(dccSchemaVersionFor('1.0.7')).toBe('1.0.1');
    expect(dccSchemaVersionFor('1.9.0')).toBe('1.3.3');
    expect(dccSchemaVersionFor('2.0.0')).toBe('1.3.3');
    for (const odd of [undefined, null, 1.3, 'x', '', '__proto__'])
      expect(dccSchemaVersionFor(odd)).toBe('1.3.3');
  });

  it('accepts a valid test certificate', () => {
    expect(validateDccSchema(TEST)).toEqual([]);
  });

  it('leniency: date-time offsets Z, ±hh, ±hhmm, ±hh:mm and any fraction digits', () => {
    for (const sc of [
      '2021-06-11T17:30:00Z',
      '2021-06-11T17:30:00+02',
      '2021-06-11T17:30:00+0200',
      '2021-06-11T17:30:00-02:00',
      '2021-06-11T17:30:00.123Z',
      '2021-05-25T18:33:59.7315849+03:00',
    ])
      expect(validateDccSchema(withSc(sc)), sc).toEqual([]);
  });

  it('refuses what is no date-time at all, naming the field', () => {
    for (const sc of [
      'abcde',
      '2021-06-11',
      '2021-13-11T17:30:00Z',
      '2021-06-11T25:30:00Z',
      '2021-06-11T17:30:00',
      1623432600,
    ]) {
      const found = validateDccSchema(withSc(sc));
      expect(codes(found), String(sc)).toContain('DCC_SCHEMA');
      expect(found[0]!.field).toBe('t.0.sc');
      expect(found[0]!.message).toMatch(/^Schema 1\.3\.0: t\.0\.sc: /);
    }
  });

  it('names the missing required field and the release it checked against', () => {
    const noDob = { ...TEST };
    delete noDob['dob'];
    const found = validateDccSchema(noDob);
    expect(found).toEqual([
      expect.objectContaining({
        code: 'DCC_SCHEMA',
        field: 'hcert',
        message: expect.stringContaining('"dob"'),
      }),
    ]);
    // An explicit release overrides `ver` (EXPECTEDVALIDOBJECT checks against TESTCTX.SCHEMA).
    const yearOnly = { ...TEST, dob: '1990' }; // a partial date: allowed from 1.1.0 on
    expect(validateDccSchema(yearOnly)).toEqual([]);
    expect(validateDccSchema(yearOnly, { version: '1.0.0' })[0]?.message ?? '').toMatch(
      /^Schema 1\.0\.0: dob: /,
    );
  });

  it('1.3.x: exactly one of v, t, r', () => {
    const both = {
      ...TEST,
      r: [
        {
          tg: '840539006',
          fr: '2021-01-01',
          co: 'VN',
          is: 'x',
          df: '2021-01-01',
          du: '2021-06-01',
          ci: 'URN:UVCI:01:VN:R1',
        },
      ],
    };
    expect(codes(validateDccSchema(both))).toContain('DCC_SCHEMA');
  });

  it('a payload of thousands of entries is not walked by the validator (its work grows faster than the payload)', () => {
    // Attack: a 400-character HC1 inflates to 20,000 empty entries; validating them cost a second
    // of CPU per scan, before any signature check.
    const flood: Json = { ...TEST, v: Array.from({ length: 20_000 }, () => ({})) };
    expect(validateDccSchema(flood)).toEqual([
      expect.objectContaining({
        code: 'DCC_SCHEMA',
        field: 'hcert',
        message: expect.stringContaining('not checked'),
      }),
    ]);
  });

  it('hostile payloads: at most five warnings, never a throw, whatever the shape', () => {
    const many: Json = { ...TEST, t: Array.from({ length: 500 }, () => ({ sc: 1 })) };
    expect(validateDccSchema(many).length).toBe(5);
    let deep: Json = 'x';
    for (let i = 0; i < 200; i++) deep = { nam: deep };
    for (const odd of [
      null,
      0,
      'HC1:',
      [],
      [TEST],
      { __proto__: { ver: '1.3.0' } } as Json,
      { ver: '1.3.0', constructor: 1 },
      deep,
    ])
      expect(codes(validateDccSchema(odd)), JSON.stringify(odd).slice(0, 40)).toContain('DCC_SCHEMA');
  });
});

describe('EU value-set display names', () => {
  it('names known codes, leaves unknown ones (and inherited keys) unnamed', () => {
    expect(dccDisplayName('vaccines-covid-19-names', 'EU/1/20/1528')).toBe('Comirnaty');
    expect(dccDisplayName('disease-agent-targeted', '840539006')).toBe('COVID-19');
    expect(dccDisplayName('country-2-codes', 'VN')).toBe('Viet Nam');
    expect(dccDisplayName('covid-19-lab-result', '260415000')).toBe('Not detected');
    for (const code of ['XX', '__proto__', 'constructor', 'toString', ''])
      expect(dccDisplayName('country-2-codes', code)).toBeUndefined();
    expect(dccDisplayName('country-2-codes', undefined)).toBeUndefined();
  });

  it('knows which codes the EU retired', () => {
    expect(isInactiveDccCode('vaccines-covid-19-names', 'EU/1/20/1528')).toBe(false);
    expect(isInactiveDccCode('country-2-codes', 'nope')).toBe(false);
  });

  it('adds names to each entry without changing the input', () => {
    const fields: DccFields = {
      name: {},
      certificateIds: [],
      vaccinations: [
        { product: 'EU/1/20/1528', manufacturer: 'ORG-100030215', country: 'VN', doseNumber: 2 },
      ],
      tests: [{ testType: 'LP6464-4', result: '260373001', manufacturer: 'nope' }],
      recoveries: [{ targetDisease: '840539006' }],
    };
    const named = withDccDisplayNames(fields);
    expect(named.vaccinations?.[0]?.names).toEqual({
      product: 'Comirnaty',
      manufacturer: 'Biontech Manufacturing GmbH',
      country: 'Viet Nam',
    });
    expect(named.tests?.[0]?.names).toEqual({
      testType: 'Nucleic acid amplification with probe detection',
      result: 'Detected',
    });
    expect(named.recoveries?.[0]?.names).toEqual({ targetDisease: 'COVID-19' });
    expect(fields.vaccinations?.[0]).not.toHaveProperty('names');
  });
});

const schemaTests =
  optionalShared('testdata/dcc-schema/schema-tests-1.3.3', 'the EU DCC schema test cases') ?? '';

describe.skipIf(schemaTests === '')('the EU’s schema test cases (release 1.3.3)', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) files.push(full);
    }
  };
  if (schemaTests !== '') walk(schemaTests);
  it('holds cases (valid, invalid and examples)', () => expect(files.length).toBeGreaterThan(20));
  for (const file of files) {
    const rel = path.relative(schemaTests, file);
    const valid = !rel.startsWith('test/invalid/');
    it(`${rel}: ${valid ? 'valid' : 'invalid'}`, () => {
      const found = validateDccSchema(JSON.parse(readFileSync(file, 'utf8')) as Json, { version: '1.3.3' });
      expect(found.length === 0, found.map((f) => f.message).join('; ')).toBe(valid);
    });
  }
});

const sharedRoot = optionalShared('testdata/dcc-schema', 'the DCC schema and value-set sources') ?? '';

describe('embedded schema annotations', () => {
  it('are dropped, but a property or definition named like one is kept', async () => {
    const { withoutAnnotations } = await import('../../../../../scripts/gen-dcc-data.ts');
    const schema = {
      title: 'x',
      description: 'y',
      properties: { title: { type: 'string', description: 'z', examples: ['a'] } },
      $defs: { description: { $comment: 'c', enum: ['title'] } },
    };
    expect(withoutAnnotations(schema)).toEqual({
      properties: { title: { type: 'string' } },
      $defs: { description: { enum: ['title'] } },
    });
  });
});

describe.skipIf(sharedRoot === '')('embedded DCC data', () => {
  it('is what scripts/gen-dcc-data.ts generates from ../shared (run it after a data update)', async () => {
    const { DCC_DATA_DIR, generate } = await import('../../../../../scripts/gen-dcc-data.ts');
    const files = await generate(path.resolve(sharedRoot, '../..'));
    for (const [name, text] of Object.entries(files))
      expect(readFileSync(path.join(DCC_DATA_DIR, name), 'utf8'), name).toBe(text);
  });
});
