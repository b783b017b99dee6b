/**
 * `oneqr serve --workers N`: N processes behind one port (node:cluster; Node 20 has no
 * SO_REUSEPORT). The primary accepts connections and hands them round-robin to the workers,
 * each a whole API node (its own pool, caches and group-commit writers) over the one database.
 * Workers share nothing but the database, exactly like separate machines: what one worker
 * changes, the others see within the cache staleness bound (store/change-watch.ts).
 *
 * SIGINT/SIGTERM on the primary: every worker stops accepting, finishes its in-flight requests
 * and closes its store; the primary exits when all have. A worker that dies otherwise is replaced.
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { startServer, type StartServerOptions } from './server.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './clock.ts';
import { openStore } from './store/store.ts';

/** The default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/** Sent by a worker once it listens. */
interface ReadyMessage {
  oneqr: 'ready';
  url: string;
}

const isReady = (m: unknown): m is ReadyMessage =>
  typeof m === 'object' && m !== null && (m as { oneqr?: unknown }).oneqr === 'ready';

/** A worker's index (0…N-1), kept across replacements: worker 0 alone runs retention purges. */
const INDEX_ENV = 'ONEQR_WORKER_INDEX';
/** A replaced worker waits this long first, so a worker failing at boot does not spin. */
const RESPAWN_DELAY_MS = 1000;

/**
 * Runs the server in `workers` processes on one port (1: in this process, no cluster). In the
 * primary it resolves once every worker listens, with the URL they share.
 */
export async function serveWorkers(workers: number, opts: StartServerOptions = {}): Promise<{ url: string }> {
  if (cluster.isWorker) return runWorker(opts);
  if (workers <= 1) return { url: (await startServer(opts)).url };
  const demoMessage = await prepareStore(opts);
  return runPrimary(workers, demoMessage);
}

/**
 * The primary's own log lines, in the workers' (pino) JSON shape on stdout, so one log reader
 * sees the deployment's boot and shutdown as it does a single process's.
 */
function primaryLog(fields: Record<string, unknown>, msg: string): void {
  const line = { level: 30, time: Date.now(), pid: process.pid, hostname: os.hostname(), ...fields, msg };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Migrations and the demo seed, once, before any worker boots: N workers seeding one fresh
 * SQLite file at once would queue behind the seed's long write transaction, and one waiting
 * past busy_timeout would fail its boot. The workers then find both done.
 */
async function prepareStore(
  opts: StartServerOptions,
): Promise<{ fields: Record<string, unknown>; msg: string }> {
  const config = { ...loadConfig(), ...opts.config };
  const store = await openStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { demoAtBoot } = await import('./seed/demo.ts');
    const demo = await demoAtBoot(store, {
      seed: config.seedDemo,
      dataDir: config.dataDir,
      now: (opts.clock ?? systemClock)(),
    });
    // The workers find the seed done and would only say "seeded earlier": the primary says what it did.
    return { fields: { demo: demo.demo, credentialsFile: demo.credentialsFile }, msg: demo.message };
  } finally {
    await store.close();
  }
}

async function runWorker(opts: StartServerOptions): Promise<{ url: string }> {
  const index = Number(process.env[INDEX_ENV] ?? 0);
  const config = { ...opts.config };
  // One purge schedule for the deployment's node, not one per worker.
  if (index !== 0) config.retentionIntervalMinutes = 0;
  // A stop may come while the worker is still booting (the primary stops every worker as soon as
  // it is told to): listen first, and close once the server is up.
  type Server = Awaited<ReturnType<typeof startServer>>;
  const booted: { server?: Server } = {};
  let stopping = false;
  const close = (s: Server): void => {
    s.app.log.info({ worker: index }, 'shutting down');
    void s.close().then(
      () => process.exit(process.exitCode ?? 0),
      (err: unknown) => {
        s.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (booted.server) close(booted.server);
  };
  // A terminal's Ctrl-C reaches every process of the group; the primary sends `stop`; a
  // primary that died leaves the channel disconnected. Each closes gracefully, once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
  process.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && (m as { oneqr?: unknown }).oneqr === 'stop') stop();
  });
  process.once('disconnect', stop);
  // Its own signal handling: the IPC channel would keep a closed worker alive, so it exits after.
  // One in-node event writer (serve --consume) per node, as one purge schedule.
  const server = await startServer({
    ...opts,
    config,
    consume: opts.consume === true && index === 0,
    handleSignals: false,
  });
  booted.server = server;
  if (stopping) {
    close(server);
    return { url: server.url };
  }
  const ready: ReadyMessage = { oneqr: 'ready', url: server.url };
  process.send?.(ready);
  return { url: server.url };
}

function runPrimary(
  workers: number,
  demoMessage: { fields: Record<string, unknown>; msg: string },
): Promise<{ url: string }> {
  let stopping = false;
  const live = new Set<Worker>();
  return new Promise((resolve, reject) => {
    let ready = 0;
    const fork = (index: number): void => {
      const w = cluster.fork({ [INDEX_ENV]: String(index) });
      live.add(w);
      w.on('message', (m: unknown) => {
        if (!isReady(m)) return;
        ready++;
        if (ready === workers) {
          console.error(`OneQR: ${workers} workers listening on ${m.url} (primary pid ${process.pid})`);
          primaryLog({ url: m.url, workers }, `OneQR listening on ${m.url}`);
          resolve({ url: m.url });
        }
      });
      w.on('exit', (code, signal) => {
        live.delete(w);
        if (stopping) {
          if (live.size === 0) process.exit(process.exitCode ?? 0);
          return;
        }
        if (ready < workers) {
          reject(new Error(`worker ${index} exited before listening (code ${code}, signal ${signal})`));
          stopAll(1);
          return;
        }
        console.error(`OneQR: worker ${index} exited (code ${code}, signal ${signal}); starting another`);
        setTimeout(() => fork(index), RESPAWN_DELAY_MS).unref();
      });
    };
    const stopAll = (exitCode: number): void => {
      if (stopping) return;
      stopping = true;
      if (exitCode !== 0) process.exitCode = exitCode;
      if (live.size === 0) process.exit(process.exitCode ?? 0);
      // Each worker finishes its in-flight requests, closes its store and exits.
      for (const w of live) if (w.isConnected()) w.send({ oneqr: 'stop' });
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        primaryLog({ signal }, 'shutting down');
        stopAll(0);
      });
    // Before any worker answers: what the seed did, as a single process says it at boot.
    primaryLog(demoMessage.fields, demoMessage.msg);
    for (let i = 0; i < workers; i++) fork(i);
  });
}
