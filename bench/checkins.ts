/**
 * Check-ins: durable check-ins/s over loopback HTTP on SQLite and PostgreSQL, beside
 * PostgreSQL's own single-row durable insert rate (`pgbench`, same run, scratch database), and
 * the exposure search's latency on a generated dataset (checkins-dataset.ts).
 *
 * - pgbench: `pgbench -n -c 64 -j 2 -T 10` of one `INSERT` per transaction into a fresh table
 *   (synchronous_commit as configured: on), pinned to core 1; its TPS is the anchor.
 * - HTTP: the server child (checkins-http-server.ts) on core 0, autocannon on core 1; every
 *   event has a fresh eventId and is answered only after its commit (group commit). Single
 *   events with 64 connections, as a citizen's app (the venue QR) and as venue staff (a signed
 *   personal QR, i.e. a full scan with its audit row); staff batches of 500 events.
 * - Exposure: `findExposures` for sampled persons over 2 days of a kept dataset; anchored on the
 *   50 ms aim.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runOnCore } from './lib/on-core.ts';
import { createTempDatabase, DEFAULT_PG_URL, pgUnavailable } from './lib/pg-database.ts';
import { startServerChild } from './lib/scan-server.ts';
import { result, type AnchorRef, type Benchmark, type Context, type Result } from './lib/types.ts';
import { CHECKINS_READY, type CheckinServerReady } from './lib/checkins-server.ts';
import type { CheckinLoadInput, CheckinLoadOutput, LoadMode } from './checkins-http-load.ts';
import type { DatasetScale, ExposureInput, ExposureOutput } from './checkins-dataset.ts';

const NAME = 'checkins';
const run = promisify(execFile);
const SERVER = fileURLToPath(new URL('./checkins-http-server.ts', import.meta.url));
const LOAD = new URL('./checkins-http-load.ts', import.meta.url);
const DATASET = new URL('./checkins-dataset.ts', import.meta.url);
const SINGLE_CONNECTIONS = 64;
const BATCH = 500;
const BATCH_CONNECTIONS = 4;

/** Dataset scales: the issue's (PostgreSQL 1 M persons, 50 k venues, 20 M check-ins; SQLite 2 M). */
const SCALES: Record<'full' | 'quick', Record<'postgres' | 'sqlite', DatasetScale>> = {
  full: {
    postgres: { persons: 1_000_000, venues: 50_000, checkins: 20_000_000, days: 14 },
    sqlite: { persons: 100_000, venues: 5_000, checkins: 2_000_000, days: 14 },
  },
  quick: {
    postgres: { persons: 20_000, venues: 1_000, checkins: 200_000, days: 14 },
    sqlite: { persons: 20_000, venues: 1_000, checkins: 200_000, days: 14 },
  },
};

interface Placement {
  server: number | null;
  load: number | null;
}

function placement(ctx: Context): Placement {
  return ctx.environment.taskset && ctx.environment.cores >= 2
    ? { server: 0, load: 1 }
    : { server: null, load: null };
}

/** pgbench's single-row insert TPS on a scratch database (created and dropped here). */
async function pgbenchTps(
  adminUrl: string,
  seconds: number,
  where: Placement,
): Promise<{ tps: number; latencyMs: number }> {
  const db = await createTempDatabase(adminUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'oneqr-pgbench-'));
  try {
    await run('psql', [
      db.url,
      '-qc',
      'create table bench_insert (id bigserial primary key, at timestamptz not null, body text not null)',
    ]);
    const script = path.join(dir, 'insert.sql');
    await writeFile(script, "insert into bench_insert (at, body) values (now(), 'check-in');\n");
    const args = [
      '-n',
      '-c',
      String(SINGLE_CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      script,
      db.url,
    ];
    const [cmd, ...rest] =
      where.load === null ? ['pgbench', ...args] : ['taskset', '-c', String(where.load), 'pgbench', ...args];
    const { stdout } = await run(cmd!, rest, { maxBuffer: 1 << 20 });
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const lat = /latency average = ([\d.]+) ms/.exec(stdout);
    if (!tps) throw new Error(`pgbench: no tps in ${stdout.slice(-300)}`);
    return { tps: Number(tps[1]), latencyMs: Number(lat?.[1] ?? Number.NaN) };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  }
}

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

async function httpRuns(
  ctx: Context,
  engine: 'sqlite' | 'postgres',
  url: string,
  where: Placement,
  anchor: AnchorRef | null,
): Promise<Result[]> {
  const server = await startServerChild<CheckinServerReady>(
    SERVER,
    CHECKINS_READY,
    where.server,
    {
      url,
      persons: 500,
      signed: 200,
      citizens: SINGLE_CONNECTIONS,
    },
    process.env.ONEQR_BENCH_CPU_PROF || undefined,
  );
  const out: Result[] = [];
  try {
    const modes: [LoadMode, number][] = [
      ['single-citizen', SINGLE_CONNECTIONS],
      ['single-staff', SINGLE_CONNECTIONS],
      ['batch-staff', BATCH_CONNECTIONS],
    ];
    for (const [mode, connections] of modes) {
      const input: CheckinLoadInput = {
        mode,
        ...server.ready,
        connections,
        batchSize: BATCH,
        batchesPerConnection: ctx.quick ? 1 : 3,
        warmupSeconds: ctx.quick ? 0.5 : 2,
        seconds: ctx.quick ? 2 : 10,
        runId: `${engine}-${mode}-${Date.now()}`,
      };
      const m = await runOnCore<CheckinLoadOutput>(where.load, LOAD, 'checkinLoad', input);
      // Reported, not thrown: a run that lost requests still says what it stored, and the rest go on.
      const failed = m.non2xx > 0 || m.errors > 0;
      const label =
        mode === 'batch-staff' ? `batches of ${BATCH}` : `single events, ${connections} connections`;
      out.push(
        result(
          NAME,
          `checkins: ${engine}, ${mode.replace('-', ' ')} (${label})`,
          round(m.eventsPerSecond),
          'events/s',
          anchor,
          {
            pinned: where.server !== null,
            note:
              (failed
                ? `NOT ALL ANSWERED: ${m.non2xx} non-2xx, ${m.errors} errors (${m.timeouts} timeouts); `
                : '') +
              'durable (answered after commit) check-ins per wall-clock second stored during the run; ' +
              (where.server === null ? 'NOT pinned' : 'server on core 0, autocannon on core 1') +
              (engine === 'postgres' ? '; PostgreSQL itself unpinned' : ''),
            detail: {
              engine,
              mode,
              connections,
              ...(mode === 'batch-staff' ? { batchSize: BATCH } : {}),
              seconds: round(m.durationSeconds, 2),
              requests: m.requests,
              requestsPerSecond: round(m.perSecond),
              stored: m.storedDuringRun,
              commits: m.commits,
              eventsPerCommit: round(m.storedDuringRun / Math.max(1, m.commits)),
              latencyP50Ms: m.latencyP50Ms,
              latencyP99Ms: m.latencyP99Ms,
              serverCpuSeconds: round(m.serverCpuSeconds, 2),
              eventsPerServerCpuSecond: round(m.storedDuringRun / m.serverCpuSeconds),
              seedSeconds: round(server.ready.seedSeconds, 2),
            },
          },
        ),
      );
    }
  } finally {
    await server.stop();
  }
  return out;
}

async function exposureRun(
  ctx: Context,
  engine: 'sqlite' | 'postgres',
  adminUrl: string,
  where: Placement,
): Promise<Result> {
  const scale = SCALES[ctx.quick ? 'quick' : 'full'][engine];
  const input: ExposureInput = {
    engine,
    pgAdminUrl: adminUrl,
    scale,
    samples: ctx.quick ? 50 : 200,
    fresh: process.env.ONEQR_BENCH_FRESH_DATASET === '1',
  };
  const m = await runOnCore<ExposureOutput>(where.server, DATASET, 'exposureProbe', input);
  return result(
    NAME,
    `checkins: ${engine}, exposure search p99 (${m.rows.toLocaleString('en')} check-ins)`,
    m.p99Ms,
    'ms',
    { name: 'aim: p99 < 50 ms', value: 50, unit: 'ms' },
    {
      pinned: where.server !== null,
      note: `findExposures over a 2-day window, ${m.samples} sampled persons, sequential; dataset ${m.reused ? 'reused' : `generated in ${m.generateSeconds} s`}`,
      detail: {
        engine,
        ...Object.fromEntries(Object.entries(scale).map(([k, v]) => [`scale_${k}`, v])),
        rows: m.rows,
        p50Ms: m.p50Ms,
        p99Ms: m.p99Ms,
        maxMs: m.maxMs,
        oneCommitP50Ms: m.oneCommitP50Ms,
        oneCommitP99Ms: m.oneCommitP99Ms,
        meanExposures: m.meanExposures,
        maxExposures: m.maxExposures,
        database: m.database,
        reused: m.reused,
        generateSeconds: m.generateSeconds,
        ...(m.personPlan ? { personPlan: m.personPlan, venuePlan: m.venuePlan } : {}),
      },
    },
  );
}

export const checkinsBenchmark: Benchmark = {
  name: NAME,
  description:
    'durable check-ins/s over HTTP (single, batches of 500; SQLite, PostgreSQL) vs pgbench insert TPS; exposure search p50/p99',
  async run(ctx: Context): Promise<Result[]> {
    const where = placement(ctx);
    const adminUrl = process.env.ONEQR_BENCH_PG_URL || DEFAULT_PG_URL;
    const down = await pgUnavailable(adminUrl);
    const results: Result[] = [];
    let anchor: AnchorRef | null = null;
    if (down === null && process.env.ONEQR_BENCH_SKIP_HTTP !== '1') {
      const pgb = await pgbenchTps(adminUrl, ctx.quick ? 3 : 10, where);
      anchor = {
        name: `pgbench single-row INSERT TPS (${SINGLE_CONNECTIONS} clients)`,
        value: pgb.tps,
        unit: 'tps',
      };
      results.push(
        result(
          NAME,
          `checkins: pgbench single-row insert (${SINGLE_CONNECTIONS} clients)`,
          round(pgb.tps),
          'tps',
          null,
          {
            pinned: where.load !== null,
            note: 'the anchor: PostgreSQL durable single-row INSERT transactions/s, pgbench on core 1',
            detail: { latencyAverageMs: pgb.latencyMs },
          },
        ),
      );
    }
    const http = process.env.ONEQR_BENCH_SKIP_HTTP !== '1';
    const dir = await mkdtemp(path.join(tmpdir(), 'oneqr-bench-checkins-'));
    try {
      if (http)
        results.push(
          ...(await httpRuns(ctx, 'sqlite', `sqlite:${path.join(dir, 'oneqr.sqlite')}`, where, anchor)),
        );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    if (down === null && http) {
      const db = await createTempDatabase(adminUrl);
      try {
        results.push(...(await httpRuns(ctx, 'postgres', db.url, where, anchor)));
      } finally {
        await db.drop();
      }
    } else if (down !== null) {
      results.push(
        result(NAME, 'checkins: postgres (skipped)', 0, 'events/s', null, {
          pinned: false,
          note: `skipped: PostgreSQL unreachable (${down})`,
          detail: { skipped: true },
        }),
      );
    }
    if (process.env.ONEQR_BENCH_SKIP_EXPOSURE !== '1')
      results.push(await exposureRun(ctx, 'sqlite', adminUrl, where));
    if (down === null && process.env.ONEQR_BENCH_SKIP_EXPOSURE !== '1')
      results.push(await exposureRun(ctx, 'postgres', adminUrl, where));
    return results;
  },
};
