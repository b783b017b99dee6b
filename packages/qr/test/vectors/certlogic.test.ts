/**
 * The CertLogic engine against the published CertLogic 1.3.3 suites (evaluation: 232 assertions
 * in 60 cases; validation), in Node and in headless Chromium (the library bundled for the
 * browser, e2e/browser/qr-page.ts), each run printing its counts; then the behaviour the rule
 * documents rely on, which needs no shared data.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evaluateCertLogic, validateCertLogic, RuleEngineError } from '../../src/index.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import { useQrPage } from '../browser-page.ts';
import {
  describeTally,
  loadCertLogicSuites,
  runCertLogicSuites,
  tallyCertLogicRun,
  type CertLogicSuites,
  type SuiteRun,
  type SuiteTally,
} from './certlogic-suite.ts';

const certlogicDir = optionalShared('testdata/certlogic', 'the CertLogic conformance suites') ?? '';
const hasSuite = certlogicDir !== '';
const suites: CertLogicSuites = hasSuite
  ? loadCertLogicSuites(certlogicDir)
  : { files: 0, cases: 0, assertions: [], validations: [] };

function expectAllPass(t: SuiteTally): void {
  expect(t.failed).toEqual([]);
  expect(t.validationFailed).toEqual([]);
  expect(t.assertions).toBe(232);
  expect(t.cases).toBe(60);
  expect(t.passed + t.skipped).toBe(t.assertions);
  // The suites skip 14 on purpose: JsonLogic behaviours CertLogic 1.3.3 does not have.
  expect(t.skipped).toBe(14);
}

describe.skipIf(!hasSuite)('CertLogic conformance suites', () => {
  const browser = useQrPage();

  it('in Node', () => {
    const run = runCertLogicSuites({ evaluateCertLogic, validateCertLogic }, suites);
    const tally = tallyCertLogicRun(suites, run, isDeepStrictEqual);
    console.info(describeTally('Node', tally));
    expectAllPass(tally);
  });

  it('in Chromium, with the library bundled for the browser', async () => {
    const page = browser();
    // The runner goes in as source text and runs on the page's own global, `OneQR`.
    const run = (await page.page.evaluate(
      `(${runCertLogicSuites.toString()})(globalThis.OneQR, ${JSON.stringify(suites)})`,
    )) as SuiteRun;
    const tally = tallyCertLogicRun(suites, run, isDeepStrictEqual);
    console.info(describeTally('Chromium', tally));
    expectAllPass(tally);
    // Same values, assertion by assertion, as in Node.
    expect(run).toEqual(runCertLogicSuites({ evaluateCertLogic, validateCertLogic }, suites));
    expect(page.pageErrors).toEqual([]);
    expect(page.requests).toEqual([]);
  });
});

describe('CertLogic engine: what the rule documents rely on', () => {
  it('refuses an unknown operator with a clear error (CertLogic has no "or")', () => {
    const run = (): unknown => evaluateCertLogic({ or: [true, false] }, {});
    expect(run).toThrow(RuleEngineError);
    expect(run).toThrow('unrecognised operator: "or"');
    try {
      run();
    } catch (err) {
      expect((err as RuleEngineError).code).toBe('RULE_UNKNOWN_OPERATOR');
    }
  });

  it('checks arity before evaluating operands', () => {
    expect(() => evaluateCertLogic({ if: [true, 1] }, {})).toThrow('"if" takes 3 operand(s), got 2');
    expect(() => evaluateCertLogic({ plusTime: ['2021-01-01', 1, 'week'] }, {})).toThrow(
      'unit must be one of',
    );
  });

  it('compares date-times only with date-times, integers only with integers', () => {
    expect(() => evaluateCertLogic({ before: ['2021-01-01', '2021-01-02'] }, {})).toThrow(
      'must be date-times',
    );
    expect(() => evaluateCertLogic({ '<': [{ var: 'a' }, 1] }, { a: null })).toThrow('must be integers');
  });

  it('parses every offset form and truncates sub-milliseconds', () => {
    const at = (s: string): string =>
      (evaluateCertLogic({ plusTime: [s, 0, 'hour'] }, {}) as Date).toISOString();
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
    expect(evaluateCertLogic(expr, { xs: [1, 2, 3] })).toBe(6);
    expect(
      evaluateCertLogic({ reduce: [{ var: 'xs' }, { var: 'data' }, 'init'] }, { xs: [1], data: 'x' }),
    ).toBeNull();
  });

  it('refuses expressions nested deeper than the bound', () => {
    let deep: unknown = true;
    for (let i = 0; i < 100; i++) deep = { '!': [deep] };
    expect(() => evaluateCertLogic(deep, {})).toThrow('nested deeper');
    expect(validateCertLogic(deep)[0]).toContain('nested deeper');
  });

  it('reads only own properties: a hostile path reaches no prototype', () => {
    expect(evaluateCertLogic({ var: '__proto__' }, {})).toBeNull();
    expect(evaluateCertLogic({ var: 'constructor.name' }, {})).toBeNull();
    expect(evaluateCertLogic({ var: 'a.length' }, { a: 'abc' })).toBeNull();
  });
});
