/**
 * Text at the schema boundary: every string in a request's body, query, path parameters and
 * headers (and every property name) must be Unicode text without NUL. PostgreSQL refuses NUL in
 * `text` (the driver's error became a 500 on every route that stored or looked it up), and a lone
 * UTF-16 surrogate (JSON `"\ud800"`) would reach SQLite as invalid UTF-8. Refused here, before
 * schema validation and any handler, with 400 REQUEST_TEXT_INVALID naming the field; the value is
 * never echoed. Runs after authorize() (auth.ts), so an anonymous caller is still refused 401 first.
 */
import fp from 'fastify-plugin';
import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { HttpError } from '../errors.ts';
import './context.ts';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 64;

/** Why `s` is not acceptable text, or null. */
function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'holds a NUL character';
  if (LONE_SURROGATE.test(s)) return 'holds a lone UTF-16 surrogate (not Unicode text)';
  return null;
}

/** The first bad string (or property name) in `value`, with its path. */
function findBadText(value: unknown, path: string[], depth = 0): { path: string[]; reason: string } | null {
  if (typeof value === 'string') {
    const reason = textProblem(value);
    return reason === null ? null : { path, reason };
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadText(value[i], [...path, String(i)], depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, sub] of Object.entries(value)) {
    const reason = textProblem(key);
    if (reason !== null) return { path: [...path, '(property name)'], reason };
    const bad = findBadText(sub, [...path, key], depth + 1);
    if (bad) return bad;
  }
  return null;
}

const PARTS = ['params', 'querystring', 'body', 'headers'] as const;

function valueOf(request: FastifyRequest, part: (typeof PARTS)[number]): unknown {
  return part === 'querystring' ? request.query : request[part];
}

/** Throws REQUEST_TEXT_INVALID for the first bad string of the request. */
export function checkRequestText(request: FastifyRequest): void {
  for (const location of PARTS) {
    const bad = findBadText(valueOf(request, location), []);
    if (bad === null) continue;
    const field = bad.path.join('.');
    const where = field ? `${location}/${bad.path.join('/')}` : location;
    throw new HttpError(
      'REQUEST_TEXT_INVALID',
      `${where} ${bad.reason}`,
      field ? { location, field } : { location },
    );
  }
}

const check: preValidationHookHandler = async (request) => checkRequestText(request);

export default fp(
  async (app) => {
    // Appended to each route's own preValidation, after authorize() which auth.ts puts first.
    app.addHook('onRoute', (route) => {
      const own = route.preValidation;
      const list = own === undefined ? [] : Array.isArray(own) ? own : [own];
      route.preValidation = [...list, check] as typeof route.preValidation;
    });
  },
  { name: 'oneqr-text', dependencies: ['oneqr-errors', 'oneqr-auth'] },
);
