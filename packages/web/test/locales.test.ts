/** vi.json and en.json carry exactly the same keys, and every key the code names exists. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import vi from '../src/locales/vi.json';
import en from '../src/locales/en.json';

const src = path.resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('locales', () => {
  it('en.json has every key of vi.json and no other', () => {
    const missing = Object.keys(vi).filter((k) => !(k in en));
    const extra = Object.keys(en).filter((k) => !(k in vi));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('no message is empty, and both languages use the same {placeholders}', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(vi)) {
      const e = (en as Record<string, string>)[k]!;
      expect(v.trim(), k).not.toBe('');
      expect(e.trim(), k).not.toBe('');
      expect(holes(e), k).toEqual(holes(v));
    }
  });

  it('every literal key the code passes to t() is in vi.json', () => {
    const used = new Set<string>();
    for (const f of sources(src)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in vi))).toEqual([]);
  });
});
