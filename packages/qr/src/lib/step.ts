import type { Issue } from '../errors.ts';

/** The outcome of one pipeline step: its value, or the one issue that stopped it. */
export type Step<T> = { ok: true; value: T; warnings?: Issue[] } | { ok: false; issue: Issue };

export function ok<T>(value: T, warnings?: Issue[]): Step<T> {
  return warnings && warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}

export function fail<T>(issue: Issue): Step<T> {
  return { ok: false, issue };
}

/** The first issue of each code, in order: trying several keys must not repeat one reason. */
export function uniqueCodes(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.code) ? false : (seen.add(i.code), true)));
}
