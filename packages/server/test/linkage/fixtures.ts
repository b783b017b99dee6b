/** Linkage test fixtures: dose files written to a temp folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export { DOSE_CSV_HEADER as DOSE_HEADER } from '../../src/linkage/dose-import.ts';

export const NOW = new Date('2025-03-01T08:00:00.000Z');

/** Writes `content` to a fresh temp file and returns its path. */
export function writeFile(content: string | Buffer, name = 'doses.csv'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-doses-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
