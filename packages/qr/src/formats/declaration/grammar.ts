/**
 * The OneQR movement-declaration QR profile v1 (docs/declaration-qr.md):
 *
 *   OQD1:<declarationId>|<idNumber>|<from>|<to>|<date>|<exp36>|S1.<kid>.<iat36>.<sig>
 *
 * Told apart from every other kind like the venue QR (`:` at index 4 occurs in no document
 * number); `D` names the declaration.
 */

export const DECLARATION_PREFIX = 'OQD1:';
/** Any version's prefix, to recognise the kind before checking the version. */
export const DECLARATION_ANY_PREFIX = /^OQD(\d{1,3}):/;
/** Capacity of a version-10 QR at ECC level M in byte mode (as the venue QR). */
export const DECLARATION_MAX_BYTES = 213;
/** A movement declaration QR is valid at most 72 hours from its issue (issue 7). */
export const DECLARATION_VALIDITY_SECONDS = 72 * 3600;

export const DECLARATION_ID_MAX = 22;
/** Opaque declaration id: fits a base64url UUID (22 characters). */
export const DECLARATION_ID = /^[A-Za-z0-9_-]{1,22}$/;
/** Expiry, Unix seconds in lower-case base 36 (as the signature's iat). */
export const EXP_TEXT = /^[1-9a-z][0-9a-z]{0,6}$/;
