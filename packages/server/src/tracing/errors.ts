import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the tracing domain. Stable. */
export const TRACING_ERRORS = {
  TRACING_PERSON_NOT_FOUND: { status: 404, message: 'No person with this ID number in the registry' },
  TRACING_WINDOW_INVALID: { status: 400, message: 'The infectious window is invalid' },
} satisfies Record<string, HttpErrorSpec>;
