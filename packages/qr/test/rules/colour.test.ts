/**
 * Colour rule sets (SPEC §5) in the library: the clause checks a province's rule set must pass
 * before it is stored, and the first-match decision a scanner makes offline. The province files
 * themselves are exercised end to end by packages/server/test/health/colour.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decideColour, validateColourClauses, type ColourClause, type ColourData } from '../../src/index.ts';

const DATA: ColourData = {
  now: '2021-11-01T00:00:00.000Z',
  vaccinations: [{ date: '2021-10-01T00:00:00+07:00', dose: 1, totalDoses: 2, product: 'EU/1/21/1529' }],
  tests: [{ type: 'pcr', result: 'negative', sampledAt: '2021-10-31T08:00:00.000Z' }],
  case: { status: 'none', since: null, recoveredCertificateAt: null },
  contacts: { lastCloseContactAt: null },
};

/** Red for an F0, yellow for a first dose 14 days old, else red. */
const CLAUSES: ColourClause[] = [
  { id: 'active-case', colour: 'red', when: { '===': [{ var: 'case.status' }, 'f0'] } },
  {
    id: 'first-dose-14d',
    colour: 'yellow',
    // Null-safe, as every clause must be: the dry run has a person with no dose.
    when: {
      if: [
        { var: 'vaccinations.0' },
        {
          'not-before': [
            { plusTime: [{ var: 'now' }, 0, 'day'] },
            { plusTime: [{ var: 'vaccinations.0.date' }, 14, 'day'] },
          ],
        },
        false,
      ],
    },
  },
  { id: 'fallback', colour: 'red', when: true },
];

describe('colour rule sets', () => {
  it('the first clause whose `when` is truthy decides', () => {
    expect(decideColour(CLAUSES, DATA).id).toBe('first-dose-14d');
    expect(decideColour(CLAUSES, { ...DATA, case: { ...DATA.case, status: 'f0' } }).id).toBe('active-case');
    expect(decideColour(CLAUSES, { ...DATA, now: '2021-10-14T00:00:00.000Z' }).id).toBe('fallback');
  });

  it('accepts a well-formed rule set', () => {
    expect(validateColourClauses(CLAUSES)).toEqual([]);
  });

  it('refuses: no fallback, a duplicate id, an unknown colour, an unknown operator, a rule that throws on real data', () => {
    expect(validateColourClauses(CLAUSES.slice(0, 2))).toEqual([
      'clauses[1].when: the last clause must be the fallback, "when": true',
    ]);
    expect(validateColourClauses([CLAUSES[0], CLAUSES[0], CLAUSES[2]])).toEqual([
      'clauses[1].id: "active-case" is used twice',
    ]);
    expect(validateColourClauses([{ ...CLAUSES[0], colour: 'blue' }, CLAUSES[2]])[0]).toMatch(
      /^clauses\[0\]\.colour/,
    );
    expect(validateColourClauses([{ ...CLAUSES[0], when: { or: [true, false] } }, CLAUSES[2]])).toEqual([
      'clauses[0].when: unrecognised operator: "or"',
    ]);
    // Valid CertLogic, but `<` on a date-time string throws on the dry-run data.
    const throws = { id: 'bad', colour: 'green', when: { '<': [{ var: 'now' }, 1] } };
    expect(validateColourClauses([throws, CLAUSES[2]])[0]).toMatch(/^dry run: .*must be integers/);
    expect(validateColourClauses('nope')).toEqual(['clauses: must be a non-empty array']);
  });
});
