/**
 * `oneqr read --jsonl` as a user runs it: the real command on a batch of signed personal QR
 * lines (the fixture, each line verified against a trust list with its key), verifying on its
 * worker threads over every core. Wall clock from spawn to exit, unpinned (the point is to use
 * all cores), against openssl's single-core verify/s from this run (aim: ≥ 1.2× on 2 cores).
 * Start-up (tsx, the workers) is inside the figure; its share is in `detail.firstLineMs`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { requireAnchor, result, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'read-batch';
const BIN = new URL('../packages/cli/bin/oneqr.js', import.meta.url);

interface BatchRun {
  wallMs: number;
  firstLineMs: number;
  lines: number;
  valid: number;
  code: number | null;
}

/** Runs the command once on `input`, counting output lines and the valid ones. */
function runBatch(dir: string, input: string, env: Record<string, string>): Promise<BatchRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstLineMs = -1;
    let lines = 0;
    let valid = 0;
    let rest = '';
    const child = spawn(process.execPath, [BIN.pathname, 'read', '--jsonl', '--trust', 'trust-list.json'], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (firstLineMs < 0) firstLineMs = performance.now() - t0;
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) {
        lines++;
        if (p.includes('"state":"valid"')) valid++;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ wallMs: performance.now() - t0, firstLineMs, lines, valid, code }));
    child.stdin.end(input);
  });
}

export const readBatchBenchmark: Benchmark = {
  name: NAME,
  description: 'oneqr read --jsonl on worker threads: verified lines/s (wall, all cores) vs openssl one core',
  requires: ['openssl'],
  async run(ctx: Context): Promise<Result[]> {
    const anchor = requireAnchor(ctx, 'opensslVerifyPerSec', 'openssl verify/s (one core)', 'verify/s');
    const count = ctx.quick ? 4000 : 40_000;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oneqr-bench-batch-'));
    try {
      await writeFile(path.join(dir, 'trust-list.json'), JSON.stringify(ctx.fixture.trustList));
      const line = JSON.stringify({ text: ctx.fixture.text, at: ctx.fixture.at }) + '\n';
      const input = line.repeat(count);
      const out: Result[] = [];
      const variants: [string, Record<string, string>][] = [
        [`worker threads (${os.availableParallelism()} cores)`, {}],
        ['main thread only (ONEQR_READ_WORKERS=0)', { ONEQR_READ_WORKERS: '0' }],
      ];
      for (const [label, env] of variants) {
        const r = await runBatch(dir, input, env);
        if (r.code !== 0 || r.lines !== count || r.valid !== count) {
          throw new Error(`${label}: exit ${r.code}, ${r.lines} lines, ${r.valid} valid of ${count}`);
        }
        out.push(
          result(NAME, `read --jsonl: ${label}`, (count * 1000) / r.wallMs, 'lines/s', anchor, {
            pinned: false,
            detail: {
              lines: count,
              wallSeconds: Number((r.wallMs / 1000).toFixed(3)),
              firstLineMs: Math.round(r.firstLineMs),
              cores: os.availableParallelism(),
              loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
            },
            note: 'wall clock from spawn to exit, start-up included, unpinned; aim: ratio ≥ 1.2 on 2 cores',
          }),
        );
      }
      return out;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
