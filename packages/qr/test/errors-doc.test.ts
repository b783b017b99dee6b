/**
 * docs/errors.md documents every code of ERROR_CODES, and nothing else; codes are unique across
 * folders; the page is what scripts/gen-error-docs.ts generates from the codes.ts comments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/index.ts';
import { DOC_PATH, readGroups, renderDoc } from '../../../scripts/gen-error-docs.ts';

/** Adding a code is deliberate: update this number together with the docs. */
const TOTAL_CODES = 229;

const doc = readFileSync(DOC_PATH, 'utf8');
const rows = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \| (.*) \|$/gm)].map((m) => ({
  code: m[1]!,
  severity: m[2]!.trim(),
  meaning: m[3]!.trim(),
}));
const documented = rows.map((r) => r.code);

describe('docs/errors.md', () => {
  it('documents every code of ERROR_CODES', () => {
    const missing = ERROR_CODES.filter((c) => !documented.includes(c));
    expect(missing, 'run: npx tsx scripts/gen-error-docs.ts').toEqual([]);
  });

  it('documents no code that does not exist', () => {
    const known: readonly string[] = ERROR_CODES;
    expect(documented.filter((c) => !known.includes(c))).toEqual([]);
  });

  it('holds the pinned number of codes, each once, each with a meaning and a severity', () => {
    expect(ERROR_CODES).toHaveLength(TOTAL_CODES);
    expect(rows).toHaveLength(TOTAL_CODES);
    expect(new Set(documented).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.meaning, r.code).not.toBe('');
      expect(r.severity, r.code).toMatch(/^(error|error \(verification\)|warning.*)$/);
    }
  });

  it('is what scripts/gen-error-docs.ts generates (edit codes.ts comments, then run it)', () => {
    expect(doc).toBe(renderDoc(readGroups()));
  });

  it('links to a codes.ts file that exists for every group', () => {
    for (const m of doc.matchAll(/^`(packages\/qr\/src\/[a-z/-]+\/codes\.ts)`/gm)) {
      expect(() => readFileSync(path.resolve(DOC_PATH, '../..', m[1]!))).not.toThrow();
    }
  });
});

describe('ERROR_CODES', () => {
  it('has no code owned by two folders', () => {
    const owners = new Map<string, string[]>();
    for (const g of readGroups()) {
      for (const c of g.codes) owners.set(c.code, [...(owners.get(c.code) ?? []), g.folder]);
    }
    const shared = [...owners]
      .filter(([, folders]) => folders.length > 1)
      .map(([c, f]) => `${c}: ${f.join(', ')}`);
    expect(shared).toEqual([]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('is exactly the codes.ts lists the generator reads, in order (the parser misses nothing)', () => {
    expect(readGroups().flatMap((g) => g.codes.map((c) => c.code))).toEqual([...ERROR_CODES]);
  });
});
