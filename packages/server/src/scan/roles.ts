/** The roles that may scan (SPEC §8), each answered with its own view. */
export const SCANNER_ROLES = ['venue-staff', 'checkpoint-officer', 'health-officer'] as const;
export type ScannerRole = (typeof SCANNER_ROLES)[number];
