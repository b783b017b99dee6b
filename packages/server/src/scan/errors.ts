import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the scan domain: code → status and default message. Stable. */
export const SCAN_ERRORS = {
  SCAN_UNREADABLE: { status: 422, message: 'The code is not one a scanner accepts, or it is malformed' },
  SCAN_SIGNATURE_INVALID: { status: 422, message: 'The code failed its signature or validity check' },
  SCAN_KEY_NOT_TRUSTED: { status: 422, message: 'The code is signed by a key that is not on the trust list' },
  SCAN_PERSON_NOT_FOUND: { status: 404, message: 'No person in the registry matches the code' },
  SCAN_IDENTITY_UNCONFIRMED: {
    status: 422,
    message: 'The registry does not confirm the identity on the code',
  },
  SCAN_LOOKUP_THROTTLED: {
    status: 429,
    message: 'Too many look-ups by ID number, CCCD or unsigned code; signed QR codes are not limited',
  },
} satisfies Record<string, HttpErrorSpec>;

/** Caveats a successful scan answer may carry (`warnings: [{code, message}]`). Stable. */
export const SCAN_WARNINGS = {
  SCAN_CARD_NOT_IN_REGISTRY:
    'The registry has no person with this ID number: the identity shown is the card’s own, unconfirmed',
} as const;

export type ScanWarningCode = keyof typeof SCAN_WARNINGS;
export interface ScanWarning {
  code: ScanWarningCode;
  message: string;
}

export const scanWarning = (code: ScanWarningCode): ScanWarning => ({ code, message: SCAN_WARNINGS[code] });
