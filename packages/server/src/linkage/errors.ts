import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the linkage domain: code → status and default message. Stable. */
export const LINKAGE_ERRORS = {
  LINKAGE_RECORD_NOT_FOUND: { status: 404, message: 'No dose record with this site and record id' },
  LINKAGE_NOT_DECIDED: { status: 409, message: 'The dose record has not been through linkage yet' },
  LINKAGE_NO_CANDIDATE: { status: 409, message: 'The record has no candidate to accept; correct it instead' },
  LINKAGE_PERSON_REQUIRED: { status: 400, message: 'A correction names the person (personId)' },
  LINKAGE_PERSON_NOT_FOUND: { status: 404, message: 'No person in the registry with this ID number' },
  LINKAGE_ALREADY_APPLIED: {
    status: 409,
    message: 'The dose is already recorded in the health domain under its link; it cannot be moved',
  },
  LINKAGE_SITE_FORBIDDEN: {
    status: 403,
    message: "A vaccination site's client uploads dose records for its own site only",
  },
  LINKAGE_IMPORT_NOT_FOUND: { status: 404, message: 'No dose upload with this id that this client may see' },
  LINKAGE_UPLOAD_INVALID: {
    status: 400,
    message: 'The dose file cannot be imported (empty or header incomplete)',
  },
} satisfies Record<string, HttpErrorSpec>;
