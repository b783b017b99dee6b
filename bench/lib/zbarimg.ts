/**
 * Times `zbarimg -q --raw <file>`, one process per call. The figure includes process start and
 * PNG loading: an external reference, not a like-for-like decoder comparison.
 */
import { spawnSync } from 'node:child_process';

export interface ZbarTiming {
  wallMs: number[];
  /** stdout of the last call, trailing newline removed. */
  text: string;
}

/** Whether zbarimg runs here. */
export function hasZbarimg(): boolean {
  return spawnSync('zbarimg', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs zbarimg `calls` times on `file` (pinned to core 0 when `taskset`). Exit 4 = no symbol. */
export function timeZbarimg(file: string, calls: number, taskset: boolean): ZbarTiming {
  const zbar = ['zbarimg', '-q', '--raw', file];
  const [cmd, ...args] = taskset ? ['taskset', '-c', '0', ...zbar] : zbar;
  const wallMs: number[] = [];
  let text = '';
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd!, args, { encoding: 'utf8' });
    wallMs.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg exited ${r.status}: ${r.stderr}`);
    text = r.stdout.replace(/\n$/, '');
  }
  return { wallMs, text };
}
