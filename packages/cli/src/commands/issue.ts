import type { Command } from 'commander';
import {
  isIssuerId,
  issuePersonal,
  signPersonal,
  issueVenue,
  signVenue,
  kidOf,
  publicJwkOf,
  OneQRError,
  type PersonalInput,
  type VenueInput,
} from '@oneqr/qr';
import { CliError } from '../cli-error.ts';
import { readJsonFile } from '../io.ts';

interface IssueOpts {
  key: string;
  issuer: string;
  payload?: string;
  fields?: string;
  iat?: string;
  json?: boolean;
}

export function registerIssue(program: Command): void {
  const issue = program.command('issue').description('build and sign a QR text with an issuer key');
  for (const kind of ['personal', 'venue'] as const) {
    issue
      .command(kind)
      .description(`print the signed ${kind} QR text`)
      .requiredOption('--key <file>', 'the issuer private JWK (from `oneqr keys generate`)')
      .requiredOption('--issuer <id>', 'the issuing platform id on the trust list (e.g. pc-covid)')
      .option('--payload <text>', `an unsigned ${kind} QR text to sign`)
      .option('--fields <file>', `a JSON file with the ${kind} fields to build and sign`)
      .option('--iat <seconds>', 'issue time, Unix seconds (default: now)')
      .option('--json', 'print {payload, kid, iat, issuer} as JSON')
      .addHelpText(
        'after',
        kind === 'personal'
          ? '\nFields file: {"documentNumber":"001093029317","fullName":"Nguyễn Lê Khả Hân","birthDate":"1993-01-18","qid":"162979388586171100","gender":1,"phone":"0944713700"}\n' +
              '(optional: declarationType 0|1, declarerQid, gender 0|1|2, insuranceNumber, phone)\n' +
              'Example:\n  oneqr issue personal --key pc-covid.key.json --issuer pc-covid --fields person.json > qr.txt'
          : '\nFields file: {"venueId":"h3K9x","name":"Quán Phở Đức","province":"79","commune":"26734"} (commune optional)\n' +
              'Example:\n  oneqr issue venue --key pc-covid.key.json --issuer pc-covid --fields venue.json > venue.txt',
      )
      .action(async (opts: IssueOpts) => {
        if (!isIssuerId(opts.issuer)) {
          throw new CliError(
            `--issuer "${opts.issuer}" is not an issuer id (1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)`,
          );
        }
        if ((opts.payload === undefined) === (opts.fields === undefined)) {
          throw new CliError('give exactly one of --payload TEXT or --fields FILE');
        }
        const privateJwk = (await readJsonFile(opts.key, 'key file')) as JsonWebKey;
        if (typeof privateJwk !== 'object' || privateJwk === null || typeof privateJwk.d !== 'string') {
          throw new CliError(`key file "${opts.key}" is not a private JWK (no "d")`);
        }
        const iat = parseIat(opts.iat);
        const signer = { privateJwk };
        let payload: string;
        try {
          if (opts.payload !== undefined) {
            payload =
              kind === 'personal'
                ? await signPersonal(opts.payload, signer, iat)
                : await signVenue(opts.payload, signer, iat);
          } else {
            const fields = await readJsonFile(opts.fields!, 'fields file');
            if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
              throw new CliError(`fields file "${opts.fields}" must hold a JSON object`);
            }
            payload =
              kind === 'personal'
                ? await issuePersonal(fields as PersonalInput, signer, iat)
                : await issueVenue(fields as VenueInput, signer, iat);
          }
        } catch (err) {
          if (err instanceof OneQRError) {
            throw new CliError(`${err.code}${err.field ? ` (${err.field})` : ''}: ${err.message}`);
          }
          throw err;
        }
        if (opts.json) {
          const kid = await kidOf(publicJwkOf(privateJwk));
          process.stdout.write(JSON.stringify({ payload, kid, iat, issuer: opts.issuer }) + '\n');
        } else {
          process.stdout.write(payload + '\n');
        }
      });
  }
}

function parseIat(raw: string | undefined): number {
  if (raw === undefined) return Math.floor(Date.now() / 1000);
  if (!/^\d{1,12}$/.test(raw)) throw new CliError(`--iat "${raw}" is not Unix seconds (a whole number)`);
  return Number(raw);
}
