import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the issuers domain: code → status and default message. Stable. */
export const ISSUERS_ERRORS = {
  ISSUERS_INVALID: { status: 400, message: 'The issuer is not valid' },
  ISSUERS_NOT_FOUND: { status: 404, message: 'No issuer with this id' },
  ISSUERS_ALREADY_EXISTS: { status: 409, message: 'An issuer with this id already exists' },
  ISSUERS_SUSPENDED: { status: 403, message: 'The issuer is suspended and may not sign' },
  ISSUERS_RIGHT_MISSING: {
    status: 403,
    message: 'The issuer does not hold the right to sign this kind of code',
  },
  ISSUERS_NO_ACTIVE_KEY: { status: 409, message: 'The issuer has no active signing key' },
  ISSUERS_KEY_NOT_FOUND: { status: 404, message: 'No issuer key with this kid' },
  ISSUERS_KEY_ALREADY_REVOKED: { status: 409, message: 'The key is already revoked' },
  ISSUERS_KEY_UNREADABLE: {
    status: 503,
    message: 'A private key cannot be unwrapped with the configured master key',
  },
} satisfies Record<string, HttpErrorSpec>;
