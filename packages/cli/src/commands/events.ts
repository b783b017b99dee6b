/** `oneqr events consume | status`: the production event pipeline on NATS JetStream (docs/events.md). */
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { loadEvents } from '@oneqr/server/cli';

type Loaded = Awaited<ReturnType<typeof loadEvents>>;

/** The configuration, or a one-line error when the pipeline is not configured or misconfigured. */
function eventsConfig(ev: Loaded) {
  let config;
  try {
    config = ev.loadConfig();
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  if (config.events === undefined)
    throw new CliError(
      'ONEQR_EVENTS is not set: the embedded default writes check-ins directly (docs/events.md)',
    );
  return { config, events: config.events };
}

async function connect(
  ev: Loaded,
  events: NonNullable<ReturnType<Loaded['loadConfig']>['events']>,
  name: string,
  ensure = true,
) {
  try {
    return await ev.connectEvents(events, name, { ensure });
  } catch (err) {
    if (err instanceof ev.EventsUnreachableError) throw new CliError(err.message, 1);
    throw err;
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function registerEvents(program: Command): void {
  const events = program
    .command('events')
    .description('the event pipeline on NATS JetStream (ONEQR_EVENTS=nats://host:port, docs/events.md)');
  events
    .command('consume')
    .description(
      'write published check-ins and audit rows to the database (DATABASE_URL) in batches, idempotently; SIGTERM drains and exits',
    )
    .option('--json', 'status lines as JSON (one object a line on stdout)')
    .option('--interval <s>', 'seconds between status lines while events flow', '5')
    .addHelpText(
      'after',
      '\nRun one or more beside the API nodes; they share the durable consumers, so each event is\n' +
        'written by one of them.\nExample:\n' +
        '  oneqr events consume --json   # ONEQR_EVENTS=nats://127.0.0.1:4222 DATABASE_URL=postgres://oneqr@db/oneqr',
    )
    .action(async (opts: { json?: boolean; interval: string }) => {
      if (!/^\d{1,5}$/.test(opts.interval) || Number(opts.interval) < 1)
        throw new CliError(`--interval "${opts.interval}" must be a whole number of seconds ≥ 1`);
      const ev = await loadEvents();
      const { config, events: cfg } = eventsConfig(ev);
      const line = (event: string, fields: Record<string, unknown>, text: string): void => {
        if (opts.json)
          process.stdout.write(JSON.stringify({ event, at: new Date().toISOString(), ...fields }) + '\n');
        else process.stderr.write(`[oneqr events] ${text}\n`);
      };
      const log = {
        info: (o: object, msg: string) => line('info', { msg }, msg),
        warn: (o: object & { err?: unknown }, msg: string) =>
          line('warn', { msg, error: errText(o.err) }, `${msg}: ${errText(o.err)}`),
        error: (o: object & { err?: unknown }, msg: string) =>
          line(
            'error',
            { msg, ...o, err: o.err === undefined ? undefined : errText(o.err) },
            `${msg} ${JSON.stringify({ ...o, err: undefined })}`,
          ),
      };
      const store = await ev.openStore({ url: config.databaseUrl, dataDir: config.dataDir });
      let conn;
      try {
        conn = await connect(ev, cfg, `oneqr-writer-${process.pid}`);
      } catch (err) {
        await store.close();
        throw err;
      }
      const writer = ev.startWriters(store.db, conn, log);
      line(
        'consuming',
        { streams: Object.values(ev.STREAMS).map((s) => s.stream) },
        `writing ${Object.values(ev.STREAMS)
          .map((s) => s.stream)
          .join(', ')} to the database`,
      );
      let last = '';
      const report = (event: string): void => {
        const now = JSON.stringify(writer.counts);
        if (event === 'progress' && now === last) return;
        last = now;
        const c = writer.counts;
        line(
          event,
          { counts: c },
          `${event}: check-ins ${c.checkins.written} written (${c.checkins.duplicates} already stored, ${c.checkins.terminated} terminated), audit ${c.audit.written} written (${c.audit.terminated} terminated)`,
        );
      };
      const timer = setInterval(() => report('progress'), Number(opts.interval) * 1000);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      clearInterval(timer);
      try {
        await writer.stop();
        await conn.close();
      } finally {
        await store.close();
      }
      report('stopped');
    });
  events
    .command('status')
    .description('the streams and their writers: messages held, events not yet written')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExample:\n  oneqr events status --json   # ONEQR_EVENTS=nats://127.0.0.1:4222')
    .action(async (opts: { json?: boolean }) => {
      const ev = await loadEvents();
      const { events: cfg } = eventsConfig(ev);
      const conn = await connect(ev, cfg, `oneqr-status-${process.pid}`, false);
      try {
        const status = await ev.streamStatus(conn.jsm).catch((err: unknown) => {
          throw new CliError(
            `the streams cannot be read (${errText(err)}): an API node or \`oneqr events consume\` creates them at boot`,
            1,
          );
        });
        if (opts.json) process.stdout.write(JSON.stringify({ streams: status }) + '\n');
        else
          for (const s of status)
            process.stdout.write(
              `${s.stream} (R${s.replicas}): ${s.messages} messages, ${s.bytes} bytes; ${s.consumer}: ${s.pending} not delivered, ${s.ackPending} being written, ${s.redelivered} redelivered\n`,
            );
      } finally {
        await conn.close();
      }
    });
}
