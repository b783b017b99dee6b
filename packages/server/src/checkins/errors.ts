import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the checkins domain (also the per-event codes of a batch). Stable. */
export const CHECKINS_ERRORS = {
  CHECKINS_EVENT_INVALID: { status: 400, message: 'The event is malformed' },
  CHECKINS_TIME_INVALID: { status: 400, message: 'at is not a valid ISO-8601 instant' },
  CHECKINS_TOO_OLD: { status: 422, message: 'The event is older than the retention period' },
  CHECKINS_IN_FUTURE: { status: 422, message: 'The event is later than the server clock allows' },
  CHECKINS_VENUE_CODE_REQUIRED: { status: 400, message: 'venueCode (the scanned venue QR) is required' },
  CHECKINS_VENUE_CODE_INVALID: {
    status: 422,
    message: 'The venue code is not a validly signed, unrevoked venue QR',
  },
  CHECKINS_VENUE_MISMATCH: { status: 422, message: 'The venue code names another venue than venueId' },
  CHECKINS_VENUE_REQUIRED: { status: 400, message: 'venueId is required for a scanner bound to no venue' },
  CHECKINS_VENUE_UNKNOWN: { status: 404, message: 'No venue is registered under this id' },
  CHECKINS_VENUE_NOT_ACTIVE: { status: 409, message: 'The venue is suspended or closed' },
  CHECKINS_VENUE_FORBIDDEN: { status: 403, message: 'This scanner does not scan for this venue' },
  CHECKINS_PERSON_CODE_REQUIRED: { status: 400, message: 'personCode (what was scanned) is required' },
  CHECKINS_PERSON_CODE_UNEXPECTED: {
    status: 400,
    message: 'A citizen checks in as the signed-in person; personCode is for venue staff',
  },
  CHECKINS_PERSON_CODE_INVALID: { status: 422, message: 'The scanned code does not identify a person' },
  CHECKINS_PERSON_UNKNOWN: { status: 404, message: 'The person is not in the registry' },
} satisfies Record<string, HttpErrorSpec>;
