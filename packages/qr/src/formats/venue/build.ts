/** Building and signing a OneQR venue QR (grammar.ts, docs/venue-qr.md). */
import { OneQRError } from '../../errors.ts';
import { appendSignature, type Signer } from '../../signature/signer.ts';
import { SIGNATURE_FIELD_MAX_LENGTH } from '../../signature/profile.ts';
import { foldVenueName } from './fold-name.ts';
import {
  COMMUNE,
  PROVINCE,
  VENUE_ID,
  VENUE_MAX_BYTES,
  VENUE_NAME_MAX,
  VENUE_PREFIX,
  isFoldedName,
} from './grammar.ts';
import { parseVenue } from './parse.ts';

/** What the registering platform knows of a venue. */
export interface VenueInput {
  /** Opaque id, 1-22 characters of A-Z a-z 0-9 _ - (a base64url UUID fits). */
  venueId: string;
  /** Display name in any case and with diacritics: it is folded; at most 64 characters once folded. */
  name: string;
  /** 2-digit GSO province code. */
  province: string;
  /** 5-digit GSO commune code. */
  commune?: string;
}

/**
 * Builds the unsigned venue payload `OQV1:<id>|<province>|<commune>|<NAME>`.
 * Throws OneQRError (VENUE_*) on a bad field; a name too long once folded is refused, not cut.
 *
 * @example buildVenue({ venueId: 'h3K9x', name: 'Quán Phở Đức', province: '79', commune: '26734' })
 * // 'OQV1:h3K9x|79|26734|QUAN PHO DUC'
 */
export function buildVenue(input: VenueInput): string {
  const name = foldVenueName(input.name ?? '');
  if (!VENUE_ID.test(input.venueId ?? '')) {
    throw new OneQRError('VENUE_ID_FORMAT', 'venueId: must be 1-22 characters of A-Z a-z 0-9 _ -', 'venueId');
  }
  if (!PROVINCE.test(input.province ?? '')) {
    throw new OneQRError('VENUE_PROVINCE_FORMAT', 'province: must be a 2-digit GSO code 01-99', 'province');
  }
  const commune = input.commune ?? '';
  if (commune !== '' && !COMMUNE.test(commune)) {
    throw new OneQRError('VENUE_COMMUNE_FORMAT', 'commune: must be a 5-digit GSO code', 'commune');
  }
  if (name.length > VENUE_NAME_MAX) {
    throw new OneQRError(
      'VENUE_NAME_TOO_LONG',
      `name: ${name.length} characters once folded, at most ${VENUE_NAME_MAX}`,
      'name',
    );
  }
  if (!isFoldedName(name))
    throw new OneQRError('VENUE_NAME_FORMAT', 'name: nothing left once folded', 'name');
  const text = `${VENUE_PREFIX}${input.venueId}|${input.province}|${commune}|${name}`;
  // Holds by construction (5+22+1+2+1+5+1+64+1+106 = 208); kept as a guard if limits change.
  if (text.length + 1 + SIGNATURE_FIELD_MAX_LENGTH > VENUE_MAX_BYTES) {
    throw new OneQRError('VENUE_TOO_LONG', `the signed venue QR would exceed ${VENUE_MAX_BYTES} bytes`);
  }
  return text;
}

/**
 * Signs an unsigned venue payload: appends `|S1.<kid>.<iat36>.<sig>`, the signature covering
 * everything before the final `.`. Throws OneQRError when the payload is not a valid unsigned venue QR.
 *
 * @example await signVenue(buildVenue(input), { privateJwk }, Math.floor(Date.now() / 1000))
 */
export async function signVenue(unsigned: string, signer: Signer, iat: number): Promise<string> {
  const parsed = parseVenue(unsigned);
  const bad = parsed.errors.find((e) => e.code !== 'VENUE_UNSIGNED');
  if (bad !== undefined) throw new OneQRError(bad.code, bad.message, bad.field);
  if (parsed.fields?.signature !== null) {
    throw new OneQRError('VENUE_STRUCTURE', 'the venue QR is already signed', 'signature');
  }
  return appendSignature(`${unsigned}|`, signer, iat);
}
