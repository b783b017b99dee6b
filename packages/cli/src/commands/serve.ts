import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { loadServer } from '@oneqr/server/cli';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the national platform API (DATABASE_URL for PostgreSQL, else SQLite under ./data with a seeded demo)',
    )
    .option('--port <n>', 'port (default: PORT or 8080)')
    .option('--host <host>', 'address to bind (default: HOST or localhost)')
    .option(
      '--workers <n>',
      'processes serving the one port (default: the number of cores; 1 = no worker processes)',
    )
    .option(
      '--consume',
      'with ONEQR_EVENTS: also write the event stream to the database in this node (docs/events.md)',
    )
    .addHelpText(
      'after',
      '\nEnvironment: docs/deploy.md. Examples:\n  oneqr serve                      # http://localhost:8080, demo credentials in data/demo-credentials.json\n' +
        '  DATABASE_URL=postgres://oneqr@db/oneqr oneqr serve --host 0.0.0.0 --port 80',
    )
    .action(async (opts: { port?: string; host?: string; workers?: string; consume?: boolean }) => {
      if (opts.port !== undefined && (!/^\d{1,5}$/.test(opts.port) || Number(opts.port) > 65535))
        throw new CliError(`--port "${opts.port}" must be a whole number from 0 to 65535`);
      if (opts.workers !== undefined && (!/^\d{1,3}$/.test(opts.workers) || Number(opts.workers) < 1))
        throw new CliError(`--workers "${opts.workers}" must be a whole number from 1 to 999`);
      const cluster = (await import('node:cluster')).default;
      // The web app is built at install (postinstall); rebuilt here only if its sources changed.
      // Once, by the primary: the workers serve what it built.
      if (!process.env.ONEQR_WEB_DIR && cluster.isPrimary) {
        const { ensureWebBuilt } = await import('@oneqr/web/build');
        await ensureWebBuilt({ log: (line) => console.error(`[oneqr web] ${line}`) }).catch((err: unknown) =>
          console.error(
            `[oneqr web] build failed, / shows a notice: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
      }
      const { serveWorkers, defaultWorkers } = await loadServer();
      const config: Record<string, unknown> = {};
      if (opts.port) config.port = Number(opts.port);
      if (opts.host) config.host = opts.host;
      await serveWorkers(opts.workers === undefined ? defaultWorkers() : Number(opts.workers), {
        config,
        consume: opts.consume === true,
      });
      // Keep running until a signal: serveWorkers installs the handlers.
      await new Promise(() => {});
    });
}
