import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the trust-sources domain: code → status and default message. Stable. */
export const TRUST_SOURCES_ERRORS = {
  TRUST_SOURCE_UNREADABLE: {
    status: 400,
    message: 'Not a trust source the server imports: an EU DSC list, an SHC key set or revocation list',
  },
  TRUST_SOURCE_AMBIGUOUS: { status: 400, message: 'The JSON object fits more than one trust-source shape' },
  TRUST_SOURCE_INVALID: {
    status: 400,
    message: 'The trust source is malformed, forged or holds private keys',
  },
  TRUST_SOURCE_UNSUPPORTED: {
    status: 400,
    message: 'The server signs its own OneQR trust list: import EU DSC lists and SHC key sets',
  },
  TRUST_SOURCE_CRL_ORPHAN: {
    status: 400,
    message: 'No imported SHC key set holds the key this revocation list is for: import the key set first',
  },
} satisfies Record<string, HttpErrorSpec>;
