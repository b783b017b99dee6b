import type { Command } from 'commander';
import { read, type ReadResult } from '@oneqr/qr';
import { CliError } from '../cli-error.ts';
import { readStdin } from '../io.ts';
import { loadTrustSources, trustContext } from '../trust.ts';
import { partitionBar } from './trust-sync.ts';
import { exitCodeFor, parseInstant } from './read-exit.ts';
import { readJsonLines } from './read-lines.ts';

export { exitCodeFor, parseInstant };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerRead(program: Command): void {
  program
    .command('read')
    .description(
      'detect, parse and (with --trust) verify a QR text: 1405 personal, CCCD, ID number, venue, HC1:, shc:/',
    )
    .argument('[text]', 'the QR text, or - to read it from standard input')
    .option(
      '--trust <file|url>',
      'a trust source: a signed OneQR trust list (a file, or the server’s URL: its revocation log is synced too), an EU gateway DSC list or DCC revocation list (JSON arrays), an SHC key set ({"keys": …}, bound to its issuer: its "iss", or given as https://issuer=FILE) or revocation list, or a directory of SHC key sets and revocation lists (https://issuer=DIR); repeatable',
      collect,
      [],
    )
    .option('--root-public <file>', 'the national root public JWK: check the trust lists’ signatures')
    .option(
      '--revocations <dir>',
      'where replicas of revocation logs reached by URL are kept (default: $ONEQR_CACHE_DIR/revocations or ~/.cache/oneqr/revocations)',
    )
    .option(
      '--replica <file>',
      'a saved revocation replica (oneqr trust-list sync --out) for a trust list file',
    )
    .option('--at <iso>', 'verify at this instant (ISO 8601) instead of now')
    .option('--json', 'print the result as JSON')
    .option(
      '--jsonl',
      'batch: read JSON lines {"text": …, "at": …} from stdin, write one JSON result per line',
    )
    .addHelpText(
      'after',
      '\nExit: 0 recognised and not invalid, 1 signature or validity check failed, 2 unrecognised or malformed.\n' +
        'Examples:\n  oneqr read "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700"\n' +
        '  oneqr read --trust trust-list.jws --root-public root.pub.json --json "$(cat qr.txt)"\n' +
        '  oneqr read --trust dsc-list.json --trust dcc-revocations.json "$(cat passport.txt)"\n' +
        '  oneqr read --jsonl --trust https://spec.smarthealth.cards/examples/issuer=issuer-dir < cards.jsonl\n' +
        '  oneqr read --trust https://qr.example.gov.vn/v1/trust-list --root-public root.pub.json "$(cat qr.txt)"\n' +
        '  oneqr read --trust trust-list.jws --replica revocations.json "$(cat qr.txt)"\n' +
        '  oneqr scan qr.png | oneqr read -\n' +
        '  cat batch.jsonl | oneqr read --jsonl --trust trust-list.jws',
    )
    .action(
      async (
        text: string | undefined,
        opts: {
          trust: string[];
          rootPublic?: string;
          revocations?: string;
          replica?: string;
          at?: string;
          json?: boolean;
          jsonl?: boolean;
        },
      ) => {
        const at = parseInstant(opts.at);
        const bar = partitionBar();
        const sources = await loadTrustSources(opts.trust, opts.rootPublic, at, {
          ...(opts.revocations !== undefined && { dir: opts.revocations }),
          ...(opts.replica !== undefined && { replica: opts.replica }),
          onPartition: bar.update,
        }).finally(bar.stop);
        if (opts.jsonl) {
          if (text !== undefined) throw new CliError('--jsonl reads standard input: give no TEXT argument');
          process.exitCode = await readJsonLines(sources, at);
          return;
        }
        if (text === undefined)
          throw new CliError('missing TEXT: give the QR text, or - to read standard input');
        const input = text === '-' ? (await readStdin()).replace(/\r?\n$/, '') : text;
        const result = await read(input, { ...trustContext(sources), at });
        if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
        else process.stdout.write(formatResult(result));
        process.exitCode = exitCodeFor(result);
      },
    );
}

export function formatResult(r: ReadResult): string {
  const lines = [`kind:      ${r.kind}`];
  const s = r.signature;
  const who = s.issuer ? ` by ${s.issuer.name} (${s.issuer.id})` : '';
  const when = s.iat !== undefined ? `, issued ${new Date(s.iat * 1000).toISOString()}` : '';
  lines.push(`signature: ${s.state}${who}${s.kid ? `, kid ${s.kid}` : ''}${when}`);
  if (r.fields) {
    lines.push('fields:');
    for (const [k, v] of Object.entries(r.fields)) {
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      lines.push(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
  }
  for (const e of r.errors) lines.push(`error:     ${e.code}: ${e.message}`);
  for (const w of r.warnings) lines.push(`warning:   ${w.code}: ${w.message}`);
  return lines.join('\n') + '\n';
}
