import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the credentials domain: code → status and default message. Stable. */
export const CREDENTIALS_ERRORS = {
  CREDENTIALS_APP_UNBOUND: { status: 403, message: 'This app client is not registered under an issuer' },
  CREDENTIALS_PERSON_NOT_FOUND: { status: 404, message: 'No person with this ID number in the registry' },
  CREDENTIALS_IDENTITY_MISMATCH: { status: 422, message: 'The claimed identity differs from the registry' },
  CREDENTIALS_DECLARER_REQUIRED: { status: 400, message: 'declarationType 1 (on behalf) needs declarerQid' },
  CREDENTIALS_DECLARER_UNEXPECTED: {
    status: 400,
    message: 'declarerQid is only allowed with declarationType 1',
  },
  CREDENTIALS_DECLARER_NOT_FOUND: { status: 404, message: 'No person holds the declarer QID' },
  CREDENTIALS_DECLARER_NOT_LINKED: {
    status: 422,
    message: 'The person is not registered as declared on behalf of this declarer',
  },
  CREDENTIALS_PAYLOAD_INVALID: { status: 422, message: 'A field cannot be written into the personal QR' },
  CREDENTIALS_REISSUE_TOO_FREQUENT: {
    status: 429,
    message: 'This QR was re-issued too often in the last minute',
  },
  CREDENTIALS_NOT_FOUND: { status: 404, message: 'Your app has issued no QR for this QID' },
} satisfies Record<string, HttpErrorSpec>;
