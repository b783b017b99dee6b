import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CliError } from '../cli-error.ts';
import { withStore } from '../store.ts';
import { loadGenerator, loadRegistryImport } from '@oneqr/server/cli';

interface GenerateFlags {
  count: string;
  out: string;
  seed: string;
  force?: boolean;
  json?: boolean;
  progress: boolean;
}

export function registerRegistry(program: Command): void {
  const registry = program
    .command('registry')
    .description('the population registry (acts on DATABASE_URL, else the embedded SQLite under ./data)');
  registry
    .command('import')
    .description('import persons from a UTF-8 CSV (streaming, idempotent); per-row errors with line numbers')
    .argument('<file>', 'CSV with header id_number,full_name,birth_date,gender,phone,province_code,address')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nExit: 0 every row imported, 1 some rows rejected (listed with their line numbers), 2 the file is unusable.\n' +
        'Example:\n  oneqr registry import people.csv --json > import-summary.json',
    )
    .action(async (file: string, opts: { json?: boolean; progress: boolean }) => {
      // Checked before the database is opened (or created) and before a progress bar is drawn.
      await expectReadableFile(file);
      const { importRegistryCsv, RegistryImportError } = await loadRegistryImport();
      // Drawn on the first progress report, so a file refused at its header leaves no bar behind.
      let bar: cliProgress.SingleBar | undefined;
      const summary = await withStore((store) =>
        importRegistryCsv(store, file, {
          onProgress:
            opts.progress && process.stderr.isTTY
              ? (rows, done, total) => {
                  bar ??= bytesBar();
                  bar.setTotal(total);
                  bar.update(done, { rows });
                }
              : undefined,
        }),
      )
        .catch((err: unknown) => {
          if (err instanceof RegistryImportError)
            throw new CliError(`CSV file "${file}": ${err.code}: ${err.message}`);
          throw err;
        })
        .finally(() => bar?.stop());
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `${summary.rows} rows: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected\n`,
        );
        for (const e of summary.errors.slice(0, 50))
          process.stdout.write(`  line ${e.line}: ${e.field}: ${e.code}: ${e.message}\n`);
        if (summary.errors.length > 50)
          process.stdout.write(`  … ${summary.errors.length - 50} more (use --json)\n`);
      }
      if (summary.rejected > 0) process.exitCode = 1;
    });
  registry
    .command('generate')
    .description('write a synthetic population CSV (fixed seed: the same file every time)')
    .requiredOption('--count <n>', 'how many persons')
    .requiredOption('--out <file>', 'the CSV to write')
    .option('--seed <n>', 'PRNG seed', '1405')
    .option('--force', 'overwrite --out if it exists (refused otherwise)')
    .option('--json', 'print {count, seed, out} as JSON once written')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nAn existing --out is refused unless --force. Examples:\n' +
        '  oneqr registry generate --count 1000000 --out people.csv && oneqr registry import people.csv\n' +
        '  oneqr registry generate --count 500 --out people.csv --force     # replace the file',
    )
    .action(async (opts: GenerateFlags) => {
      if (!/^\d{1,9}$/.test(opts.count) || Number(opts.count) < 1)
        throw new CliError(`--count "${opts.count}" must be a whole number ≥ 1`);
      if (!/^\d{1,10}$/.test(opts.seed)) throw new CliError(`--seed "${opts.seed}" must be a whole number`);
      const count = Number(opts.count);
      const seed = Number(opts.seed);
      // A missing folder would otherwise only surface once the bar has drawn (writes are buffered).
      await expectWritableFolder(opts.out);
      if (!opts.force && (await exists(opts.out))) throw refuseOverwrite(opts.out);
      const { generateRegistryCsv } = await loadGenerator();
      const bar = opts.progress && process.stderr.isTTY ? countBar(count) : undefined;
      try {
        await generateRegistryCsv(opts.out, {
          count,
          seed,
          onProgress: bar ? (n) => bar.update(n) : undefined,
          overwrite: opts.force === true,
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Created by someone else since the check above.
        if (code === 'EEXIST') throw refuseOverwrite(opts.out);
        if (code) throw new CliError(`cannot write "${opts.out}": ${code}: ${(err as Error).message}`);
        throw err;
      } finally {
        bar?.stop();
      }
      if (opts.json) process.stdout.write(JSON.stringify({ count, seed, out: opts.out }) + '\n');
      process.stderr.write(`wrote ${count} persons to ${opts.out}\n`);
    });
}

const refuseOverwrite = (file: string): CliError =>
  new CliError(`"${file}" already exists: refusing to overwrite it (pass --force to replace it)`);

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function expectReadableFile(file: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new CliError(`CSV file "${file}" does not exist or cannot be read`);
  }
  if (!stat.isFile()) throw new CliError(`CSV file "${file}" is not a regular file`);
}

async function expectWritableFolder(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  try {
    await fs.access(folder, fs.constants.W_OK);
  } catch {
    throw new CliError(`cannot write "${file}": folder "${folder}" does not exist or is not writable`);
  }
}

function bytesBar(): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: 'import |{bar}| {percentage}% | {rows} rows | ETA {eta_formatted}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { rows: 0 });
  return bar;
}

function countBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      format: 'generate |{bar}| {percentage}% | {value}/{total} | ETA {eta_formatted}',
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
