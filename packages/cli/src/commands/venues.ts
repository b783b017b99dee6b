/** `oneqr venues import`, `oneqr checkins import|generate`, `oneqr tracing exposures` (contracts of issue 7). */
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CliError } from '../cli-error.ts';
import { withStore } from '../store.ts';
import { loadCheckinsCli, loadTracingCli, loadVenuesImport } from '@oneqr/server/cli';

async function expectReadableFile(file: string, what: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat === undefined) throw new CliError(`${what} "${file}" does not exist or cannot be read`);
  if (!stat.isFile()) throw new CliError(`${what} "${file}" is not a regular file`);
}

function bar(format: string): cliProgress.SingleBar {
  const b = new cliProgress.SingleBar({ format, stream: process.stderr }, cliProgress.Presets.shades_classic);
  b.start(1, 0);
  return b;
}

function printErrors(errors: { line: number; code: string; message: string }[]): void {
  for (const e of errors.slice(0, 50)) process.stdout.write(`  line ${e.line}: ${e.code}: ${e.message}\n`);
  if (errors.length > 50) process.stdout.write(`  … ${errors.length - 50} more (use --json)\n`);
}

const whole = (flag: string, v: string, min = 0): number => {
  if (!/^\d{1,9}$/.test(v) || Number(v) < min)
    throw new CliError(`${flag} "${v}" must be a whole number ≥ ${min}`);
  return Number(v);
};

const instant = (flag: string, v: string | undefined): Date | undefined => {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime()))
    throw new CliError(`${flag} "${v}" is not an ISO-8601 instant`);
  return d;
};

/** The options of `oneqr tracing exposures`. */
type ExposuresOpts = {
  person: string;
  from?: string;
  to?: string;
  window: string;
  json?: boolean;
  f2?: boolean;
};

export function registerVenues(program: Command): void {
  const venues = program
    .command('venues')
    .description('venues (acts on DATABASE_URL, else the embedded SQLite under ./data)');
  venues
    .command('import')
    .description('register venues from a CSV (idempotent: a venue id already registered is left unchanged)')
    .argument('<file>', 'CSV with header at least venue_id,name,province_code,address')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nOptional columns: district_code, commune_code, owner_name, owner_phone, opens, closes (HH:MM),\n' +
        'staff_client_ids (separated by ;). Venue QRs are signed by ONEQR_VENUE_ISSUER (default pc-covid).\n' +
        'Exit: 0 every row registered or unchanged, 1 some rows rejected, 2 the file is unusable.\n' +
        'Example:\n  oneqr venues import venues.csv --json',
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      await expectReadableFile(file, 'CSV file');
      const { importVenuesCsv, VenueImportError, loadConfig } = await loadVenuesImport();
      const summary = await withStore((store) =>
        importVenuesCsv(store, file, { issuerId: loadConfig().venueIssuerId }),
      ).catch((err: unknown) => {
        if (err instanceof VenueImportError)
          throw new CliError(`CSV file "${file}": ${err.code}: ${err.message}`);
        throw err;
      });
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `${summary.rows} rows: ${summary.inserted} registered, ${summary.unchanged} unchanged, ${summary.rejected} rejected\n`,
        );
        printErrors(summary.errors);
      }
      if (summary.rejected > 0) process.exitCode = 1;
    });

  const checkins = program
    .command('checkins')
    .description('check-in events (acts on DATABASE_URL, else ./data)');
  checkins
    .command('import')
    .description('load check-in events, one JSON object a line (idempotent by eventId); per-line errors')
    .argument('<file>', 'JSONL: {"eventId","idNumber","venueId","direction":"in"|"out","at":"ISO-8601"}')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nExit: 0 every line stored or duplicate, 1 some lines rejected, 2 the file is unusable.\n' +
        'Example:\n  oneqr checkins generate --persons 1000 --venues 50 --days 3 --seed 1 --out day.jsonl && oneqr checkins import day.jsonl',
    )
    .action(async (file: string, opts: { json?: boolean; progress: boolean }) => {
      await expectReadableFile(file, 'JSONL file');
      const { importCheckinsFile } = await loadCheckinsCli();
      let b: cliProgress.SingleBar | undefined;
      const summary = await withStore((store) =>
        importCheckinsFile(store, file, {
          onProgress:
            opts.progress && process.stderr.isTTY
              ? (done, total) => {
                  b ??= bar('import |{bar}| {percentage}% | ETA {eta_formatted}');
                  b.setTotal(total);
                  b.update(done);
                }
              : undefined,
        }),
      ).finally(() => b?.stop());
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `${summary.lines} lines: ${summary.stored} stored, ${summary.duplicate} duplicate, ${summary.rejected} rejected\n`,
        );
        printErrors(summary.errors);
      }
      if (summary.rejected > 0) process.exitCode = 1;
    });
  checkins
    .command('generate')
    .description('write realistic days of check-ins (opening hours, dwell times, regulars, missing exits)')
    .requiredOption('--persons <n>', 'the first N persons of `oneqr registry generate` (seed 1405)')
    .requiredOption('--venues <m>', 'venues venue-0 … venue-(M-1)')
    .requiredOption('--days <d>', 'days, ending yesterday (Vietnam time)')
    .requiredOption('--seed <s>', 'PRNG seed: the same file every time')
    .requiredOption('--out <file>', 'the JSONL to write')
    .option('--start <iso>', 'the first day (its instant; default D days before today)')
    .option('--json', 'print {events, out} as JSON once written')
    .addHelpText(
      'after',
      '\nExample:\n  oneqr checkins generate --persons 1000 --venues 50 --days 7 --seed 1 --out checkins.jsonl',
    )
    .action(
      async (opts: {
        persons: string;
        venues: string;
        days: string;
        seed: string;
        out: string;
        start?: string;
        json?: boolean;
      }) => {
        const persons = whole('--persons', opts.persons, 1);
        const venues = whole('--venues', opts.venues, 1);
        const days = whole('--days', opts.days, 1);
        const seed = whole('--seed', opts.seed);
        const start = instant('--start', opts.start)?.getTime();
        const { generateCheckinsFile } = await loadCheckinsCli();
        const r = await generateCheckinsFile(opts.out, {
          persons,
          venues,
          days,
          seed,
          ...(start === undefined ? {} : { start }),
        }).catch((err: unknown) => {
          const code = (err as NodeJS.ErrnoException).code;
          if (code) throw new CliError(`cannot write "${opts.out}": ${code}`);
          throw err;
        });
        if (opts.json) process.stdout.write(JSON.stringify({ events: r.events, out: opts.out }) + '\n');
        process.stderr.write(`wrote ${r.events} events to ${opts.out}\n`);
      },
    );

  const tracing = program
    .command('tracing')
    .description('exposure tracing (acts on DATABASE_URL, else ./data)');
  tracing
    .command('exposures')
    .description('who shared a venue with the person during the infectious window (audited)')
    .requiredOption('--person <id>', "the F0's ID number")
    .option(
      '--from <iso>',
      'infectious window start (default: 2 days before the confirmed case, else before now)',
    )
    .option('--to <iso>', 'infectious window end (default: now)')
    .addHelpText('after', '\nExample:\n  oneqr tracing exposures --person 079093000123 --window 60 --json')
    .option('--window <min>', 'minutes each F0 visit is widened by on both sides', '60')
    .option('--f2', 'also the contacts of the F1s (printed as "f2" beside the exposures)')
    .option(
      '--json',
      'print {"exposures":[{idNumber,venueId,overlapStart,overlapEnd,minutes}],"vehicles":[…],"contacts":[…]}',
    )
    .action(async (opts: ExposuresOpts) => {
      if (!/^\d{12}$/.test(opts.person))
        throw new CliError(`--person "${opts.person}" must be a 12-digit ID number`);
      const q = {
        person: opts.person,
        from: instant('--from', opts.from),
        to: instant('--to', opts.to),
        window: whole('--window', opts.window),
        f2: opts.f2 === true,
      };
      const { exposuresCli } = await loadTracingCli();
      const out = await withStore((store) => exposuresCli(store, q)).catch((err: unknown) => {
        const code = (err as { code?: string }).code;
        if (typeof code === 'string' && code.startsWith('TRACING_'))
          throw new CliError(`${code}: ${(err as Error).message}`);
        throw err;
      });
      if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
      else
        for (const e of out.exposures)
          process.stdout.write(
            `${e.idNumber}  ${e.venueId}  ${e.overlapStart} → ${e.overlapEnd}  ${e.minutes} min\n`,
          );
    });
}
