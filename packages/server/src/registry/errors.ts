import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the registry domain: code → status and default message. Stable. */
export const REGISTRY_ERRORS = {
  REGISTRY_ID_INVALID: { status: 400, message: 'The personal ID number is not valid' },
  REGISTRY_PERSON_INVALID: { status: 400, message: 'The person record is not valid' },
  REGISTRY_PERSON_NOT_FOUND: { status: 404, message: 'No person with this ID number' },
  REGISTRY_PERSON_EXISTS: { status: 409, message: 'A person with this ID number already exists' },
  REGISTRY_DECLARER_NOT_FOUND: { status: 404, message: 'No person with the declarer QID' },
} satisfies Record<string, HttpErrorSpec>;
