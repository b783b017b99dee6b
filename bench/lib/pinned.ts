/**
 * Runs one measurement in a fresh Node process pinned to core 0 (`taskset -c 0`), so our
 * single-core figures are taken the way `openssl speed` is, and one loop's JIT and GC state
 * cannot leak into the next. Without taskset the child runs unpinned and the result says so.
 */
import { runOnCore } from './on-core.ts';

/** The line prefix the child prints its answer after (anything else on stdout is passed through). */
export const RESULT_MARK = '@@bench-probe ';

export interface Pinned<O> {
  output: O;
  pinned: boolean;
}

/**
 * Calls `module`'s export `fn(input)` in a child process and returns what it resolved to.
 * `input` and the output travel as JSON. Rejects when the child fails.
 */
export async function runPinned<O>(
  module: URL,
  fn: string,
  input: unknown,
  taskset: boolean,
): Promise<Pinned<O>> {
  const output = await runOnCore<O>(taskset ? 0 : null, module, fn, input);
  return { output, pinned: taskset };
}
