/**
 * One error handler: every failure is answered `{ code, message, details? }` with a code from
 * src/errors.ts. 5xx text is hidden from the caller and logged without personal data.
 */
import fp from 'fastify-plugin';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { HTTP_ERRORS, HttpError, type HttpErrorCode } from '../errors.ts';
import './context.ts';

/** The body of every error response. */
export interface ErrorBody {
  code: HttpErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** JSON pointer (`/a/0/b`) → dotted field path (`a.0.b`). */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** "body/birthDate must match format date" — names where and why, from the first ajv error. */
export function describeValidation(
  issue: FastifySchemaValidationError | undefined,
  context: string | undefined,
): { message: string; details: Record<string, unknown> } {
  const where = context ?? 'request';
  if (!issue) return { message: `${where} does not match the schema`, details: { location: where } };
  const params = issue.params as Record<string, unknown>;
  let field = fieldPath(issue.instancePath);
  let reason = (issue.message ?? 'is not valid').replace(/"/g, '');
  if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    field = field ? `${field}.${params.additionalProperty}` : params.additionalProperty;
    reason = 'is not an accepted field';
  } else if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
    field = field ? `${field}.${params.missingProperty}` : params.missingProperty;
    reason = 'is required';
  }
  const path = field ? `${where}/${field.replace(/\./g, '/')}` : where;
  return {
    message: `${path} ${reason}`,
    details: field ? { location: where, field } : { location: where },
  };
}

function body(code: HttpErrorCode, message?: string, details?: Record<string, unknown>): ErrorBody {
  const out: ErrorBody = { code, message: message ?? HTTP_ERRORS[code].message };
  if (details !== undefined) out.details = details;
  return out;
}

/** Maps any thrown value to a status and an error body. */
export function toErrorResponse(err: unknown, bodyLimit: number): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) {
    // A 5xx text or detail may quote internals or a stored value: the caller gets the code's fixed text.
    if (err.statusCode >= 500) return { status: err.statusCode, body: body(err.code) };
    return { status: err.statusCode, body: body(err.code, err.message, err.details) };
  }
  const e = (err ?? {}) as Partial<FastifyError>;
  if (Array.isArray(e.validation)) {
    const { message, details } = describeValidation(e.validation[0], e.validationContext);
    return { status: 400, body: body('REQUEST_INVALID', message, details) };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: body('REQUEST_MALFORMED_JSON') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: body('REQUEST_MALFORMED_JSON', 'The body is empty but the content type is JSON'),
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: body('REQUEST_TOO_LARGE', `The body is larger than ${bodyLimit} bytes`) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: body('REQUEST_UNSUPPORTED_MEDIA', 'Unsupported content type; send application/json'),
      };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429) return { status, body: body('RATE_LIMITED') };
  if (status === 408) return { status, body: body('REQUEST_TIMEOUT') };
  if (status === 431) return { status, body: body('REQUEST_HEADERS_TOO_LARGE') };
  if (status === 404) return { status, body: body('NOT_FOUND') };
  // Other client errors from Fastify (bad URL encoding, wrong Content-Length…): fixed, data-free texts.
  if (status >= 400 && status < 500) return { status: 400, body: body('REQUEST_INVALID', e.message) };
  return { status: 500, body: body('INTERNAL') };
}

/**
 * Fastify's `frameworkErrors` option: a bad percent-encoding or an over-long path parameter is
 * refused by the router before any hook runs, and its default answer quotes the raw path (which
 * can carry an id number). Answer it like every other 400, with the headers the hooks would set.
 */
export function frameworkErrors(_err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  reply
    .status(400)
    .headers(BARE_HEADERS)
    .send(
      body(
        'REQUEST_INVALID',
        'The URL is not valid: bad percent-encoding or a path segment that is too long',
      ),
    );
}

/** The headers every answer of ours carries, for the ones written before any hook runs. */
const BARE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** The code for an error Node's HTTP parser (or its timeouts) raised on a connection. */
function clientErrorCode(err: { code?: string }): HttpErrorCode {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'REQUEST_HEADERS_TOO_LARGE';
  return 'REQUEST_MALFORMED';
}

/**
 * Fastify's `clientErrorHandler`: Node refused the bytes on a connection before any request
 * existed (headers too large, a body or headers not received within the request timeout, a bad
 * Content-Length or chunk, a request line that is not HTTP). Answered `{ code, message }` like
 * every other error, then the connection is closed (what follows on it cannot be trusted).
 */
export function clientErrors(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way on this connection cannot be followed by another.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const code = clientErrorCode(err);
    const { status } = HTTP_ERRORS[code];
    const payload = JSON.stringify(body(code));
    const head = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(payload)}`,
      'connection: close',
      ...Object.entries(BARE_HEADERS).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${payload}`);
  }
  socket.destroySoon();
}

/** What an unexpected error may put in the log: its kind and place, not driver details (which can quote values). */
function loggable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  return {
    type: err.name,
    code: (err as { code?: unknown }).code,
    message: err.message,
    stack: err.stack,
  };
}

export default fp(
  async (app) => {
    app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body: payload } = toErrorResponse(err, app.config.bodyLimitBytes);
      if (status >= 500) request.log.error({ err: loggable(err) }, 'request failed');
      return reply.status(status).send(payload);
    });

    // Resolved at request time: the rate limiter is registered after this plugin (security.ts).
    type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    let limiter: Limiter | undefined;
    app.setNotFoundHandler(
      {
        preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
          if (app.config.rateLimitPerMinute <= 0 || !app.hasDecorator('rateLimit')) return;
          limiter ??= app.rateLimit() as unknown as Limiter;
          if (limiter) await limiter.call(app, request, reply);
        },
      },
      (_request, reply) => reply.status(404).send(body('NOT_FOUND')),
    );
  },
  { name: 'oneqr-errors' },
);
