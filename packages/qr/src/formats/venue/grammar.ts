/**
 * The OneQR venue QR profile v1 (docs/venue-qr.md):
 *
 *   OQV1:<venueId>|<province>|<commune>|<name>|S1.<kid>.<iat36>.<sig>
 *
 * `:` at index 4 cannot occur in any other kind a scanner reads (1405 starts with an
 * alphanumeric document number then `|`, CCCD and bare IDs with digits, DCC with `HC1:`,
 * SMART Health Cards with `shc:/`).
 */

/** Start of every venue QR of this version. */
export const VENUE_PREFIX = 'OQV1:';

/** Any version's prefix, to recognise the kind before checking the version. */
export const VENUE_ANY_PREFIX = /^OQV(\d{1,3}):/;

/** Capacity of a version-10 QR at ECC level M in byte mode. */
export const VENUE_MAX_BYTES = 213;

export const VENUE_ID_MAX = 22;
export const VENUE_NAME_MAX = 64;

/** Opaque venue id: fits a base64url UUID (22 characters). */
export const VENUE_ID = /^[A-Za-z0-9_-]{1,22}$/;
export const PROVINCE = /^(0[1-9]|[1-9]\d)$/;
export const COMMUNE = /^\d{5}$/;
/** Folded name characters: no `|` (separator), no `.` (only the signature has dots). */
export const NAME_CHARS = /^[A-Z0-9 &'(),/+#-]+$/;

/** True when `name` is 1-64 allowed characters, single-spaced, no leading/trailing space. */
export function isFoldedName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= VENUE_NAME_MAX &&
    NAME_CHARS.test(name) &&
    !name.startsWith(' ') &&
    !name.endsWith(' ') &&
    !name.includes('  ')
  );
}
