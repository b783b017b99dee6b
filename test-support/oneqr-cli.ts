/**
 * Runs the checkout's `oneqr` command as a user would (a child process), for the tests of the
 * CLI: a failed command answers its exit code and output instead of throwing.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const BIN = path.resolve(import.meta.dirname, '../packages/cli/bin/oneqr.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `oneqr ARGS…` in `cwd` with `env`. */
export function oneqrIn(cwd: string, env: NodeJS.ProcessEnv): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd, env });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as CliRun;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
