/**
 * A bench child's input: the first line of standard input, as JSON (the parent writes it), and
 * a wait for the parent to close standard input (or to die) — the child's signal to stop.
 */
export async function readStdinJson<T>(): Promise<{ input: T; stdinClosed: () => Promise<void> }> {
  process.stdin.setEncoding('utf8');
  const lines = process.stdin[Symbol.asyncIterator]();
  let buffered = '';
  while (!buffered.includes('\n')) {
    const next = await lines.next();
    if (next.done === true) throw new Error('no input on stdin');
    buffered += next.value as string;
  }
  const input = JSON.parse(buffered.slice(0, buffered.indexOf('\n'))) as T;
  const stdinClosed = async (): Promise<void> => {
    for (let next = await lines.next(); next.done !== true; next = await lines.next());
  };
  return { input, stdinClosed };
}
