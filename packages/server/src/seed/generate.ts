/** Writes a synthetic registry CSV (the import's format), streaming with backpressure. */
import fs from 'node:fs';
import { once } from 'node:events';
import { csvField, REGISTRY_CSV_HEADER } from '../registry/index.ts';
import { DEFAULT_SEED, PopulationGenerator, type SyntheticPerson } from './population.ts';

/** One CSV line (with its \n) for a generated person. */
export function personCsvLine(p: SyntheticPerson): string {
  return `${p.idNumber},${csvField(p.fullName)},${p.birthDate},${p.gender},${p.phone},${p.provinceCode},${csvField(p.address)}\n`;
}

/**
 * Generates `count` persons from `seed` (default 1405) into `outPath`: same seed and count →
 * same bytes. Memory stays constant (rows go out in chunks; writes wait for 'drain').
 * `onProgress(done)` is called after each chunk of 1000 rows and at the end.
 */
export async function generateRegistryCsv(
  outPath: string,
  opts: {
    count: number;
    seed?: number;
    onProgress?: (done: number) => void;
    /** false: refuse (EEXIST) when `outPath` exists, checked atomically when opening. Default true. */
    overwrite?: boolean;
  },
): Promise<void> {
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new Error('count must be a non-negative integer');
  const gen = new PopulationGenerator(opts.seed ?? DEFAULT_SEED);
  const out = fs.createWriteStream(outPath, {
    encoding: 'utf8',
    flags: opts.overwrite === false ? 'wx' : 'w',
  });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // observed below; avoid an unhandled rejection while writing
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  try {
    await write(`${REGISTRY_CSV_HEADER}\n`);
    let done = 0;
    while (done < opts.count) {
      const n = Math.min(1000, opts.count - done);
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += personCsvLine(gen.next());
      await write(chunk);
      done += n;
      opts.onProgress?.(done);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    out.destroy();
    throw err;
  }
}
