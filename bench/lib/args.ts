/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

export interface BenchArgs {
  quick: boolean;
  /** Print only the JSON document (no table). */
  json: boolean;
  /** Benchmark names to run (their `requires` are added); empty = all. */
  only: string[];
  help: boolean;
}

/** Parses `argv` (without node and the script); throws on an unknown option. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = (values.only ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return { quick: values.quick ?? false, json: values.json ?? false, only, help: values.help ?? false };
}
