/** Finds the S1 signature of a venue QR: the fifth field after the prefix, always last. */
import type { SignatureLocation } from '../../signature/location.ts';
import { locateLastFieldSignature } from '../../signature/locate-last-field.ts';
import { VENUE_PREFIX } from './grammar.ts';

const PROFILE = { name: 'venue QR', prefix: VENUE_PREFIX, signedFields: 5, credentialNamespace: 'venue' };

/** Locates the signature field of a venue QR at string level (see grammar.ts). */
export function locateVenueSignature(text: string): SignatureLocation {
  return locateLastFieldSignature(text, PROFILE);
}
