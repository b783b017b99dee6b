/** Demo data: a synthetic population written straight to the store (no CSV file). */
import type { Store } from '../store/store.ts';
import { importPersons, type PersonInput } from '../registry/service.ts';
import { DEFAULT_SEED, PopulationGenerator } from './population.ts';

/**
 * Adds `count` synthetic persons (deterministic for a seed, default 1405) in batches of 10,000;
 * idempotent like the import. Returns how many were inserted, updated or already there.
 */
export function seedPersons(
  store: Store,
  count: number,
  seed: number = DEFAULT_SEED,
  now: Date = new Date(),
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  return importPersons(store, generatePersons(new PopulationGenerator(seed), count), now);
}

function* generatePersons(gen: PopulationGenerator, count: number): Generator<PersonInput> {
  for (let i = 0; i < count; i++) yield gen.next();
}
