/** Constants of the OneQR signature profile S1 (SPEC §2.1), shared by every signed kind. */

/** Version tag that starts the signature field. */
export const SIGNATURE_VERSION = 'S1';

/** Earliest accepted issue time (2020-01-01T00:00:00Z): nothing was signed before the platform. */
export const IAT_MIN = 1_577_836_800;

/** Latest accepted issue time (2100-01-01T00:00:00Z): bounds the base-36 field to 7 characters. */
export const IAT_MAX = 4_102_444_800;

/** Allowed clock difference between issuer and scanner, seconds. */
export const CLOCK_SKEW_SECONDS = 300;

/** Length of the signature value: 64 bytes in base64url without padding. */
export const SIG_B64_LENGTH = 86;

/** Longest possible S1 field: `S1.` + kid 8 + `.` + iat ≤ 7 + `.` + sig 86. */
export const SIGNATURE_FIELD_MAX_LENGTH = 3 + 8 + 1 + 7 + 1 + SIG_B64_LENGTH;

/** Signature-like content (`S<digits>.`), used to spot a signature that is not where it belongs. */
export const SIGNATURE_LIKE = /S\d+\./;

/** True when `iat` is an integer inside the sane range. */
export function isSaneIat(iat: number): boolean {
  return Number.isSafeInteger(iat) && iat >= IAT_MIN && iat <= IAT_MAX;
}
