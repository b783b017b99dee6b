import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CliError } from '../cli-error.ts';
import { printJson } from '../io.ts';
import { withStore } from '../store.ts';
import { loadLinkage } from '@oneqr/server/cli';
import { expectReadableFile } from './vaccinations.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

export function registerLinkage(program: Command): void {
  const linkage = program
    .command('linkage')
    .description('link dose records to the population registry (acts on DATABASE_URL, else ./data)');
  linkage
    .command('run')
    .description('decide every dose record not yet decided: linked, review or unmatched; record linked doses')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress counter')
    .addHelpText('after', '\nExample:\n  oneqr vaccinations import doses.csv && oneqr linkage run')
    .action(async (opts: { json?: boolean; progress: boolean }) => {
      const { runLinkage } = await loadLinkage();
      const started = Date.now();
      let bar: cliProgress.SingleBar | undefined;
      const summary = await withStore((store) =>
        runLinkage(store, {
          onProgress:
            opts.progress && process.stderr.isTTY
              ? (n) => {
                  bar ??= new cliProgress.SingleBar(
                    { format: 'link | {value} records | {rate} records/s', stream: process.stderr },
                    cliProgress.Presets.shades_classic,
                  );
                  if (!bar.isActive) bar.start(0, 0, { rate: 0 });
                  bar.update(n, { rate: Math.round(n / Math.max(0.001, (Date.now() - started) / 1000)) });
                }
              : undefined,
        }),
      ).finally(() => bar?.stop());
      if (opts.json) printJson(summary);
      else {
        const d = summary.byDecision;
        process.stdout.write(
          `${summary.records} records: ${d.linked} linked, ${d.review} to review, ${d.unmatched} unmatched; ${summary.applied} doses recorded\n`,
        );
        for (const [c, n] of Object.entries(summary.byCategory)) process.stdout.write(`  ${c}: ${n}\n`);
      }
    });
  linkage
    .command('explain')
    .description('print the candidates considered for a record, their features and scores, and why')
    .argument('<record_id>', 'the record_id as the site sent it')
    .addHelpText('after', '\nExample:\n  oneqr linkage explain R-000123 --json')
    .option('--json', 'print as JSON')
    .action(async (recordId: string, opts: { json?: boolean }) => {
      const { explainRecord } = await loadLinkage();
      const found = await withStore((store) => explainRecord(store.db, recordId));
      if (found.length === 0) throw new CliError(`no dose record with record_id "${recordId}"`);
      if (opts.json) return printJson(found);
      for (const e of found) {
        const r = e.record;
        process.stdout.write(
          `record ${r.record_id} of site ${r.site}: id_number "${r.id_number}", name "${r.full_name}", born ${r.birth_date ?? '?'}, ` +
            `${r.gender ?? 'gender ?'}, phone ${r.phone ?? '?'}\n` +
            `  check: ${e.check}; decision: ${e.decision} (${e.category})${e.personId ? ` → ${e.personId}` : ''}` +
            `${e.score !== null ? `, score ${e.score}` : ''}${e.decidedBy ? `, by ${e.decidedBy}` : ''}\n  why: ${e.reason}\n` +
            `  ${e.considered} candidate(s) considered${e.candidates.length ? ', best:' : ''}\n`,
        );
        for (const c of e.candidates) {
          const f = Object.entries(c.features)
            .map(([k, v]) => `${k}=${String(v.value)} (${v.points >= 0 ? '+' : ''}${v.points})`)
            .join(', ');
          process.stdout.write(`    ${c.personId}: score ${c.score}: ${f}\n`);
        }
      }
    });
  linkage
    .command('export')
    .description('write one row per dose record: record_id,site,decision,id_number,score,category')
    .requiredOption('--out <file>', 'the CSV to write')
    .addHelpText('after', '\nExample:\n  oneqr linkage export --out links.csv')
    .action(async (opts: { out: string }) => {
      const { exportLinks } = await loadLinkage();
      const n = await withStore((store) => exportLinks(store.db, opts.out)).catch((err: unknown) => {
        const code = (err as NodeJS.ErrnoException).code;
        if (code) throw new CliError(`cannot write "${opts.out}": ${code}`);
        throw err;
      });
      process.stderr.write(`wrote ${n} rows to ${opts.out}\n`);
    });
  linkage
    .command('evaluate')
    .description(
      'compare the decisions with a truth file: precision/recall of auto-links, review share, confusion',
    )
    .requiredOption('--truth <file>', 'CSV with record_id,site,person_id (empty: not in the registry)')
    .addHelpText('after', '\nExample:\n  oneqr linkage evaluate --truth truth.csv --json')
    .option('--json', 'print as JSON')
    .action(async (opts: { truth: string; json?: boolean }) => {
      await expectReadableFile(opts.truth);
      const { evaluateLinkage } = await loadLinkage();
      const e = await withStore((store) => evaluateLinkage(store.db, opts.truth)).catch((err: unknown) => {
        throw new CliError((err as Error).message);
      });
      if (opts.json) return printJson(e);
      process.stdout.write(
        `${e.records} records, ${e.linkable} linkable; auto-linked ${e.autoLinked}: precision ${pct(e.precision)}, ` +
          `recall ${pct(e.recall)}; linked or queued ${pct(e.linkedOrQueued)} of linkable; review ${pct(e.reviewShare)} of records\n` +
          'category               records   linked-ok  linked-wrong  review  missed  rightly-unmatched\n',
      );
      for (const [c, v] of Object.entries(e.byCategory))
        process.stdout.write(
          `${c.padEnd(22)} ${String(v.records).padStart(8)} ${String(v.linkedRight).padStart(11)} ${String(v.linkedWrong).padStart(13)} ` +
            `${String(v.review).padStart(7)} ${String(v.missed).padStart(7)} ${String(v.rightlyUnmatched).padStart(18)}\n`,
        );
    });
}
