/**
 * Child side of {@link runPinned}: reads `{module, fn, input}` as JSON on stdin, awaits
 * `module[fn](input)` and prints the answer on one marked stdout line.
 */
import { RESULT_MARK } from './pinned.ts';

async function main(): Promise<void> {
  let raw = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) raw += chunk as string;
  const { module, fn, input } = JSON.parse(raw) as { module: string; fn: string; input: unknown };
  try {
    const mod = (await import(module)) as Record<string, unknown>;
    const probe = mod[fn];
    if (typeof probe !== 'function') throw new Error(`${module} has no export ${fn}`);
    const output: unknown = await probe(input);
    process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ok: true, output })}\n`);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ok: false, error })}\n`);
  }
}

await main();
