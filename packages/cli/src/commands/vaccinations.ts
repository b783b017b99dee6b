import fs from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CliError } from '../cli-error.ts';
import { withStore } from '../store.ts';
import { loadDoseGenerator, loadDoseImport } from '@oneqr/server/cli';

export function registerVaccinations(program: Command): void {
  const vaccinations = program
    .command('vaccinations')
    .description(
      'dose records from vaccination sites (acts on DATABASE_URL, else the embedded SQLite under ./data)',
    );
  vaccinations
    .command('import')
    .description(
      'import dose records (CSV or JSON lines; streaming, idempotent by site and record_id, resumable)',
    )
    .argument(
      '<file>',
      'CSV with header record_id,site,id_number,full_name,birth_date,gender,phone,vaccine,lot,vaccination_date,dose_number, or JSON lines with those keys',
    )
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nA rerun after an interruption imports what is missing, once. Exit: 0 every row imported, 1 some rows\n' +
        'rejected (listed with line, field and reason), 2 the file is unusable.\n' +
        'Example:\n  oneqr vaccinations import doses.csv --json > import-summary.json',
    )
    .action(async (file: string, opts: { json?: boolean; progress: boolean }) => {
      await expectReadableFile(file);
      const { importDoseFile, DoseImportError } = await loadDoseImport();
      let bar: cliProgress.SingleBar | undefined;
      const started = Date.now();
      const summary = await withStore((store) =>
        importDoseFile(store, file, {
          onProgress:
            opts.progress && process.stderr.isTTY
              ? (rows, done, total) => {
                  bar ??= progressBar();
                  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
                  bar.setTotal(total);
                  bar.update(done, { rows, rate: Math.round(rows / seconds) });
                }
              : undefined,
        }),
      )
        .catch((err: unknown) => {
          if (err instanceof DoseImportError)
            throw new CliError(`dose file "${file}": ${err.code}: ${err.message}`);
          throw err;
        })
        .finally(() => bar?.stop());
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `${summary.rows} rows: ${summary.inserted} inserted, ${summary.unchanged} already imported, ${summary.rejected} rejected\n`,
        );
        for (const e of summary.errors.slice(0, 50))
          process.stdout.write(`  line ${e.line}: ${e.field}: ${e.code}: ${e.message}\n`);
        if (summary.errors.length > 50)
          process.stdout.write(`  … ${summary.errors.length - 50} more (use --json)\n`);
      }
      if (summary.rejected > 0) process.exitCode = 1;
    });
  registerGenerate(vaccinations);
}

function registerGenerate(vaccinations: Command): void {
  vaccinations
    .command('generate')
    .description(
      'write synthetic dose records of registry persons, with realistic typing errors, and their truth',
    )
    .requiredOption(
      '--registry <file>',
      'the registry CSV the persons come from (as `registry generate` writes)',
    )
    .requiredOption('--count <n>', 'how many dose records')
    .requiredOption('--truth <file>', 'the truth CSV to write: record_id,site,person_id,noise')
    .option('--out <file>', 'the dose CSV to write', 'doses.csv')
    .option('--noise <kind>', 'realistic (SPEC §7 errors) or none', 'realistic')
    .option('--seed <n>', 'PRNG seed', '7')
    .option('--json', 'print {count, persons, out, truth} as JSON once written')
    .addHelpText(
      'after',
      '\nExample:\n  oneqr registry generate --count 100000 --out people.csv\n' +
        '  oneqr vaccinations generate --registry people.csv --count 100000 --noise realistic --out doses.csv --truth truth.csv',
    )
    .action(
      async (opts: {
        registry: string;
        count: string;
        truth: string;
        out: string;
        noise: string;
        seed: string;
        json?: boolean;
      }) => {
        if (!/^\d{1,9}$/.test(opts.count) || Number(opts.count) < 1)
          throw new CliError(`--count "${opts.count}" must be a whole number ≥ 1`);
        if (!/^\d{1,10}$/.test(opts.seed)) throw new CliError(`--seed "${opts.seed}" must be a whole number`);
        if (opts.noise !== 'realistic' && opts.noise !== 'none')
          throw new CliError(`--noise "${opts.noise}" must be realistic or none`);
        await expectReadableFile(opts.registry);
        const { generateDoseRecords } = await loadDoseGenerator();
        const r = await generateDoseRecords({
          registry: opts.registry,
          count: Number(opts.count),
          out: opts.out,
          truth: opts.truth,
          noise: opts.noise,
          seed: Number(opts.seed),
        }).catch((err: unknown) => {
          throw new CliError(`cannot generate: ${(err as Error).message}`);
        });
        if (opts.json)
          process.stdout.write(JSON.stringify({ ...r, out: opts.out, truth: opts.truth }) + '\n');
        process.stderr.write(
          `wrote ${r.count} dose records of ${r.persons} persons to ${opts.out}, truth to ${opts.truth}\n`,
        );
      },
    );
}

export async function expectReadableFile(file: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new CliError(`file "${file}" does not exist or cannot be read`);
  }
  if (!stat.isFile()) throw new CliError(`file "${file}" is not a regular file`);
}

function progressBar(): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      format: 'import |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { rows: 0, rate: 0 });
  return bar;
}
