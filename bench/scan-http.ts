/**
 * POST /v1/scan over loopback HTTP with concurrent clients (autocannon), on SQLite and on
 * PostgreSQL, for the two commonest scanners: venue staff (masked name + colour) and health
 * officers (full identity and history). Every request is a real scan of one of 200 signed QRs:
 * token lookup, trust store, signature verify, registry, colour rules, one audit row written.
 *
 * The server runs in its own child pinned to core 0 and autocannon in another pinned to core 1,
 * so neither shares an event loop or a core with the other. The figure is wall-clock req/s, its
 * ratio against the library's sequential read() verify/s (one core) from this run shows what
 * HTTP + database cost on top of the cryptography. PostgreSQL: a fresh `oneqr_bench_<random>`
 * database on ONEQR_BENCH_PG_URL (default 127.0.0.1:5432, user postgres), dropped afterwards;
 * skipped with a note when unreachable. ONEQR_BENCH_CPU_PROF=<dir> writes a --cpu-prof of each
 * server child there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runOnCore } from './lib/on-core.ts';
import { createTempDatabase, DEFAULT_PG_URL, pgUnavailable, type TempDatabase } from './lib/pg-database.ts';
import { startScanServer } from './lib/scan-server.ts';
import { requireAnchor, result, type Benchmark, type Context, type Result } from './lib/types.ts';
import type { LoadInput, LoadOutput } from './scan-http-load.ts';

const NAME = 'scan-http';
const LOAD = new URL('./scan-http-load.ts', import.meta.url);
const CONNECTIONS = 32;
const PERSONS = 300;
const SIGNED = 200;
const ROLES = ['venue-staff', 'health-officer'] as const;
type Engine = 'sqlite' | 'postgres';
type ScanRole = (typeof ROLES)[number];

interface Placement {
  /** Server processes (`oneqr serve --workers`). */
  workers: number;
  server: number | string | null;
  load: number | null;
}

/**
 * One worker: server on core 0, load on core 1 when taskset works and there are two cores.
 * Two workers: the server on cores 0 and 1 (the load generator and PostgreSQL share them: on a
 * two-core machine the figure is a floor). Else unpinned.
 */
function placements(ctx: Context): Placement[] {
  const pin = ctx.environment.taskset && ctx.environment.cores >= 2;
  return [
    pin ? { workers: 1, server: 0, load: 1 } : { workers: 1, server: null, load: null },
    pin ? { workers: 2, server: '0,1', load: null } : { workers: 2, server: null, load: null },
  ];
}

function note(engine: Engine, where: Placement): string {
  const pin =
    where.server === null
      ? 'NOT pinned (taskset or a second core unavailable)'
      : where.workers === 1
        ? 'server child pinned to core 0, autocannon to core 1 (taskset)'
        : `${where.workers} server workers on cores ${where.server} (taskset), autocannon unpinned on the same cores`;
  const pg = engine === 'postgres' ? '; the PostgreSQL server itself is not pinned' : '';
  return `loopback HTTP, ${CONNECTIONS} connections, wall-clock req/s; ${pin}${pg}; each scan writes an audit row`;
}

interface EngineRun {
  engine: Engine;
  url: string;
  cleanup: () => Promise<void>;
}

async function sqliteStore(): Promise<EngineRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oneqr-bench-'));
  return {
    engine: 'sqlite',
    url: `sqlite:${path.join(dir, 'oneqr.sqlite')}`,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

function postgresStore(db: TempDatabase): EngineRun {
  return { engine: 'postgres', url: db.url, cleanup: () => db.drop() };
}

/** Seeds one server, runs each role against it, stops it. */
async function measureEngine(ctx: Context, run: EngineRun, where: Placement): Promise<Result[]> {
  const verify = requireAnchor(
    ctx,
    'libraryVerifyPerSec',
    'library read() verify/s (sequential)',
    'verify/s',
  );
  const inFlight = ctx.anchors.libraryVerifyInFlightPerSec;
  const server = await startScanServer(
    where.server,
    { url: run.url, persons: PERSONS, signed: SIGNED, workers: where.workers },
    process.env.ONEQR_BENCH_CPU_PROF || undefined,
  );
  const results: Result[] = [];
  try {
    for (const role of ROLES) {
      const input: LoadInput = {
        origin: server.ready.origin,
        markUrl: server.ready.markUrl,
        token: server.ready.tokens[role],
        texts: server.ready.texts,
        connections: CONNECTIONS,
        warmupSeconds: ctx.quick ? 0.5 : 2,
        seconds: ctx.quick ? 2 : 10,
      };
      const m = await runOnCore<LoadOutput>(where.load, LOAD, 'scanLoad', input);
      results.push(toResult(run.engine, role, m, verify, inFlight, where, server.ready.seedSeconds));
    }
  } finally {
    await server.stop();
  }
  return results;
}

function toResult(
  engine: Engine,
  role: ScanRole,
  m: LoadOutput,
  verify: ReturnType<typeof requireAnchor>,
  inFlight: number | undefined,
  where: Placement,
  seedSeconds: number,
): Result {
  const cpu = m.after.cpuSeconds - m.before.cpuSeconds;
  const elu = (a: number | null, b: number | null): number => (a === null || b === null ? NaN : a - b);
  const active = elu(m.after.eluActiveMs, m.before.eluActiveMs);
  const idle = elu(m.after.eluIdleMs, m.before.eluIdleMs);
  const perServerCpu = m.requests / cpu;
  const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
  const cores = where.workers === 1 ? '' : `, ${where.workers} workers`;
  return result(NAME, `scan-http: ${engine}, ${role}${cores}`, m.perSecond, 'req/s', verify, {
    pinned: where.server !== null,
    note: note(engine, where),
    detail: {
      engine,
      role,
      workers: where.workers,
      connections: CONNECTIONS,
      seconds: m.durationSeconds,
      requests: m.requests,
      latencyP50Ms: m.latencyP50Ms,
      latencyP99Ms: m.latencyP99Ms,
      latencyMaxMs: m.latencyMaxMs,
      ok2xx: m.ok2xx,
      non2xx: m.non2xx,
      errors: m.errors,
      timeouts: m.timeouts,
      auditRowsAdded: m.after.auditRows - m.before.auditRows,
      serverCpuSeconds: round(cpu),
      // The server's CPU per answered scan (all its processes): the load-independent cost figure.
      serverCpuMsPerScan: round((cpu * 1000) / m.requests),
      // PostgreSQL's own CPU per scan (its backends for this database): what one database core buys.
      ...(m.after.databaseCpuSeconds === null || m.before.databaseCpuSeconds === null
        ? {}
        : {
            databaseCpuMsPerScan: round(
              ((m.after.databaseCpuSeconds - m.before.databaseCpuSeconds) * 1000) / m.requests,
            ),
          }),
      // Per CPU-second of the server process, like the library figure (PostgreSQL's own CPU excluded).
      perServerCpuSecond: round(perServerCpu, 1),
      ratioPerServerCpuToVerify: round(perServerCpu / verify.value, 4),
      ...(inFlight === undefined ? {} : { ratioToVerifyInFlight: round(m.perSecond / inFlight, 4) }),
      ...(Number.isNaN(active) ? {} : { serverEventLoopUtilization: round(active / (active + idle)) }),
      seedSeconds: round(seedSeconds, 2),
      persons: PERSONS,
      signedQrs: SIGNED,
      serverCore: where.server ?? 'unpinned',
      loadCore: where.load ?? 'unpinned',
    },
  });
}

/** Each two-worker result also says how it compares with the one-worker run of the same engine and role. */
function addWorkerRatios(results: Result[]): void {
  for (const r of results) {
    const d = r.detail;
    if (d === undefined || d.workers === 1 || d.workers === undefined) continue;
    const one = results.find(
      (o) => o.detail?.workers === 1 && o.detail.engine === d.engine && o.detail.role === d.role,
    );
    if (one !== undefined) d.ratioToOneWorker = Number((r.value / one.value).toFixed(3));
  }
}

function skipped(reason: string): Result {
  return result(NAME, 'scan-http: postgres (skipped)', 0, 'req/s', null, {
    pinned: false,
    note: `skipped: PostgreSQL unreachable (${reason})`,
    detail: { skipped: true },
  });
}

export const scanHttpBenchmark: Benchmark = {
  name: NAME,
  description: 'POST /v1/scan req/s over loopback (autocannon), SQLite and PostgreSQL, vs library verify/s',
  requires: ['verify'],
  async run(ctx: Context): Promise<Result[]> {
    const results: Result[] = [];
    const pgAdmin = process.env.ONEQR_BENCH_PG_URL || DEFAULT_PG_URL;
    const down = await pgUnavailable(pgAdmin);
    for (const where of placements(ctx)) {
      const sqlite = await sqliteStore();
      try {
        results.push(...(await measureEngine(ctx, sqlite, where)));
      } finally {
        await sqlite.cleanup();
      }
      if (down !== null) {
        if (where.workers === 1) results.push(skipped(down));
        continue;
      }
      const pg = postgresStore(await createTempDatabase(pgAdmin));
      try {
        results.push(...(await measureEngine(ctx, pg, where)));
      } finally {
        await pg.cleanup();
      }
    }
    addWorkerRatios(results);
    const bad = results.filter((r) => Number(r.detail?.non2xx ?? 0) > 0 || Number(r.detail?.errors ?? 0) > 0);
    if (bad.length > 0) {
      const what = bad.map((r) => `${r.name}: ${r.detail?.non2xx} non-2xx, ${r.detail?.errors} errors`);
      throw new Error(`not every scan answered 200: ${what.join('; ')}`);
    }
    return results;
  },
};
