import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the national platform API (DATABASE_URL for PostgreSQL, else SQLite under ./data with a seeded demo)',
    )
    .option('--port <n>', 'port (default: PORT or 8080)')
    .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) => {
      const { startServer } = await import('@oneqr/server/server.ts');
      const config: Record<string, unknown> = {};
      if (opts.port) config.port = Number(opts.port);
      if (opts.host) config.host = opts.host;
      await startServer({ config });
      // Keep running until a signal: startServer installs the handlers.
      await new Promise(() => {});
    });
}
