import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the venues domain: code → status and default message. Stable. */
export const VENUES_ERRORS = {
  VENUES_INVALID: { status: 400, message: 'A venue field is invalid' },
  VENUES_ALREADY_EXISTS: { status: 409, message: 'A venue with this id already exists' },
  VENUES_NOT_FOUND: { status: 404, message: 'No such venue' },
  VENUES_FORBIDDEN: { status: 403, message: 'This venue is not yours to manage' },
  VENUES_CLOSED: { status: 409, message: 'The venue is closed; it cannot change again' },
  VENUES_HISTORY_LIMIT_INVALID: { status: 400, message: 'limit is not an integer from 1 to 1000' },
  VENUES_HISTORY_CURSOR_INVALID: { status: 400, message: 'The history cursor is not one this server gave' },
} satisfies Record<string, HttpErrorSpec>;
