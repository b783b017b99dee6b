/**
 * Linkage throughput (issue 8): N generated dose records (realistic noise) against an N-person
 * register — 1 M each, `--quick` 20 000, `ONEQR_BENCH_LINKAGE_RECORDS` to develop at another
 * scale — on SQLite and on PostgreSQL (a fresh `oneqr_bench_<random>` database on
 * ONEQR_BENCH_PG_URL, skipped with a note when unreachable). Each engine runs in its own child
 * process (unpinned: PostgreSQL is another process anyway), whose peak RSS is reported. The
 * anchor, measured in the same child on the same rows: a naive exact SQL join on (ID, folded
 * name, birth date). Aim: import + link under 120 s, peak RSS under 1 GB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineOutput, Files } from './linkage-probes.ts';
import { runOnCore } from './lib/on-core.ts';
import { DEFAULT_PG_URL, createTempDatabase, pgUnavailable } from './lib/pg-database.ts';
import { result, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'linkage';
const PROBES = new URL('./linkage-probes.ts', import.meta.url);
const AIM_SECONDS = 120;
const AIM_RSS_MB = 1024;

function scale(ctx: Context): number {
  const env = Number(process.env.ONEQR_BENCH_LINKAGE_RECORDS ?? '');
  if (Number.isInteger(env) && env > 0) return env;
  return ctx.quick ? 20_000 : 1_000_000;
}

function engineResults(engine: string, n: number, registrySeconds: number, o: EngineOutput): Result[] {
  const anchor = {
    name: `naive exact join (${engine})`,
    value: o.records / o.exactSeconds,
    unit: 'records/s',
  };
  const total = o.importSeconds + o.linkSeconds;
  const detail = {
    records: o.records,
    persons: n,
    registryImportSeconds: round(registrySeconds),
    doseImportSeconds: round(o.importSeconds),
    doseImportPerSec: Math.round(o.records / o.importSeconds),
    linkSeconds: round(o.linkSeconds),
    indexSeconds: round(o.indexSeconds),
    endToEndSeconds: round(total),
    // Includes the exact join and the index load; wall clock is what the aim counts.
    cpuSeconds: round(o.cpuSeconds),
    exactJoinSeconds: round(o.exactSeconds),
    exactJoinMatched: o.exactMatched,
    linked: o.linked,
    peakRssMb: Math.round(o.peakRssMb),
    precision: round(o.precision, 4),
    linkedOrQueued: round(o.linkedOrQueued, 4),
    reviewShare: round(o.reviewShare, 4),
    withinAim: total < AIM_SECONDS && o.peakRssMb < AIM_RSS_MB,
  };
  const at = `${n.toLocaleString('en')} records, ${engine}`;
  return [
    result(NAME, `linkage import + link, ${at}`, o.records / total, 'records/s', anchor, {
      pinned: false,
      detail,
    }),
    result(NAME, `linkage run (link only), ${at}`, o.records / o.linkSeconds, 'records/s', anchor, {
      pinned: false,
      detail: { linkSeconds: detail.linkSeconds, indexSeconds: detail.indexSeconds },
    }),
    result(NAME, `linkage peak RSS, ${at}`, Math.round(o.peakRssMb), 'MB', null, {
      pinned: false,
      note: `aim < ${AIM_RSS_MB} MB`,
    }),
  ];
}

/** The register in one child (set-up), then the measured import + link in another. */
async function onEngine(engine: string, url: string, files: Files, n: number): Promise<Result[]> {
  const registrySeconds = await runOnCore<number>(null, PROBES, 'importRegistry', { url, files });
  const out = await runOnCore<EngineOutput>(null, PROBES, 'linkOnEngine', {
    url,
    files,
    applyToHealth: true,
  });
  return engineResults(engine, n, registrySeconds, out);
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

export const linkageBenchmark: Benchmark = {
  name: NAME,
  description:
    'dose records linked per second (import + link, 1 M vs a 1 M register), SQLite and PostgreSQL, vs a naive exact join',
  async run(ctx: Context): Promise<Result[]> {
    const n = scale(ctx);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-bench-linkage-'));
    const results: Result[] = [];
    try {
      const files = await runOnCore<Files>(null, PROBES, 'generateFiles', { dir, persons: n, records: n });
      results.push(...(await onEngine('SQLite', `sqlite:${path.join(dir, 'bench.sqlite')}`, files, n)));
      fs.rmSync(path.join(dir, 'bench.sqlite'), { force: true });
      const pgAdmin = process.env.ONEQR_BENCH_PG_URL || DEFAULT_PG_URL;
      const down = await pgUnavailable(pgAdmin);
      if (down !== null)
        results.push(
          result(NAME, 'linkage on PostgreSQL', 0, 'records/s', null, {
            pinned: false,
            note: `skipped: PostgreSQL unreachable (${down})`,
          }),
        );
      else {
        const db = await createTempDatabase(pgAdmin);
        try {
          results.push(...(await onEngine('PostgreSQL', db.url, files, n)));
        } finally {
          await db.drop();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
