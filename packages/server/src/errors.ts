/**
 * One table of HTTP errors: `<DOMAIN>_<WHAT>` → status + default message. Each domain owns its
 * rows in `<domain>/errors.ts`; the handler answers `{ code, message }` and hides 5xx text.
 */
import { Type } from 'typebox';
import { REGISTRY_ERRORS } from './registry/errors.ts';
import { ACCESS_ERRORS } from './access/errors.ts';
import { ISSUERS_ERRORS } from './issuers/errors.ts';
import { CREDENTIALS_ERRORS } from './credentials/errors.ts';
import { HEALTH_ERRORS } from './health/errors.ts';
import { SCAN_ERRORS } from './scan/errors.ts';
import { VENUES_ERRORS } from './venues/errors.ts';
import { CHECKINS_ERRORS } from './checkins/errors.ts';
import { TRACING_ERRORS } from './tracing/errors.ts';
import { DECLARATIONS_ERRORS } from './declarations/errors.ts';
import { LINKAGE_ERRORS } from './linkage/errors.ts';
import { PASSPORT_ERRORS } from './passport/errors.ts';
import { TRUST_SOURCES_ERRORS } from './trust-sources/errors.ts';
import { EVENTS_ERRORS } from './events/errors.ts';

export interface HttpErrorSpec {
  status: number;
  message: string;
}

/** Cross-cutting rows (body, validation, rate limit, internal). */
const COMMON_ERRORS = {
  REQUEST_INVALID: { status: 400, message: 'The request does not match the schema' },
  REQUEST_TEXT_INVALID: { status: 400, message: 'A text field holds a NUL character or a lone surrogate' },
  REQUEST_MALFORMED_JSON: { status: 400, message: 'The body is not valid JSON' },
  REQUEST_MALFORMED: { status: 400, message: 'The HTTP request is malformed' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are larger than allowed' },
  REQUEST_TOO_LARGE: { status: 413, message: 'The body is larger than allowed' },
  REQUEST_UNSUPPORTED_MEDIA: { status: 415, message: 'Unsupported content type' },
  NOT_FOUND: { status: 404, message: 'No such route' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  INTERNAL: { status: 500, message: 'Internal error' },
  PLATFORM_STORE_UNAVAILABLE: { status: 503, message: 'The database does not answer' },
} satisfies Record<string, HttpErrorSpec>;

export const HTTP_ERRORS = {
  ...COMMON_ERRORS,
  ...REGISTRY_ERRORS,
  ...ACCESS_ERRORS,
  ...ISSUERS_ERRORS,
  ...CREDENTIALS_ERRORS,
  ...HEALTH_ERRORS,
  ...SCAN_ERRORS,
  ...VENUES_ERRORS,
  ...CHECKINS_ERRORS,
  ...TRACING_ERRORS,
  ...DECLARATIONS_ERRORS,
  ...LINKAGE_ERRORS,
  ...PASSPORT_ERRORS,
  ...TRUST_SOURCES_ERRORS,
  ...EVENTS_ERRORS,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** Thrown by routes and services; the error handler turns it into `{ code, message }`. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly statusCode: number;
  /** Extra machine-readable detail, e.g. the field that differs. */
  readonly details: Record<string, unknown> | undefined;
  /** For the audit record only, never sent: the precise reason behind a deliberately vague refusal. */
  readonly auditDetail: string | undefined;
  constructor(
    code: HttpErrorCode,
    message?: string,
    details?: Record<string, unknown>,
    auditDetail?: string,
  ) {
    const spec: HttpErrorSpec = HTTP_ERRORS[code];
    super(message ?? spec.message);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = spec.status;
    this.details = details;
    this.auditDetail = auditDetail;
  }
}

/** The answer of every error, as route schemas declare it. */
export const ErrorReply = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
