/**
 * The linkage commands end to end, as an outside evaluation runs them: `registry generate|import`,
 * `vaccinations generate|import`, `linkage run|explain|export|evaluate`, on one SQLite file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-linkage-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function oneqr(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ONEQR_DATA_DIR: dir, DATABASE_URL: '' },
    cwd: dir,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('sqlite: oneqr linkage commands', () => {
  it('generates, imports, links, explains, exports and evaluates', async () => {
    const at = (f: string) => path.join(dir, f);
    expect((await oneqr('registry', 'generate', '--count', '2000', '--out', at('people.csv'))).code).toBe(0);
    expect((await oneqr('registry', 'import', at('people.csv'))).code).toBe(0);
    const gen = await oneqr(
      'vaccinations',
      'generate',
      '--registry',
      at('people.csv'),
      '--count',
      '3000',
      '--noise',
      'realistic',
      '--out',
      at('doses.csv'),
      '--truth',
      at('truth.csv'),
      '--json',
    );
    expect(gen.code, gen.err).toBe(0);
    const imported = await oneqr('vaccinations', 'import', at('doses.csv'), '--json');
    expect(JSON.parse(imported.out)).toMatchObject({ rows: 3000, inserted: 3000, rejected: 0 });

    const run = await oneqr('linkage', 'run', '--json');
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out) as {
      records: number;
      byDecision: Record<string, number>;
      applied: number;
    };
    expect(summary.records).toBe(3000);
    expect(summary.applied).toBe(summary.byDecision.linked);

    const exported = await oneqr('linkage', 'export', '--out', at('links.csv'));
    expect(exported.code, exported.err).toBe(0);
    const rows = fs.readFileSync(at('links.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('record_id,site,decision,id_number,score,category');
    expect(rows).toHaveLength(3001);
    // A record linked by similarity: explain names its candidates, their features and the reason.
    const similar = rows.find((r) => r.endsWith(',linked-by-similarity'))?.split(',');
    expect(similar).toBeDefined();
    const explained = await oneqr('linkage', 'explain', similar![0]!);
    expect(explained.code, explained.err).toBe(0);
    expect(explained.out).toContain(`decision: linked (linked-by-similarity) → ${similar![3]}`);
    expect(explained.out).toMatch(/why: Best score [\d.]+ ≥ 15/);
    expect(explained.out).toMatch(
      /candidate\(s\) considered, best:\n {4}\d+: score [\d.]+: id=.*name=.*birthDate=/,
    );

    const evaluated = await oneqr('linkage', 'evaluate', '--truth', at('truth.csv'), '--json');
    expect(evaluated.code, evaluated.err).toBe(0);
    expect(JSON.parse(evaluated.out)).toMatchObject({ records: 3000 });
    const text = await oneqr('linkage', 'evaluate', '--truth', at('truth.csv'));
    expect(text.out).toMatch(/precision [\d.]+ %/);
    expect(text.out).toContain('category               records');
    expect((await oneqr('linkage', 'explain', 'no-such-record')).code).not.toBe(0);
  }, 240_000);
});
