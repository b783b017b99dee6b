/**
 * The optional shared data (peer conformance vectors, public CSVs) that some tests compare
 * against. It is never part of the repository: by default it is read in place from
 * `<repo>/../shared`; `ONEQR_SHARED_DIR=/path` points elsewhere and `ONEQR_SHARED_DIR=none`
 * hides it, so a run can see the repository exactly as a stranger's fresh clone does.
 *
 * A test that needs a part of it asks `optionalShared()`, which answers the absolute path or
 * null, and in the null case prints one visible SKIPPED line naming what is not checked.
 * Nothing else may depend on whether the data is present (see acceptance/fuzz.test.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SHARED_DIR_ENV = 'ONEQR_SHARED_DIR';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** Where the shared data is looked for (null: hidden on purpose). */
function sharedDirSetting(): string | null {
  const env = process.env[SHARED_DIR_ENV]?.trim();
  if (env === undefined || env === '') return path.resolve(repoRoot, '../shared');
  if (env.toLowerCase() === 'none') return null;
  return path.resolve(env);
}

/**
 * The absolute path of `rel` inside the shared data when it exists, else null, after printing
 * `[optional data] SKIPPED <what>: …` so the skip is seen in the test output.
 */
export function optionalShared(rel: string, what: string): string | null {
  const root = sharedDirSetting();
  if (root === null) {
    console.warn(`[optional data] SKIPPED ${what}: ${SHARED_DIR_ENV}=none hides the shared data`);
    return null;
  }
  const full = path.join(root, rel);
  if (existsSync(full)) return full;
  console.warn(
    `[optional data] SKIPPED ${what}: ${full} is absent (optional; set ${SHARED_DIR_ENV} to its folder)`,
  );
  return null;
}
