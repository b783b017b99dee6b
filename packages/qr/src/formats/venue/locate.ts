/** Finds the S1 signature of a venue QR: the fifth field after the prefix, always last. */
import { issue } from '../../errors.ts';
import type { SignatureLocation } from '../../signature/location.ts';
import { VENUE_PREFIX } from './grammar.ts';

/** Locates the signature field of a venue QR at string level (see grammar.ts). */
export function locateVenueSignature(text: string): SignatureLocation {
  if (!text.startsWith(VENUE_PREFIX)) {
    return {
      state: 'error',
      issue: issue('SIGNATURE_FORMAT', `not a venue QR (must start with ${VENUE_PREFIX})`),
    };
  }
  const parts = text.slice(VENUE_PREFIX.length).split('|');
  if (parts.length === 5) {
    const field = parts[4]!;
    return {
      state: 'signed',
      start: text.length - field.length,
      field: 'signature',
      credentialId: `venue:${parts[0]}`,
    };
  }
  if (parts.length === 4) {
    // No venue field may hold a '.', so a dot means a signature sits in the wrong place.
    if (text.includes('.')) {
      return {
        state: 'error',
        issue: issue('SIGNATURE_MISPLACED', 'a signature-like value is present outside the signature field'),
      };
    }
    return { state: 'unsigned' };
  }
  return {
    state: 'error',
    issue: issue('SIGNATURE_FORMAT', `venue QR has ${parts.length} |-separated fields, not 4 or 5`),
  };
}
