/** What an issuer may sign (SPEC §4): the trust list's rights, stored as a JSON array. */
import { RIGHTS, type Right } from '@oneqr/qr';

export { RIGHTS, type Right };

export function isRight(value: unknown): value is Right {
  return typeof value === 'string' && (RIGHTS as readonly string[]).includes(value);
}

/** Parses the stored JSON array, keeping only known rights (in canonical order). */
export function parseRights(json: string): Right[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return RIGHTS.filter((r) => raw.includes(r));
}

/** Canonical JSON for the store: known rights only, deduplicated, canonical order. */
export function serialiseRights(rights: readonly Right[]): string {
  return JSON.stringify(RIGHTS.filter((r) => rights.includes(r)));
}
