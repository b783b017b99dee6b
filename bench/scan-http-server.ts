/**
 * The server side of the scan-http benchmark, run as its own (pinned) process: opens the store
 * named on stdin, seeds persons, an issuing app, signed QRs and scanner tokens through the
 * domain services and the API, listens on loopback, and prints one ready line. A small control
 * server answers `GET /mark` with this process's cumulative CPU, event-loop and audit figures, so
 * the load generator can bracket exactly its measured run. Closing stdin stops everything.
 *
 * With `workers` > 1 the seeded store is then served by `serveWorkers` (what `oneqr serve
 * --workers N` runs): this process is the cluster primary and forks this same script, whose
 * workers run the server with the config in ONEQR_BENCH_WORKER_CONFIG. The mark then sums the CPU
 * of the primary and every worker (from /proc).
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import {
  buildApp,
  serveWorkers,
  createClient,
  createIssuer,
  ensureDefaultRules,
  openStore,
  recordVaccination,
  seedPersons,
  type NewClient,
  type Store,
} from '@oneqr/server';
import { READY_MARK, type ServerInput, type ServerMark, type ServerReady } from './lib/scan-server.ts';
import { readStdinJson } from './lib/stdin-json.ts';

const ISSUER = { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] as const };

async function login(app: FastifyInstance, store: Store, client: NewClient, now: Date): Promise<string> {
  const creds = await createClient(store.db, client, now);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/token',
    payload: { client_id: creds.clientId, client_secret: creds.clientSecret },
  });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return (res.json() as { access_token: string }).access_token;
}

async function seed(
  app: FastifyInstance,
  store: Store,
  input: ServerInput,
): Promise<Omit<ServerReady, 'origin' | 'markUrl' | 'seedSeconds'>> {
  const now = new Date();
  const db = store.db;
  await ensureDefaultRules(db, now);
  await seedPersons(store, input.persons, undefined, now);
  await createIssuer(db, { ...ISSUER, rights: [...ISSUER.rights] }, now);
  const persons = await db
    .selectFrom('registry_persons')
    .select(['id_number', 'full_name', 'birth_date'])
    .orderBy('id_number')
    .limit(input.signed)
    .execute();
  if (persons.length < input.signed) throw new Error(`only ${persons.length} persons seeded`);
  const appToken = await login(
    app,
    store,
    { role: 'app', name: 'PC-Covid backend', issuerId: ISSUER.id },
    now,
  );
  const texts: string[] = [];
  for (const [i, p] of persons.entries()) {
    // Half the persons fully vaccinated: the health officer's answer carries a real history.
    if (i % 2 === 0) {
      for (const [dose, on] of [
        [1, '2021-08-01'],
        [2, '2021-10-01'],
      ] as const) {
        await recordVaccination(
          db,
          { personId: p.id_number, vaccineCode: 'EU/1/21/1529', doseNumber: dose, administeredOn: on },
          now,
        );
      }
    }
    const res = await app.inject({
      method: 'POST',
      url: '/v1/credentials/personal',
      headers: { authorization: `Bearer ${appToken}` },
      payload: { idNumber: p.id_number, fullName: p.full_name, birthDate: p.birth_date },
    });
    if (res.statusCode !== 201) throw new Error(`issue ${p.id_number}: ${res.statusCode} ${res.body}`);
    texts.push((res.json() as { payload: string }).payload);
  }
  const scanner = (role: 'venue-staff' | 'health-officer'): Promise<string> =>
    login(app, store, { role, name: `PC-Covid ${role}`, issuerId: ISSUER.id }, now);
  return {
    texts,
    tokens: {
      'venue-staff': await scanner('venue-staff'),
      'health-officer': await scanner('health-officer'),
    },
  };
}

const WORKER_CONFIG = 'ONEQR_BENCH_WORKER_CONFIG';
/** /proc/<pid>/stat counts CPU in clock ticks: 100 a second on Linux. */
const TICKS_PER_SECOND = 100;

/** User + system CPU clock ticks of a process, from /proc/<pid>/stat. */
function cpuTicks(pid: number): number {
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** User + system CPU seconds of the cluster's workers (0 without workers). */
function workersCpuSeconds(): number {
  let ticks = 0;
  for (const w of Object.values(cluster.workers ?? {})) {
    const pid = w?.process.pid;
    if (pid !== undefined) ticks += cpuTicks(pid);
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU seconds of the PostgreSQL backends now serving this database (the server's pools), when
 * PostgreSQL runs on this machine; null on SQLite or when /proc does not show them. Backends
 * that exited since the last mark and the server's shared background processes (WAL writer,
 * checkpointer) are not counted.
 */
async function databaseCpuSeconds(store: Store): Promise<number | null> {
  if (store.dialect !== 'postgres') return null;
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(
    store.db,
  );
  try {
    return rows.reduce((t, r) => t + cpuTicks(r.pid), 0) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function mark(store: Store, workers: number): Promise<ServerMark> {
  const { user, system } = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const row = await store.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    wallSeconds: performance.now() / 1000,
    cpuSeconds: (user + system) / 1e6 + workersCpuSeconds(),
    eluIdleMs: workers > 1 ? null : elu.idle,
    eluActiveMs: workers > 1 ? null : elu.active,
    auditRows: Number(row.n),
    databaseCpuSeconds: await databaseCpuSeconds(store),
  };
}

function controlServer(store: Store, workers: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/mark') {
      res.writeHead(404).end();
      return;
    }
    mark(store, workers).then(
      (m) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(m)),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const { input, stdinClosed } = await readStdinJson<ServerInput>();
  const t0 = performance.now();
  const store = await openStore({ url: input.url });
  const app = await buildApp({
    store,
    config: { rateLimitPerMinute: 0, tokenRateLimitPerMinute: 0 /* 0 = no limit */, tokenTtlSeconds: 3600 },
    logger: false,
  });
  const seeded = await seed(app, store, input);
  const config = {
    rateLimitPerMinute: 0,
    tokenRateLimitPerMinute: 0,
    tokenTtlSeconds: 3600,
    databaseUrl: input.url,
    host: '127.0.0.1',
    port: 0,
    seedDemo: false,
    retentionIntervalMinutes: 0,
  };
  let origin: string;
  if (input.workers > 1) {
    // The seeding app steps aside; the workers serve the store it seeded.
    await app.close();
    process.env[WORKER_CONFIG] = JSON.stringify(config);
    origin = (await serveWorkers(input.workers, { config, logger: false })).url;
  } else {
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${port(app.server)}`;
  }
  const control = await controlServer(store, input.workers);
  const ready: ServerReady = {
    origin,
    markUrl: `http://127.0.0.1:${port(control)}/mark`,
    seedSeconds: (performance.now() - t0) / 1000,
    ...seeded,
  };
  process.stdout.write(`${READY_MARK}${JSON.stringify(ready)}\n`);

  // Until the parent closes stdin (or the parent dies).
  await stdinClosed();
  await new Promise<void>((resolve) => control.close(() => resolve()));
  if (input.workers > 1) {
    await store.close();
    // serveWorkers' own shutdown: every worker closes gracefully, then this process exits 0.
    process.kill(process.pid, 'SIGTERM');
    await new Promise(() => {});
  }
  await app.close();
  await store.close();
}

const port = (s: { address(): unknown }): number => (s.address() as { port: number }).port;

/** A cluster worker: the server alone, with the primary's config. */
async function worker(): Promise<void> {
  const config = JSON.parse(process.env[WORKER_CONFIG] ?? '{}') as Record<string, unknown>;
  await serveWorkers(1, { config, logger: false });
}

try {
  if (cluster.isWorker) {
    await worker();
    // Until the primary stops it (cluster.ts exits the worker).
    await new Promise(() => {});
  }
  await main();
  // An explicit exit lets --cpu-prof write its profile even if a handle lingers.
  process.exit(0);
} catch (err) {
  process.stderr.write(
    `scan-http server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}
