/**
 * The colour-rule evaluator against the published CertLogic 1.3.3 suites (evaluation and
 * validation), plus the behaviour the colour rules rely on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, validateExpression, RuleEngineError } from '../../src/health/rule-engine.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';

const certlogicDir = optionalShared('testdata/certlogic', 'the CertLogic conformance suites') ?? '';
const hasSuite = certlogicDir !== '';

interface Assertion {
  data?: unknown;
  certLogicExpression?: unknown;
  expected: unknown;
  message?: string;
  directive?: string;
}
interface Case {
  name: string;
  certLogicExpression?: unknown;
  directive?: string;
  assertions: Assertion[];
}
interface Suite {
  name: string;
  directive?: string;
  cases: Case[];
}

/** Date results compare by instant; everything else structurally. */
const normalise = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);

describe.skipIf(!hasSuite)('CertLogic evaluation test suite', () => {
  const dir = path.join(certlogicDir, 'testSuite');
  const files = hasSuite ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  for (const file of files) {
    const suite = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Suite;
    describe.skipIf(suite.directive === 'skip')(`${file}: ${suite.name}`, () => {
      suite.cases.forEach((c, ci) => {
        const runnable = c.assertions.filter((a) => a.directive !== 'skip');
        it.skipIf(c.directive === 'skip' || runnable.length === 0)(`#${ci} ${c.name}`, () => {
          for (const a of runnable) {
            const expr = a.certLogicExpression ?? c.certLogicExpression;
            expect(normalise(evaluate(expr, a.data ?? null)), a.message ?? JSON.stringify(a.data)).toEqual(
              a.expected,
            );
          }
        });
      });
    });
  }
});

describe.skipIf(!hasSuite)('CertLogic validation test suite', () => {
  const dir = path.join(certlogicDir, 'validation-testSuite');
  const files = hasSuite ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  for (const file of files) {
    const suite = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
      cases: { certLogicExpression: unknown; issues: { message: string }[] }[];
    };
    it(file, () => {
      for (const c of suite.cases) {
        const issues = validateExpression(c.certLogicExpression);
        expect(issues.length > 0, JSON.stringify(c.certLogicExpression)).toBe(c.issues.length > 0);
        // The reference names the operator generically ("<operator>"); ours names it.
        const want = c.issues[0]?.message;
        if (want && !want.includes('<operator>')) expect(issues[0]).toContain(want);
      }
    });
  }
});

describe('rule engine: what the colour rules rely on', () => {
  it('refuses an unknown operator with a clear error (CertLogic has no "or")', () => {
    const run = (): unknown => evaluate({ or: [true, false] }, {});
    expect(run).toThrow(RuleEngineError);
    expect(run).toThrow('unrecognised operator: "or"');
    try {
      run();
    } catch (err) {
      expect((err as RuleEngineError).code).toBe('RULE_UNKNOWN_OPERATOR');
    }
  });

  it('checks arity before evaluating operands', () => {
    expect(() => evaluate({ if: [true, 1] }, {})).toThrow('"if" takes 3 operand(s), got 2');
    expect(() => evaluate({ plusTime: ['2021-01-01', 1, 'week'] }, {})).toThrow('unit must be one of');
  });

  it('compares date-times only with date-times, integers only with integers', () => {
    expect(() => evaluate({ before: ['2021-01-01', '2021-01-02'] }, {})).toThrow('must be date-times');
    expect(() => evaluate({ '<': [{ var: 'a' }, 1] }, { a: null })).toThrow('must be integers');
  });

  it('parses every offset form and truncates sub-milliseconds', () => {
    const at = (s: string): string => (evaluate({ plusTime: [s, 0, 'hour'] }, {}) as Date).toISOString();
    expect(at('2021-10-01T07:00:00+7')).toBe('2021-10-01T00:00:00.000Z');
    expect(at('2021-10-01T07:30:00+0730')).toBe('2021-10-01T00:00:00.000Z');
    expect(at('2021-10-01T07:30:00+730')).toBe('2021-10-01T00:00:00.000Z');
    expect(at('2021-10-01T00:00:00-07:00')).toBe('2021-10-01T07:00:00.000Z');
    expect(at('2021-10-01T00:00:00.123999Z')).toBe('2021-10-01T00:00:00.123Z');
    expect(at('2021-10-01T00:00:00')).toBe('2021-10-01T00:00:00.000Z');
    expect(() => at('2021-02-30')).toThrow(RuleEngineError);
  });

  it('reduce gives the lambda only current and accumulator', () => {
    const expr = { reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] };
    expect(evaluate(expr, { xs: [1, 2, 3] })).toBe(6);
    expect(evaluate({ reduce: [{ var: 'xs' }, { var: 'data' }, 'init'] }, { xs: [1], data: 'x' })).toBeNull();
  });

  it('refuses expressions nested deeper than the bound', () => {
    let deep: unknown = true;
    for (let i = 0; i < 100; i++) deep = { '!': [deep] };
    expect(() => evaluate(deep, {})).toThrow('nested deeper');
    expect(validateExpression(deep)[0]).toContain('nested deeper');
  });
});
