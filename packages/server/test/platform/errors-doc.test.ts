/** docs/api-errors.md ↔ HTTP_ERRORS, both ways: every code documented with its status, nothing stale. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HTTP_ERRORS } from '../../src/errors.ts';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/api-errors.md');

function documented(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*(\d{3})\s*\|\s*\S/.exec(line);
    if (!m) continue;
    const [, code, status] = m;
    expect(rows.has(code!), `${code} is listed twice in docs/api-errors.md`).toBe(false);
    rows.set(code!, Number(status));
  }
  return rows;
}

describe('docs/api-errors.md', () => {
  const doc = documented();
  const table = HTTP_ERRORS as Record<string, { status: number; message: string }>;

  it('documents every code of HTTP_ERRORS with its status', () => {
    const missing = Object.keys(table).filter((code) => !doc.has(code));
    expect(missing, 'codes in src/errors.ts but not in docs/api-errors.md').toEqual([]);
    for (const [code, spec] of Object.entries(table)) {
      expect(doc.get(code), `status of ${code} in docs/api-errors.md`).toBe(spec.status);
    }
  });

  it('documents no code that does not exist', () => {
    const stale = [...doc.keys()].filter((code) => !(code in table));
    expect(stale, 'codes in docs/api-errors.md but not in src/errors.ts').toEqual([]);
  });

  it('keeps codes SCREAMING_SNAKE with real HTTP error statuses', () => {
    for (const [code, spec] of Object.entries(table)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(spec.status >= 400 && spec.status <= 599, code).toBe(true);
      expect(spec.message.length, code).toBeGreaterThan(0);
    }
  });
});
