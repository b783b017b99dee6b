/**
 * The core stays small and isomorphic: what `@oneqr/qr` (src/index.ts) imports, transitively,
 * never reaches the symbol renderer/decoder (qrcode, zxing-wasm) or any Node built-in. Checked on
 * the import graph itself, so a stray import fails here before it bloats a scanner's bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;

function graph(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files, bare };
}

describe('@oneqr/qr core import graph', () => {
  const { files, bare } = graph(path.join(SRC, 'index.ts'));

  it('does not pull the symbols entry point or the Node adapter', () => {
    const rel = [...files].map((f) => path.relative(SRC, f));
    // symbols/codes.ts is a list of strings the error union includes; nothing else of symbols/.
    expect(
      rel.filter((f) => (f.startsWith('symbols/') && f !== 'symbols/codes.ts') || f.startsWith('node/')),
    ).toEqual([]);
    expect(rel.length).toBeGreaterThan(20); // the walk really followed the imports
  });

  it('imports no package but fflate, and no Node built-in', () => {
    expect([...bare].sort()).toEqual(['fflate']);
  });

  it('the symbols entry point is separate and does pull qrcode and zxing-wasm', () => {
    const sym = graph(path.join(SRC, 'symbols/index.ts'));
    expect([...sym.bare].some((b) => b.startsWith('qrcode'))).toBe(true);
    expect([...sym.bare].some((b) => b.startsWith('zxing-wasm'))).toBe(true);
  });
});
