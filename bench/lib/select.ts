/** `--only`: the named benchmarks plus, transitively, those they require, in list order. */
import type { Benchmark } from './types.ts';

/** Throws naming the known benchmarks when a name is unknown. */
export function selectBenchmarks(all: readonly Benchmark[], only: readonly string[]): Benchmark[] {
  if (only.length === 0) return [...all];
  const byName = new Map(all.map((b) => [b.name, b]));
  const wanted = new Set<string>();
  const add = (name: string): void => {
    const b = byName.get(name);
    if (b === undefined)
      throw new Error(`unknown benchmark "${name}"; known: ${[...byName.keys()].join(', ')}`);
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dep of b.requires ?? []) add(dep);
  };
  for (const name of only) add(name);
  return all.filter((b) => wanted.has(b.name));
}
