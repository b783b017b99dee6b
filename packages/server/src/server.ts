/**
 * server.ts listens; app.ts builds. Owns the logger, the store's lifetime and graceful shutdown.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { openStore } from './store/store.ts';
import {
  masterKeyFromEnv,
  scheduleRevocationWriter,
  unreadableKeys,
  unreadableReason,
  wrapPlainKeys,
} from './issuers/service.ts';
import { scheduleRetention } from './retention/service.ts';
import type { RunningEvents } from './events/index.ts';

export interface StartServerOptions {
  config?: Partial<Config>;
  clock?: Clock;
  /** Close on SIGINT/SIGTERM (default true; tests pass false). */
  handleSignals?: boolean;
  /** Pino options override (default: loggerOptions(config)); false silences. */
  logger?: boolean | object;
  /** With the event pipeline configured: also write its events to the database in this process. */
  consume?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 (the real port when config.port is 0). */
  url: string;
  /** Stops accepting, finishes in-flight requests, then closes the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * Pino options: the route pattern instead of the raw URL (which can carry an id number), no
 * headers, no bodies, and Authorization/Cookie redacted should anything log them.
 */
export function loggerOptions(config: Pick<Config, 'logLevel'>): object {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        'authorization',
        'client_secret',
        '*.client_secret',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        route: req.routeOptions?.url ?? 'unmatched',
        remoteAddress: req.ip,
      }),
      // Only kind, code, message and stack: driver errors carry fields (pg `detail`) that quote values.
      err: (err: Error & { code?: unknown }) => ({
        type: err.name,
        code: err.code,
        message: err.message,
        stack: err.stack,
      }),
    },
  };
}

/** Loads config, opens (and migrates) the store, seeds the demo if asked, builds the app and listens. */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...opts.config };
  const clock = opts.clock ?? systemClock;
  const store = await openStore({ url: config.databaseUrl, dataDir: config.dataDir });
  let app: FastifyInstance;
  let events: RunningEvents | undefined;
  try {
    // A master key set after keys were stored: wrap the plain ones now, before anything signs.
    const masterKey = masterKeyFromEnv();
    const wrapped = masterKey === undefined ? undefined : await wrapPlainKeys(store.db, masterKey);
    app = await buildApp({ store, config, clock, logger: opts.logger ?? loggerOptions(config) });
    if (wrapped && wrapped.wrapped > 0)
      app.log.info({ wrapped: wrapped.wrapped }, 'private keys stored in plain text were wrapped');
    // A wrong or missing master key: say so at boot, not only in /readyz.
    const unreadable = await unreadableKeys(store.db, masterKey);
    if (unreadable.length > 0) app.log.warn({ kids: unreadable }, unreadableReason(masterKey));
    if (config.events !== undefined) {
      // Loaded only when configured: the embedded default never pays for the NATS client.
      const { startEvents } = await import('./events/index.ts');
      events = await startEvents(store.db, config.events, {
        name: `oneqr-api-${process.pid}`,
        consume: opts.consume === true,
        log: app.log,
      });
      app.log.info(
        { servers: config.events.servers, replicas: config.events.replicas, consume: opts.consume === true },
        'check-ins and audit rows go through JetStream',
      );
    }
  } catch (err) {
    await events?.close();
    await store.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  let stopRetention = (): void => {};
  let stopRevocationWriter = (): void => {};
  const onSignal = (signal: NodeJS.Signals): void => {
    app.log.info({ signal }, 'shutting down');
    void close().catch((err: unknown) => {
      app.log.error({ err }, 'shutdown failed');
      process.exitCode = 1;
    });
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stopRetention();
      stopRevocationWriter();
      try {
        await app.close();
        await events?.close();
      } finally {
        await store.close();
      }
    })();
    return closing;
  };

  try {
    // The demo seed is its own module (src/seed/demo.ts); it leaves a non-empty database alone.
    const { demoAtBoot } = await import('./seed/demo.ts');
    const demo = await demoAtBoot(store, { seed: config.seedDemo, dataDir: config.dataDir, now: clock() });
    const url = await app.listen({ host: config.host, port: config.port });
    if (config.retentionIntervalMinutes > 0) {
      stopRetention = scheduleRetention(
        store.db,
        { retentionDays: config.retentionDays, intervalMs: config.retentionIntervalMinutes * 60_000 },
        clock,
        app.log,
      );
    }
    // Seals appended revocations into signed batches (docs/revocations.md); every node may run it.
    stopRevocationWriter = scheduleRevocationWriter(
      store.db,
      config.revocationSealIntervalMs,
      clock,
      app.log,
    );
    if (opts.handleSignals !== false) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    app.log.info({ url, docs: `${url}/docs` }, `OneQR listening on ${url}`);
    // After the URL, so it is the last thing a new user reads; logged on every boot.
    app.log.info({ demo: demo.demo, credentialsFile: demo.credentialsFile }, demo.message);
    return { app, url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
