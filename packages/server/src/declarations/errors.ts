import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the declarations domain: code → status and default message. Stable. */
export const DECLARATIONS_ERRORS = {
  DECLARATIONS_FORM_UNKNOWN: { status: 400, message: 'No such declaration form and version' },
  DECLARATIONS_FORM_INVALID: {
    status: 400,
    message: 'Some answers are invalid; details.errors lists each field with its code',
  },
  DECLARATIONS_ON_BEHALF_FORBIDDEN: {
    status: 403,
    message: 'You may declare only for yourself and for the persons registered under your QID',
  },
  DECLARATIONS_PERSON_REQUIRED: {
    status: 400,
    message: 'An officer declares for a person: idNumber is required',
  },
  DECLARATIONS_PERSON_NOT_FOUND: { status: 404, message: 'No person with this ID number in the registry' },
  DECLARATIONS_QR_INVALID: {
    status: 422,
    message: 'The declaration QR is not one this platform signed (forged, untrusted or malformed)',
  },
  DECLARATIONS_QR_EXPIRED: { status: 422, message: 'The declaration QR has expired (valid 72 hours)' },
  DECLARATIONS_QR_UNKNOWN: { status: 404, message: 'The declaration QR names no declaration on record' },
  DECLARATIONS_QR_OTHER_PERSON: {
    status: 422,
    message: 'The declaration QR belongs to another person than the code scanned with it',
  },
} satisfies Record<string, HttpErrorSpec>;
