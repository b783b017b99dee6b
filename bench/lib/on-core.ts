/**
 * Child processes on a chosen core: single-core loops run on core 0; the HTTP benchmark puts
 * the server on core 0 and its load generator on core 1 so the two never share a core.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULT_MARK } from './pinned.ts';

const CHILD = fileURLToPath(new URL('./probe-child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** `node --import tsx …args`, behind `taskset -c core` when a core (or a list, `0,1`) is given. */
export function nodeCommand(core: number | string | null, args: readonly string[]): [string, string[]] {
  const node = [process.execPath, '--import', TSX, ...args];
  const [cmd, ...rest] = core === null ? node : ['taskset', '-c', String(core), ...node];
  return [cmd!, rest];
}

/**
 * Calls `module`'s export `fn(input)` in a child process (pinned to `core` unless null) and
 * returns what it resolved to. Input and output travel as JSON. Rejects when the child fails.
 */
export function runOnCore<O>(core: number | null, module: URL, fn: string, input: unknown): Promise<O> {
  const [cmd, args] = nodeCommand(core, [CHILD]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || line === undefined) {
        reject(new Error(`probe ${fn} exited ${code}: ${out.trim().slice(-500)}`));
        return;
      }
      const answer = JSON.parse(line.slice(RESULT_MARK.length)) as {
        ok: boolean;
        output?: O;
        error?: string;
      };
      if (answer.ok) resolve(answer.output as O);
      else reject(new Error(`probe ${fn} failed: ${answer.error}`));
    });
    child.stdin.end(JSON.stringify({ module: module.href, fn, input }));
  });
}
