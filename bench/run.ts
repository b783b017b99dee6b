/**
 * `npm run bench`: runs the benchmarks below in order, each reading anchors the earlier ones
 * measured in this same run, then prints a table and the JSON document (also written to
 * bench/results/latest.json). Options: `--quick`, `--json` (JSON only), `--only NAME[,NAME]`.
 *
 * Adding a benchmark = one module exporting a {@link Benchmark} + one line in `benchmarks`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { checkinsBenchmark } from './checkins.ts';
import { eventsBenchmark } from './events.ts';
import { decodeBenchmark } from './decode.ts';
import { parseBenchArgs } from './lib/args.ts';
import { describeEnvironment } from './lib/environment.ts';
import { makeFixture } from './lib/fixture.ts';
import { formatTable, type BenchReport } from './lib/report.ts';
import { selectBenchmarks } from './lib/select.ts';
import type { Benchmark, Context } from './lib/types.ts';
import { dccVerifyBenchmark } from './dcc-verify.ts';
import { opensslBenchmark, opensslRsaBenchmark } from './openssl.ts';
import { readBatchBenchmark } from './read-batch.ts';
import { revocationsBenchmark } from './revocations.ts';
import { rowBytesBenchmark } from './row-bytes.ts';
import { linkageBenchmark } from './linkage.ts';
import { passportBenchmark } from './passport.ts';
import { scanHttpBenchmark } from './scan-http.ts';
import { signBenchmark } from './sign.ts';
import { verifyBenchmark } from './verify.ts';
import { webBenchmark } from './web.ts';

/** Every benchmark, in run order: a benchmark comes after those it `requires`. */
export const benchmarks: readonly Benchmark[] = [
  opensslBenchmark, // sets anchors.opensslSignPerSec, opensslVerifyPerSec
  verifyBenchmark, // sets anchors.libraryVerifyPerSec, libraryVerifyInFlightPerSec
  readBatchBenchmark, // oneqr read --jsonl on worker threads vs openssl one core
  signBenchmark,
  decodeBenchmark,

  // ── Server benchmarks ─────────────────────────────────────────────────────────────────────
  passportBenchmark, // DCC issues/s (server issuePassport), vs opensslSignPerSec
  opensslRsaBenchmark, // sets anchors.opensslRsaVerifyPerSec (PS256)
  dccVerifyBenchmark, // DCC verifies/s (ES256, PS256), vs openssl ECDSA / RSA-2048 verify/s
  scanHttpBenchmark, // HTTP /v1/scan via autocannon, SQLite and PostgreSQL, vs libraryVerifyPerSec
  checkinsBenchmark, // durable check-ins/s over HTTP vs pgbench insert TPS; exposure search p99
  rowBytesBenchmark, // bytes per check-in and per audit row on PostgreSQL (heap, indexes, WAL)
  eventsBenchmark, // check-ins/s through JetStream end to end vs direct group commit
  revocationsBenchmark, // revocation log sync bytes (full, one-day delta), re-issues/s under 32 apps
  linkageBenchmark, // dose records linked/s (1 M vs a 1 M register), SQLite and PostgreSQL, vs an exact join

  // ── Web apps (Chromium) ───────────────────────────────────────────────────────────────────
  webBenchmark, // page sizes, scan-ready time, frame → result, page frames/s vs decodePixels
];

const RESULTS = new URL('./results/', import.meta.url);

/** Runs the selected benchmarks; a failure is recorded and the rest go on. */
export async function runBenchmarks(selected: readonly Benchmark[], quick: boolean): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const ctx: Context = {
    quick,
    environment: describeEnvironment(),
    fixture: await makeFixture(),
    anchors: {},
  };
  const report: BenchReport = {
    format: 'oneqr-bench/1',
    startedAt,
    finishedAt: startedAt,
    quick,
    environment: ctx.environment,
    anchors: ctx.anchors,
    results: [],
    failures: [],
  };
  const failed = new Set<string>();
  for (const b of selected) {
    const missing = (b.requires ?? []).filter((r) => failed.has(r));
    if (missing.length > 0) {
      failed.add(b.name);
      report.failures.push({ benchmark: b.name, message: `skipped: ${missing.join(', ')} failed` });
      continue;
    }
    process.stderr.write(`bench: ${b.name}…\n`);
    const t0 = performance.now();
    try {
      report.results.push(...(await b.run(ctx)));
      process.stderr.write(`bench: ${b.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failed.add(b.name);
      report.failures.push({ benchmark: b.name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  report.finishedAt = new Date().toISOString();
  return report;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseBenchArgs>;
  let selected: Benchmark[];
  try {
    args = parseBenchArgs(process.argv.slice(2));
    selected = selectBenchmarks(benchmarks, args.only);
  } catch (err) {
    // A usage mistake: say what is wrong, no stack trace.
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (args.help) {
    const list = benchmarks.map((b) => `  ${b.name.padEnd(10)} ${b.description}`).join('\n');
    process.stdout.write(`npm run bench -- [--quick] [--json] [--only NAME[,NAME]]\n\n${list}\n`);
    return 0;
  }
  const report = await runBenchmarks(selected, args.quick);
  const json = JSON.stringify(report, null, 2);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(new URL('latest.json', RESULTS), `${json}\n`);
  if (!args.json) process.stdout.write(`${formatTable(report)}\n\n`);
  process.stdout.write(`${json}\n`);
  return report.failures.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
