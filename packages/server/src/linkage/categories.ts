/**
 * The outcome categories of a dose record. The first eight are SPEC §7's (the real clean-up's);
 * linked-by-similarity and needs-review are what OneQR's scoring adds. Stable: add, never rename.
 */
export const CHECK_RESULTS = [
  'matched',
  'no-id-number',
  'wrong-id-format',
  'id-not-found',
  'name-mismatch',
  'birth-date-mismatch',
  'gender-mismatch',
  'not-yet-verified',
] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export const CATEGORIES = [...CHECK_RESULTS, 'linked-by-similarity', 'needs-review'] as const;
export type Category = (typeof CATEGORIES)[number];

export const DECISIONS = ['linked', 'review', 'unmatched'] as const;
export type Decision = (typeof DECISIONS)[number];
