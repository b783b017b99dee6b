import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the passport domain: code → status and default message. Stable. */
export const PASSPORT_ERRORS = {
  PASSPORT_SERIES_INCOMPLETE: {
    status: 409,
    message: 'No complete primary vaccination series is recorded for this person',
  },
  PASSPORT_IDENTITY_MISMATCH: {
    status: 409,
    message: 'The identity does not match the population registry',
  },
  PASSPORT_NOT_ISSUED: { status: 404, message: 'No vaccine passport has been issued for this person' },
  PASSPORT_NOT_FOUND: { status: 404, message: 'No vaccine passport has this UVCI' },
  PASSPORT_ALREADY_REVOKED: { status: 409, message: 'This vaccine passport is already revoked' },
  PASSPORT_INVALID: { status: 400, message: 'A passport field is invalid' },
} satisfies Record<string, HttpErrorSpec>;
