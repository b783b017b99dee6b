/** Reading a OneQR venue QR (grammar.ts, docs/venue-qr.md). Never throws; bounded time. */
import { issue, type Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { isIssue, parseSignatureField } from '../../signature/parse-signature.ts';
import {
  COMMUNE,
  PROVINCE,
  VENUE_ANY_PREFIX,
  VENUE_ID,
  VENUE_MAX_BYTES,
  VENUE_NAME_MAX,
  VENUE_PREFIX,
  isFoldedName,
} from './grammar.ts';

/** The fields of a venue QR. */
export interface VenueFields {
  version: 1;
  /** Opaque id given by the registering platform. */
  venueId: string;
  /** 2-digit GSO province code. */
  province: string;
  /** 5-digit GSO commune code, or null when not given. */
  commune: string | null;
  /** Folded display name (no diacritics, upper case). */
  name: string;
  /** The signature's kid and issue time (Unix seconds), or null when unsigned. Not verified here. */
  signature: { kid: string; iat: number } | null;
}

/**
 * True when `text` starts like a venue QR of any version (`OQV<digits>:`): the front door's
 * recogniser. {@link parseVenue} then checks the version.
 */
export function isVenueText(text: string): boolean {
  return VENUE_ANY_PREFIX.test(text.slice(0, 8));
}

function fail(i: Issue): Parsed<VenueFields> {
  return { fields: null, errors: [i], warnings: [] };
}

/**
 * Parses a venue QR. The signature is read but not verified: use
 * `verifySigned(text, 'venue', store, at)`.
 *
 * @example parseVenue('OQV1:h3K9x|79|26734|QUAN PHO DUC|S1.…').fields?.name // 'QUAN PHO DUC'
 */
export function parseVenue(text: string): Parsed<VenueFields> {
  if (typeof text !== 'string' || text === '') return fail(issue('INPUT_EMPTY', 'the venue QR is empty'));
  if (text.length > VENUE_MAX_BYTES) {
    return fail(
      issue('VENUE_TOO_LONG', `the venue QR is over ${VENUE_MAX_BYTES} bytes (${text.length} characters)`),
    );
  }
  const head = VENUE_ANY_PREFIX.exec(text);
  if (head === null) return fail(issue('VENUE_PREFIX', `a venue QR starts with ${VENUE_PREFIX}`));
  if (head[1] !== '1') {
    return fail(issue('VENUE_VERSION_UNSUPPORTED', `venue QR version ${head[1]} is not supported (only 1)`));
  }
  const parts = text.slice(VENUE_PREFIX.length).split('|');
  if (parts.length !== 4 && parts.length !== 5) {
    return fail(
      issue(
        'VENUE_STRUCTURE',
        `a venue QR has 4 or 5 |-separated fields after ${VENUE_PREFIX}, not ${parts.length}`,
      ),
    );
  }
  const [venueId = '', province = '', commune = '', name = '', sigText] = parts;
  const errors: Issue[] = [];
  if (!VENUE_ID.test(venueId)) {
    errors.push(issue('VENUE_ID_FORMAT', 'venueId: must be 1-22 characters of A-Z a-z 0-9 _ -', 'venueId'));
  }
  if (!PROVINCE.test(province)) {
    errors.push(issue('VENUE_PROVINCE_FORMAT', 'province: must be a 2-digit GSO code 01-99', 'province'));
  }
  if (commune !== '' && !COMMUNE.test(commune)) {
    errors.push(issue('VENUE_COMMUNE_FORMAT', 'commune: must be empty or a 5-digit GSO code', 'commune'));
  }
  if (name.length > VENUE_NAME_MAX) {
    errors.push(issue('VENUE_NAME_TOO_LONG', `name: at most ${VENUE_NAME_MAX} characters`, 'name'));
  } else if (!isFoldedName(name)) {
    errors.push(
      issue('VENUE_NAME_FORMAT', "name: upper case A-Z 0-9 and & ' ( ) , / + # -, single spaces", 'name'),
    );
  }
  let signature: VenueFields['signature'] = null;
  if (sigText === undefined) {
    errors.push(
      issue(
        'VENUE_UNSIGNED',
        'signature: a venue QR must be signed by its registering platform',
        'signature',
      ),
    );
  } else {
    const sig = parseSignatureField(sigText, 'signature');
    if (isIssue(sig)) errors.push(sig);
    else signature = { kid: sig.kid, iat: sig.iat };
  }
  return {
    fields: { version: 1, venueId, province, commune: commune === '' ? null : commune, name, signature },
    errors,
    warnings: [],
  };
}
