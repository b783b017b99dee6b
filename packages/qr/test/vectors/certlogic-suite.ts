/**
 * The published CertLogic 1.3.3 conformance suites (../shared/testdata/certlogic), flattened
 * into plain JSON items so the same list runs in Node and in a browser page, and the runner that
 * evaluates them with a given engine. The runner is self-contained (no imports, no closures)
 * because Playwright sends it into the page as source text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One evaluation assertion of testSuite/*.json. */
export interface EvalItem {
  /** `<file> › <case> #<assertion>`, for failure messages. */
  where: string;
  expr: unknown;
  data: unknown;
  expected: unknown;
  /** Why the suite itself skips it (its `directive: "skip"`), or null when it runs. */
  skipped: string | null;
}

/** One case of validation-testSuite/*.json. */
export interface ValidationItem {
  where: string;
  expr: unknown;
  /** The reference message of the first issue; undefined when the expression is valid. */
  firstIssue: string | undefined;
}

export interface CertLogicSuites {
  files: number;
  cases: number;
  assertions: EvalItem[];
  validations: ValidationItem[];
}

interface SuiteFile {
  name: string;
  directive?: string;
  cases: {
    name: string;
    certLogicExpression?: unknown;
    directive?: string;
    assertions: { data?: unknown; certLogicExpression?: unknown; expected: unknown; directive?: string }[];
  }[];
}

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

/** Reads both suites from the certlogic folder. */
export function loadCertLogicSuites(certlogicDir: string): CertLogicSuites {
  const evalDir = path.join(certlogicDir, 'testSuite');
  const assertions: EvalItem[] = [];
  let cases = 0;
  const files = jsonFiles(evalDir);
  for (const file of files) {
    const suite = JSON.parse(readFileSync(path.join(evalDir, file), 'utf8')) as SuiteFile;
    suite.cases.forEach((c, ci) => {
      cases += 1;
      c.assertions.forEach((a, ai) => {
        const skip =
          suite.directive === 'skip'
            ? `suite "${suite.name}" is skipped by its directive`
            : c.directive === 'skip'
              ? `case "${c.name}" is skipped by its directive`
              : a.directive === 'skip'
                ? 'assertion skipped by its directive'
                : null;
        assertions.push({
          where: `${file} › #${ci} ${c.name} #${ai}`,
          expr: a.certLogicExpression ?? c.certLogicExpression,
          data: a.data ?? null,
          expected: a.expected,
          skipped: skip,
        });
      });
    });
  }
  const valDir = path.join(certlogicDir, 'validation-testSuite');
  const validations: ValidationItem[] = [];
  for (const file of jsonFiles(valDir)) {
    const suite = JSON.parse(readFileSync(path.join(valDir, file), 'utf8')) as {
      cases: { certLogicExpression: unknown; issues: { message: string }[] }[];
    };
    suite.cases.forEach((c, ci) =>
      validations.push({
        where: `${file} #${ci}`,
        expr: c.certLogicExpression,
        firstIssue: c.issues[0]?.message,
      }),
    );
  }
  return { files: files.length, cases, assertions, validations };
}

/** What one engine made of the suites: evaluated values (dates as ISO strings) and issues. */
export interface SuiteRun {
  /** Per assertion: the value, or the error's code and message. Null for a skipped one. */
  values: ({ value: unknown } | { error: string } | null)[];
  /** Per validation case: the issues found. */
  issues: string[][];
}

/** The engine functions the runner needs (the @oneqr/qr exports of the same name). */
export interface Engine {
  evaluateCertLogic(expr: unknown, data: unknown): unknown;
  validateCertLogic(expr: unknown): string[];
}

/**
 * Runs every non-skipped assertion and every validation case. Sent into the browser as source
 * text, so it must use nothing from its module.
 */
export function runCertLogicSuites(
  engine: Engine,
  items: { assertions: EvalItem[]; validations: ValidationItem[] },
): SuiteRun {
  const values = items.assertions.map((a) => {
    if (a.skipped !== null) return null;
    try {
      const v = engine.evaluateCertLogic(a.expr, a.data);
      return { value: v instanceof Date ? v.toISOString() : v };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { error: `${e.code ?? 'Error'}: ${e.message ?? String(err)}` };
    }
  });
  const issues = items.validations.map((c) => engine.validateCertLogic(c.expr));
  return { values, issues };
}

export interface SuiteTally {
  assertions: number;
  cases: number;
  files: number;
  passed: number;
  failed: string[];
  skipped: number;
  validations: number;
  validationFailed: string[];
}

/** Compares a run with the expectations: value equality, and the validation verdicts. */
export function tallyCertLogicRun(
  suites: CertLogicSuites,
  run: SuiteRun,
  equal: (a: unknown, b: unknown) => boolean,
): SuiteTally {
  const failed: string[] = [];
  let passed = 0;
  let skipped = 0;
  suites.assertions.forEach((a, i) => {
    const got = run.values[i];
    if (a.skipped !== null || got === null || got === undefined) {
      skipped += 1;
      return;
    }
    if ('value' in got && equal(got.value, a.expected)) passed += 1;
    else
      failed.push(
        `${a.where}: expected ${JSON.stringify(a.expected)}, got ${JSON.stringify('value' in got ? got.value : got.error)}`,
      );
  });
  const validationFailed: string[] = [];
  suites.validations.forEach((c, i) => {
    const found = run.issues[i] ?? [];
    const wantInvalid = c.firstIssue !== undefined;
    // The reference names the operator generically ("<operator>"); ours names it.
    const messageOk =
      !wantInvalid || c.firstIssue!.includes('<operator>') || (found[0] ?? '').includes(c.firstIssue!);
    if (found.length > 0 !== wantInvalid || !messageOk)
      validationFailed.push(`${c.where}: expected ${c.firstIssue ?? 'valid'}, got ${JSON.stringify(found)}`);
  });
  return {
    assertions: suites.assertions.length,
    cases: suites.cases,
    files: suites.files,
    passed,
    failed,
    skipped,
    validations: suites.validations.length,
    validationFailed,
  };
}

/** The one line a run prints. */
export function describeTally(runtime: string, t: SuiteTally): string {
  return (
    `[certlogic] ${runtime}: ${t.assertions} assertions in ${t.cases} cases (${t.files} files): ` +
    `${t.passed} passed, ${t.failed.length} failed, ${t.skipped} skipped by the suite's own directive; ` +
    `validation suite: ${t.validations - t.validationFailed.length}/${t.validations} cases agree`
  );
}
