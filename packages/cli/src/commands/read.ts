import readline from 'node:readline';
import type { Command } from 'commander';
import { read, isClockCode, isVerificationCode, type ReadResult, type ReadContext } from '@oneqr/qr';
import { CliError, flatten } from '../cli-error.ts';
import { readStdin } from '../io.ts';
import { loadTrust } from '../trust.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * 0 recognised and not invalid · 1 a signature or validity check failed · 2 unrecognised or
 * malformed. A field date after the checking instant (`--at` before the birth date) is a failed
 * validity check, not a malformed code.
 */
export function exitCodeFor(r: ReadResult): number {
  if (r.kind === 'unknown') return 2;
  const verification = r.errors.filter((e) => isVerificationCode(e.code) || isClockCode(e.code));
  if (r.errors.length > verification.length) return 2;
  if (r.signature.state === 'invalid' || verification.length > 0) return 1;
  return 0;
}

export function parseInstant(value: string | undefined, what = '--at'): Date | undefined {
  if (value === undefined) return undefined;
  // ISO 8601 with a date; a bare date means midnight UTC.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new CliError(`${what} "${value}" is not an ISO 8601 instant (e.g. 2026-11-27T10:00:00Z)`);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new CliError(`${what} "${value}" is not a real instant`);
  return d;
}

export function registerRead(program: Command): void {
  program
    .command('read')
    .description(
      'detect, parse and (with --trust) verify a QR text: 1405 personal, CCCD, ID number, venue, HC1:, shc:/',
    )
    .argument('[text]', 'the QR text, or - to read it from standard input')
    .option('--trust <file>', 'a trust source (signed OneQR trust list); repeatable', collect, [])
    .option('--root-public <file>', 'the national root public JWK: check the trust lists’ signatures')
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
        '  oneqr scan qr.png | oneqr read -\n' +
        '  cat batch.jsonl | oneqr read --jsonl --trust trust-list.jws',
    )
    .action(
      async (
        text: string | undefined,
        opts: { trust: string[]; rootPublic?: string; at?: string; json?: boolean; jsonl?: boolean },
      ) => {
        const at = parseInstant(opts.at);
        const trust = await loadTrust(opts.trust, opts.rootPublic, at);
        if (opts.jsonl) {
          if (text !== undefined) throw new CliError('--jsonl reads standard input: give no TEXT argument');
          await readJsonLines({ trust, at });
          return;
        }
        if (text === undefined)
          throw new CliError('missing TEXT: give the QR text, or - to read standard input');
        const input = text === '-' ? (await readStdin()).replace(/\r?\n$/, '') : text;
        const result = await read(input, { trust, at });
        if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
        else process.stdout.write(formatResult(result));
        process.exitCode = exitCodeFor(result);
      },
    );
}

/**
 * One output line per input line, in order, each `{line, ...ReadResult}` — a line that cannot be
 * read (bad JSON, no "text", bad "at", blank) answers a result of kind `unknown` with the
 * CLI's code JSONL_LINE, so a consumer can pair outputs with inputs by position or by `line`.
 */
async function readJsonLines(base: ReadContext): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let line = 0;
  let worst = 0;
  for await (const raw of rl) {
    line++;
    let out: unknown;
    try {
      if (raw.trim() === '') throw new Error('empty line: expected {"text": …}');
      const item = JSON.parse(raw) as { text?: unknown; at?: unknown };
      if (typeof item !== 'object' || item === null || typeof item.text !== 'string') {
        throw new Error('each line must be an object with a string "text"');
      }
      if (item.at !== undefined && typeof item.at !== 'string') {
        throw new Error('"at" must be an ISO 8601 string');
      }
      const at = item.at === undefined ? base.at : parseInstant(item.at, '"at"');
      const result = await read(item.text, { ...base, at });
      worst = Math.max(worst, exitCodeFor(result));
      out = { line, ...result };
    } catch (err) {
      worst = 2;
      out = {
        line,
        kind: 'unknown',
        fields: null,
        signature: { state: 'unsigned' },
        warnings: [],
        errors: [{ code: 'JSONL_LINE', message: `line ${line}: ${flatten((err as Error).message)}` }],
      };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
  process.exitCode = worst;
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
