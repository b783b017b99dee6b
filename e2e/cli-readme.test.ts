/**
 * The README's `oneqr` walkthrough runs as written, top to bottom, in an empty directory (the
 * files it names are made by earlier lines), and every command's --help carries an example.
 * `oneqr` is the checkout's node_modules/.bin/oneqr on PATH, as the README says; `serve` (it
 * never returns) is left out and the registry is generated with 200 persons instead of 1,000,000.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../packages/cli/src/main.ts';

const repo = path.resolve(import.meta.dirname, '..');
const BIN_DIR = path.join(repo, 'node_modules/.bin');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-readme-'));

/** The first ```sh block under "## The `oneqr` command". */
function readmeScript(): string {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `oneqr` command'));
  const m = /```sh\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README: no sh block under "The `oneqr` command"');
  return m[1]!;
}

function leaves(cmd: Command, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const sub of cmd.commands) {
    if (sub.name() === 'help') continue;
    const p = [...prefix, sub.name()];
    out.push(...(sub.commands.length === 0 ? [p] : leaves(sub, p)));
  }
  return out;
}

describe('README: the oneqr walkthrough', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every example line runs, in order, in an empty directory', async () => {
    const script = readmeScript()
      .replace('--count 1000000', '--count 200')
      .split('\n')
      .filter((line) => !/^oneqr serve\b/.test(line))
      .join('\n');
    expect(script).toContain('trust-list sign');
    const { stdout, stderr } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
        ONEQR_DATA_DIR: path.join(dir, 'data'),
        DATABASE_URL: '',
      },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout: string; stderr: string; code: number }) => {
      throw new Error(`README walkthrough failed (exit ${err.code}):\n${err.stderr}`);
    });
    // The venue code verifies against the list the walkthrough signed.
    const venueRead = stdout.split('\n').find((l) => l.startsWith('{"kind":"venue"'));
    expect(venueRead, stdout).toBeDefined();
    expect(JSON.parse(venueRead!)).toMatchObject({ kind: 'venue', signature: { state: 'valid' } });
    // The personal code read back with --trust --root-public, and the scan gives the text back.
    expect(stdout).toContain('signature: valid by PC-Covid (pc-covid)');
    const qr = fs.readFileSync(path.join(dir, 'qr.txt'), 'utf8').trim();
    expect(stdout.split('\n')).toContain(qr);
    expect(stderr).not.toMatch(/unexpected error/);
  }, 240_000);
});

describe('oneqr help', () => {
  it('every command (and the root) shows at least one example', () => {
    const program = buildProgram();
    const paths = [[], ...leaves(program)];
    expect(paths.length).toBeGreaterThan(10);
    for (const p of paths) {
      let cmd: Command = program;
      for (const name of p) cmd = cmd.commands.find((c) => c.name() === name)!;
      let help = '';
      cmd.configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      expect(help, `oneqr ${p.join(' ')} --help`).toMatch(/Examples?:\n {2}oneqr /);
    }
  });
});
