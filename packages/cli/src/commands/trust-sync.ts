/**
 * `oneqr trust-list sync`: fetch the server's trust list, check it against the pinned root key,
 * and bring the local replica of its revocation log up to its heads (docs/revocations.md).
 */
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { verifyTrustList } from '@oneqr/qr';
import { CliError } from '../cli-error.ts';
import { printJson } from '../io.ts';
import { readRootPublicKey } from '../trust.ts';
import { defaultRevocationDir, fetchText, syncLog, trustListUrl, writeReplica } from '../revocations.ts';

/** A bar over the partitions being synced, drawn on stderr (a terminal only) from the first report. */
export function partitionBar(enabled = true): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update: (done, total) => {
      if (!enabled || !process.stderr.isTTY || total < 2) return;
      bar ??= new cliProgress.SingleBar(
        { format: 'revocations | {bar} | {value}/{total} partitions', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      if (!bar.isActive) bar.start(total, 0);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export function registerTrustSync(tl: Command): void {
  tl.command('sync')
    .description("fetch the server's trust list and sync the local replica of its revocation log")
    .argument('<url>', "the trust list's URL (or the server's base URL: /v1/trust-list is added)")
    .requiredOption(
      '--root-public <file>',
      'the national root public JWK, or {kid, publicJwk} as GET /v1/trust-list/root-key answers',
    )
    .option(
      '--revocations <dir>',
      'the replica cache (default: $ONEQR_CACHE_DIR/revocations or ~/.cache/oneqr/revocations)',
    )
    .option(
      '--out <file>',
      'also write the replica there, for `oneqr read --trust FILE --replica FILE` offline',
    )
    .option('--trust-out <file>', 'also write the verified trust list there')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print {url, log, file, partitions, synced, snapshots, added, revocations} as JSON')
    .addHelpText(
      'after',
      '\nThe first sync downloads one snapshot per partition, later ones the batches since (each checked\n' +
        'against the root key and the list’s signed heads; a refused one leaves the replica as it was, exit 1).\n' +
        'Example:\n  oneqr trust-list sync https://qr.example.gov.vn --root-public root.pub.json --out revocations.json --trust-out trust-list.jws',
    )
    .action(
      async (
        value: string,
        opts: {
          rootPublic: string;
          revocations?: string;
          out?: string;
          trustOut?: string;
          progress: boolean;
          json?: boolean;
        },
      ) => {
        const url = trustListUrl(value);
        if (url === null) throw new CliError(`"${value}" is not an http(s) URL`);
        const root = await readRootPublicKey(opts.rootPublic);
        const text = await fetchText(url.toString());
        const verified = await verifyTrustList(text, root, { at: new Date() });
        if ('errors' in verified) {
          const first = verified.errors[0];
          throw new CliError(`trust list ${url} failed verification: ${first?.code}: ${first?.message}`, 1);
        }
        const doc = verified.document;
        if (!doc.revocationLog) throw new CliError(`trust list ${url} points at no revocation log`);
        const bar = partitionBar(opts.progress);
        const synced = await syncLog(
          doc,
          url,
          root,
          opts.revocations ?? defaultRevocationDir(),
          bar.update,
        ).finally(bar.stop);
        if (opts.out !== undefined) await writeReplica(opts.out, synced.logUrl, synced.replica);
        if (opts.trustOut !== undefined)
          await fs.writeFile(opts.trustOut, text.endsWith('\n') ? text : text + '\n');
        const summary = {
          url: url.toString(),
          log: synced.logUrl,
          file: synced.file,
          sequence: doc.sequence,
          partitions: synced.replica.partitions,
          synced: synced.steps.length,
          snapshots: synced.steps.filter((s) => s.snapshot).length,
          added: synced.steps.reduce((n, s) => n + s.added, 0),
          revocations: synced.replica.size,
        };
        if (opts.json) printJson(summary);
        else
          process.stdout.write(
            `revocation log synced: ${summary.synced} of ${summary.partitions} partitions updated` +
              ` (${summary.snapshots} from snapshots), ${summary.added} new, ${summary.revocations} revoked ids held\n` +
              `replica: ${summary.file}\n`,
          );
      },
    );
}
