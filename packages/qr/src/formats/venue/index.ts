/** The OneQR venue QR profile v1 (docs/venue-qr.md). Verify with `verifySigned(text, 'venue', …)`. */
export { buildVenue, signVenue, type VenueInput } from './build.ts';
export { parseVenue, isVenueText, type VenueFields } from './parse.ts';
export { foldVenueName } from './fold-name.ts';
export { locateVenueSignature } from './locate.ts';
export { VENUE_PREFIX, VENUE_MAX_BYTES, VENUE_NAME_MAX, VENUE_ID_MAX } from './grammar.ts';
