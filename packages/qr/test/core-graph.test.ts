/**
 * The core stays small and isomorphic: what `@oneqr/qr` (src/index.ts) imports, transitively,
 * never reaches the symbol renderer/decoder (qrcode, zxing-wasm) or any Node built-in. Checked on
 * the import graph itself, so a stray import fails here before it bloats a scanner's bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');
const PKG = path.resolve(import.meta.dirname, '..');
/** package.json `imports`: a browser resolves the `default` condition, Node the `node` one. */
const IMPORTS = (
  JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')) as {
    imports: Record<string, { node: string; default: string }>;
  }
).imports;
/** Type-only imports are erased (verbatimModuleSyntax), so they are not edges of the bundle graph. */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'/g;

function graph(
  entry: string,
  condition: 'default' | 'node' = 'default',
): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (spec.startsWith('#')) visit(path.resolve(PKG, IMPORTS[spec]![condition]));
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

  it('leaves the DCC schemas and value sets out: read() loads them on the first HC1', () => {
    const rel = [...files].map((f) => path.relative(SRC, f));
    expect(rel.filter((f) => f.startsWith('formats/dcc/data/') || f === 'formats/dcc/content.ts')).toEqual(
      [],
    );
    const content = graph(path.join(SRC, 'formats/dcc/content.ts'));
    expect([...content.bare]).toContain('@cfworker/json-schema');
  });

  it('imports no package but fflate, and no Node built-in', () => {
    expect([...bare].sort()).toEqual(['fflate']);
  });

  it('under the node condition only the node:crypto backend is added', () => {
    const node = graph(path.join(SRC, 'index.ts'), 'node');
    expect([...node.bare].sort()).toEqual(['fflate', 'node:crypto']);
    expect([...node.files].filter((f) => !files.has(f)).map((f) => path.relative(SRC, f))).toEqual([
      'crypto/backend-node.ts',
    ]);
    expect([...files].map((f) => path.relative(SRC, f))).toContain('crypto/backend-web.ts');
  });

  it('the symbols entry point is separate and does pull qrcode and zxing-wasm', () => {
    const sym = graph(path.join(SRC, 'symbols/index.ts'));
    expect([...sym.bare].some((b) => b.startsWith('qrcode'))).toBe(true);
    expect([...sym.bare].some((b) => b.startsWith('zxing-wasm'))).toBe(true);
  });
});
