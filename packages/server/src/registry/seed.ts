/** Demo data: a synthetic population written straight to the store (no CSV file). */
import type { Store } from '../store/store.ts';
import { DEFAULT_SEED, PopulationGenerator } from './population.ts';
import { validatePerson } from './validate.ts';
import { writePersonBatch, type BatchItem } from './write-batch.ts';
import { DEFAULT_BATCH_ROWS } from './import.ts';
import { widenSqliteCache } from './repository.ts';

/**
 * Adds `count` synthetic persons (deterministic for a seed, default 1405) in batches of 10,000;
 * idempotent like the import. Returns how many were inserted, updated or already there.
 */
export async function seedPersons(
  store: Store,
  count: number,
  seed: number = DEFAULT_SEED,
  now: Date = new Date(),
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const gen = new PopulationGenerator(seed);
  const total = { inserted: 0, updated: 0, unchanged: 0 };
  let batch: BatchItem[] = [];
  const flush = async (): Promise<void> => {
    const r = await writePersonBatch(store.db, batch, now.getTime());
    total.inserted += r.inserted;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    batch = [];
  };
  const restoreCache = await widenSqliteCache(store);
  try {
    for (let i = 0; i < count; i++) {
      const p = gen.next();
      // Same normalisation as an import, so a seeded person equals the imported one.
      const v = validatePerson(p, now);
      if (v.person === null) throw new Error(`generated person ${i} is invalid: ${v.errors[0]?.code}`);
      batch.push({ line: i + 2, person: v.person });
      if (batch.length >= DEFAULT_BATCH_ROWS) await flush();
    }
    if (batch.length > 0) await flush();
  } finally {
    await restoreCache();
  }
  return total;
}
