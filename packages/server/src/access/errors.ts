import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the access domain: code → status and default message. Stable. */
export const ACCESS_ERRORS = {
  ACCESS_TOKEN_MISSING: { status: 401, message: 'This route needs an Authorization: Bearer token' },
  ACCESS_TOKEN_INVALID: { status: 401, message: 'The bearer token is unknown, expired or revoked' },
  ACCESS_ROLE_FORBIDDEN: { status: 403, message: 'Your role may not use this route' },
  ACCESS_CREDENTIALS_INVALID: { status: 401, message: 'The client id or client secret is wrong' },
  ACCESS_GRANT_TYPE_UNSUPPORTED: { status: 400, message: 'grant_type must be client_credentials' },
  ACCESS_CLIENT_NOT_FOUND: { status: 404, message: 'No client with this id' },
  ACCESS_CLIENT_ROLE_UNKNOWN: { status: 400, message: 'The role is not one of the platform roles' },
  ACCESS_CLIENT_NAME_INVALID: { status: 400, message: 'The client name must be 1 to 200 characters' },
  ACCESS_CLIENT_PERSON_REQUIRED: { status: 400, message: 'A citizen client needs the personId it acts for' },
  ACCESS_CLIENT_PERSON_NOT_ALLOWED: {
    status: 400,
    message: 'Only a citizen client may be bound to a person',
  },
  ACCESS_CLIENT_SITE_REQUIRED: {
    status: 400,
    message: 'A vaccination-site client needs the siteId of its dose records',
  },
  ACCESS_CLIENT_SITE_NOT_ALLOWED: {
    status: 400,
    message: 'Only a vaccination-site client may be bound to a site',
  },
  ACCESS_CLIENT_ISSUER_REQUIRED: { status: 400, message: 'An app client needs the issuerId it signs for' },
  ACCESS_CLIENT_ISSUER_NOT_FOUND: { status: 422, message: 'The issuerId names no registered issuer' },
  ACCESS_CLIENT_PERSON_NOT_FOUND: { status: 422, message: 'The personId names no person in the registry' },
  ACCESS_CLIENT_LAST_ADMIN: { status: 409, message: 'The last active admin client cannot be disabled' },
  ACCESS_LOG_CURSOR_INVALID: {
    status: 400,
    message: 'The cursor is not a page position (a nextCursor as this server writes them)',
  },
  // Citizen sign-in (phone + one-time code) and linking to the registry.
  ACCESS_PHONE_INVALID: { status: 400, message: 'phone is not a Vietnamese mobile number (10 digits, 0…)' },
  ACCESS_APP_UNKNOWN: {
    status: 400,
    message: 'app is not an active issuing app that may issue personal QR codes',
  },
  ACCESS_OTP_TOO_SOON: {
    status: 429,
    message: 'A code was sent to this phone moments ago; wait before asking again',
  },
  ACCESS_OTP_LIMIT: { status: 429, message: 'Too many codes for this phone in the last hour' },
  ACCESS_OTP_UNDELIVERED: { status: 503, message: 'The code could not be sent; try again later' },
  ACCESS_OTP_INVALID: {
    status: 401,
    message: 'The code is wrong, expired or used up; ask for a new code if none are left',
  },
  ACCESS_SESSION_REQUIRED: { status: 403, message: 'Only a citizen signed in by phone may do this' },
  ACCESS_IDENTITY_NOT_CONFIRMED: {
    status: 422,
    message: 'The registry did not confirm this identity (id number, name, date of birth and phone)',
  },
  ACCESS_LINK_LOCKED: {
    status: 429,
    message: 'Too many failed identity confirmations today; try again tomorrow',
  },
  ACCESS_ALREADY_LINKED: { status: 409, message: 'This account is already linked to another person' },
  ACCESS_PERSON_NOT_LINKED: {
    status: 409,
    message: 'Link your account to your registry record first (POST /v1/citizen/link)',
  },
} satisfies Record<string, HttpErrorSpec>;
