/**
 * The CertLogic evaluator (EU business-rule language, spec v1.3.3): one engine for the EU DCC
 * acceptance rules (dcc.ts) and the province colour rules (colour.ts), pure, so a scanner
 * evaluates offline with the same code as the server. Time never comes from the clock: an
 * instant is data (`external.validationClock`, `now`). Anything outside the spec is refused
 * with RULE_UNKNOWN_OPERATOR; CertLogic has no `or`: write `{ "if": [a, true, b] }`.
 */
import { parseDateTime, dateOfBirth, addTime, TIME_UNITS, type TimeUnit } from './dates.ts';
import { RuleEngineError, type RuleErrorCode } from './errors.ts';

/** The CertLogic specification version this engine implements. */
export const CERTLOGIC_VERSION = '1.3.3';

/** The operators this evaluator implements (all of CertLogic 1.3.3). */
export const CERTLOGIC_OPERATORS = [
  'var',
  'if',
  'and',
  '!',
  '===',
  'in',
  '+',
  '<',
  '>',
  '<=',
  '>=',
  'after',
  'before',
  'not-after',
  'not-before',
  'plusTime',
  'dccDateOfBirth',
  'reduce',
  'extractFromUVCI',
] as const;

/** Expressions nested deeper than this are refused, so evaluation stays bounded on hostile input. */
export const CERTLOGIC_MAX_DEPTH = 64;

/** A `var` path: empty, or dot-separated non-empty fragments. */
const VAR_PATH = /^(?:[\w-]+(?:\.[\w-]+)*)?$/;

const COMPARISONS = new Set(['<', '>', '<=', '>=']);
const DATE_COMPARISONS = new Set(['after', 'before', 'not-after', 'not-before']);

const fail = (code: RuleErrorCode, message: string): never => {
  throw new RuleEngineError(code, message);
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** CertLogic truthiness: true, non-zero integers, non-empty strings/arrays/objects. */
export function isCertLogicTruthy(v: unknown): boolean {
  return (
    v === true ||
    (Number.isInteger(v) && v !== 0) ||
    (typeof v === 'string' && v !== '') ||
    (Array.isArray(v) && v.length > 0) ||
    (isPlainObject(v) && Object.keys(v).length > 0)
  );
}

/** CertLogic falsiness: false, null, 0, "", [], {}. Some values (dates, fractions) are neither. */
export function isCertLogicFalsy(v: unknown): boolean {
  return (
    v === false ||
    v === null ||
    v === 0 ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (isPlainObject(v) && Object.keys(v).length === 0)
  );
}

function boolOf(v: unknown, op: string): boolean {
  if (isCertLogicTruthy(v)) return true;
  if (isCertLogicFalsy(v)) return false;
  return fail('RULE_TYPE_MISMATCH', `operand of "${op}" is neither truthy nor falsy`);
}

/** `var` path access: missing or non-drillable → null; own properties only. */
function access(data: unknown, path: string): unknown {
  if (path === '') return data ?? null;
  let cur: unknown = data;
  for (const frag of path.split('.')) {
    if (cur === null || cur === undefined) return null;
    if (Array.isArray(cur)) {
      if (!/^\d{1,9}$/.test(frag)) return null;
      cur = cur[Number(frag)];
    } else if (isPlainObject(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, frag) ? cur[frag] : undefined;
    } else {
      return null;
    }
  }
  return cur ?? null;
}

/** Checks one operation node's shape (not its operands' values); throws on an invalid expression. */
function checkNode(op: string, args: unknown): unknown[] {
  if (op === 'var') {
    if (typeof args === 'string' || Number.isInteger(args)) return [args];
    return fail('RULE_INVALID_EXPRESSION', 'not of the form { "var": "<path>" }');
  }
  if (!Array.isArray(args)) {
    return fail('RULE_INVALID_EXPRESSION', `operation not of the form { "${op}": [ <values...> ] }`);
  }
  if (!(CERTLOGIC_OPERATORS as readonly string[]).includes(op)) {
    return fail('RULE_UNKNOWN_OPERATOR', `unrecognised operator: "${op}"`);
  }
  const n = args.length;
  const arity = (ok: boolean, want: string): void => {
    if (!ok) fail('RULE_INVALID_EXPRESSION', `"${op}" takes ${want} operand(s), got ${n}`);
  };
  if (op === 'if' || op === 'reduce') arity(n === 3, '3');
  else if (op === 'and') arity(n >= 2, 'at least 2');
  else if (op === '!' || op === 'dccDateOfBirth') arity(n === 1, '1');
  else if (op === '===' || op === 'in' || op === '+' || op === 'extractFromUVCI') arity(n === 2, '2');
  else if (COMPARISONS.has(op) || DATE_COMPARISONS.has(op)) arity(n === 2 || n === 3, '2 or 3');
  else if (op === 'plusTime') {
    arity(n === 3, '3');
    if (!Number.isInteger(args[1]))
      fail('RULE_INVALID_EXPRESSION', '"plusTime" amount must be an integer literal');
    if (!(TIME_UNITS as readonly unknown[]).includes(args[2])) {
      fail('RULE_INVALID_EXPRESSION', `"plusTime" unit must be one of ${TIME_UNITS.join(', ')}`);
    }
  }
  if (op === 'extractFromUVCI' && !Number.isInteger(args[1])) {
    fail('RULE_INVALID_EXPRESSION', '"extractFromUVCI" index must be an integer literal');
  }
  return args;
}

/**
 * Statically validates a whole expression (every node's shape, known operators, literal types,
 * depth). Returns the problems found, empty when valid. Never throws.
 */
export function validateCertLogic(expr: unknown): string[] {
  const issues: string[] = [];
  const walk = (e: unknown, at: string, depth: number): void => {
    if (depth > CERTLOGIC_MAX_DEPTH) {
      issues.push(`${at}: nested deeper than ${CERTLOGIC_MAX_DEPTH}`);
      return;
    }
    if (typeof e === 'boolean' || typeof e === 'string' || Number.isInteger(e)) return;
    if (Array.isArray(e)) {
      e.forEach((item, i) => walk(item, `${at}[${i}]`, depth + 1));
      return;
    }
    if (typeof e === 'number') {
      issues.push(`${at}: ${e} is a non-integer number`);
      return;
    }
    if (!isPlainObject(e)) {
      issues.push(`${at}: invalid CertLogic expression`);
      return;
    }
    const keys = Object.keys(e);
    if (keys.length !== 1) {
      issues.push(`${at}: expression object must have exactly one key, but it has ${keys.length}`);
      return;
    }
    const op = keys[0] as string;
    let args: unknown[];
    try {
      args = checkNode(op, e[op]);
    } catch (err) {
      issues.push(`${at}: ${(err as Error).message}`);
      return;
    }
    if (op === 'var') {
      if (typeof args[0] !== 'string') issues.push(`${at}: not of the form { "var": "<path>" }`);
      else if (!VAR_PATH.test(args[0]))
        issues.push(`${at}: data access path doesn't have a valid format: ${args[0]}`);
      return;
    }
    args.forEach((a, i) => walk(a, `${at}.${op}[${i}]`, depth + 1));
  };
  walk(expr, '$', 0);
  return issues;
}

function dateOperand(v: unknown, op: string): Date {
  return v instanceof Date ? v : fail('RULE_TYPE_MISMATCH', `all operands of "${op}" must be date-times`);
}

function intOperand(v: unknown, op: string): number {
  return Number.isInteger(v)
    ? (v as number)
    : fail('RULE_TYPE_MISMATCH', `all operands of "${op}" must be integers`);
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<':
    case 'before':
      return a < b;
    case '>':
    case 'after':
      return a > b;
    case '<=':
    case 'not-after':
      return a <= b;
    default: // '>=' and 'not-before'
      return a >= b;
  }
}

function extractFromUVCI(value: unknown, index: number): string | null {
  if (value === null) return null;
  if (typeof value !== 'string')
    return fail('RULE_TYPE_MISMATCH', '"extractFromUVCI" operand must be a string or null');
  const prefix = 'URN:UVCI:';
  const fragments = (value.startsWith(prefix) ? value.slice(prefix.length) : value).split(/[/#:]/);
  return index >= 0 && index < fragments.length ? (fragments[index] as string) : null;
}

function evalNode(expr: unknown, data: unknown, depth: number): unknown {
  if (depth > CERTLOGIC_MAX_DEPTH)
    return fail('RULE_INVALID_EXPRESSION', `nested deeper than ${CERTLOGIC_MAX_DEPTH}`);
  if (typeof expr === 'boolean' || typeof expr === 'string' || Number.isInteger(expr)) return expr;
  if (Array.isArray(expr)) return expr.map((item) => evalNode(item, data, depth + 1));
  if (!isPlainObject(expr))
    return fail('RULE_INVALID_EXPRESSION', `invalid CertLogic literal: ${JSON.stringify(expr)}`);
  const keys = Object.keys(expr);
  if (keys.length !== 1) {
    return fail(
      'RULE_INVALID_EXPRESSION',
      `expression object must have exactly one key, but it has ${keys.length}`,
    );
  }
  const op = keys[0] as string;
  const args = checkNode(op, expr[op]);
  const ev = (e: unknown, d: unknown = data): unknown => evalNode(e, d, depth + 1);

  switch (op) {
    case 'var':
      return access(data, String(args[0]));
    case 'if':
      return isCertLogicTruthy(ev(args[0])) ? ev(args[1]) : ev(args[2]);
    case 'and': {
      let last: unknown = null;
      for (const a of args) {
        last = ev(a);
        if (!boolOf(last, op)) return last;
      }
      return last;
    }
    case '!':
      return !boolOf(ev(args[0]), op);
    case '===':
      return ev(args[0]) === ev(args[1]);
    case 'in': {
      const [needle, hay] = [ev(args[0]), ev(args[1])];
      if (!Array.isArray(hay)) return fail('RULE_TYPE_MISMATCH', 'right operand of "in" must be an array');
      return hay.includes(needle);
    }
    case '+':
      return intOperand(ev(args[0]), op) + intOperand(ev(args[1]), op);
    case 'plusTime': {
      const v = ev(args[0]);
      if (typeof v !== 'string')
        return fail('RULE_TYPE_MISMATCH', '"plusTime" operand must be a date(-time) string');
      return addTime(parseDateTime(v), args[1] as number, args[2] as TimeUnit);
    }
    case 'dccDateOfBirth': {
      const v = ev(args[0]);
      if (typeof v !== 'string')
        return fail('RULE_TYPE_MISMATCH', '"dccDateOfBirth" operand must be a date string');
      return dateOfBirth(v);
    }
    case 'reduce': {
      const list = ev(args[0]);
      const initial = ev(args[2]);
      if (list === null) return initial;
      if (!Array.isArray(list))
        return fail('RULE_TYPE_MISMATCH', 'first operand of "reduce" must be an array');
      return list.reduce<unknown>((accumulator, current) => ev(args[1], { current, accumulator }), initial);
    }
    case 'extractFromUVCI':
      return extractFromUVCI(ev(args[0]), args[1] as number);
    default: {
      // Comparisons, integer or date-time, binary or ternary ("between").
      const values = args.map((a) => ev(a));
      const nums = DATE_COMPARISONS.has(op)
        ? values.map((v) => dateOperand(v, op).getTime())
        : values.map((v) => intOperand(v, op));
      return nums.length === 2
        ? compare(op, nums[0] as number, nums[1] as number)
        : compare(op, nums[0] as number, nums[1] as number) &&
            compare(op, nums[1] as number, nums[2] as number);
    }
  }
}

/**
 * Evaluates a CertLogic expression over a data context. Throws RuleEngineError for an invalid
 * expression or a type mismatch; never has undefined behaviour. Date-times come out as `Date`.
 */
export function evaluateCertLogic(expr: unknown, data: unknown): unknown {
  return evalNode(expr, data, 0);
}
