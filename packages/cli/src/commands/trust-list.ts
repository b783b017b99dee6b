import fs from 'node:fs/promises';
import type { Command } from 'commander';
import {
  buildTrustList,
  signTrustList,
  verifyTrustList,
  TrustListBuildError,
  type IssuerInput,
  type TrustListDocument,
  type TrustListRevocation,
} from '@oneqr/qr';
import { CliError, flatten } from '../cli-error.ts';
import { readJsonFile, readTextFile } from '../io.ts';
import { readRootPublicKey } from '../trust.ts';
import { registerTrustSync } from './trust-sync.ts';

export function registerTrustList(program: Command): void {
  const tl = program
    .command('trust-list')
    .description('sign, verify and sync the national trust list of issuer keys');
  tl.command('sign')
    .description('build the trust list from an issuers file and sign it with the root key')
    .requiredOption('--root <file>', 'the national root private JWK')
    .requiredOption(
      '--issuers <file>',
      'JSON: {"issuers": [{"id", "name", "rights": ["personal","venue"], "keys": [<public JWK>]}]}',
    )
    .requiredOption('--out <file>', 'where to write the signed trust list')
    .option(
      '--sequence <n>',
      'sequence number of this edition, increasing with each one (default: now in Unix seconds)',
    )
    .option('--json', 'print {out, sequence, issuedAt, issuers} as JSON')
    .addHelpText(
      'after',
      '\nThe issuers file may also be the bare array; each key is a public JWK, optionally with\n' +
        'notBefore, notAfter, status ("active"|"revoked") and revokedAt (docs/trust-list.md).\n' +
        'Example:\n  oneqr trust-list sign --root root.key.json --issuers issuers.json --out trust-list.jws',
    )
    .action(
      async (opts: { root: string; issuers: string; out: string; sequence?: string; json?: boolean }) => {
        const root = (await readJsonFile(opts.root, 'root key')) as JsonWebKey;
        if (typeof root?.d !== 'string')
          throw new CliError(`root key "${opts.root}" is not a private JWK (no "d")`);
        const raw = await readJsonFile(opts.issuers, 'issuers file');
        // docs/trust-list.md shows the bare array too; both mean the same list.
        const input = (Array.isArray(raw) ? { issuers: raw } : raw) as {
          issuers?: IssuerInput[];
          revocations?: TrustListRevocation[];
        };
        if (typeof input !== 'object' || input === null || !Array.isArray(input.issuers)) {
          throw new CliError(
            `issuers file "${opts.issuers}" must be an object with an "issuers" array (or the array itself)`,
          );
        }
        if (
          opts.sequence !== undefined &&
          (!/^\d{1,15}$/.test(opts.sequence) || !Number.isSafeInteger(Number(opts.sequence)))
        )
          throw new CliError(`--sequence "${opts.sequence}" is not a whole number`);
        let doc: TrustListDocument;
        try {
          doc = await buildTrustList({
            issuers: input.issuers,
            revocations: input.revocations,
            ...(opts.sequence !== undefined && { sequence: Number(opts.sequence) }),
          });
        } catch (err) {
          if (!(err instanceof TrustListBuildError)) throw err;
          const first = err.issues[0];
          throw new CliError(
            `issuers file "${opts.issuers}": ${first?.code}${first?.field ? ` (${first.field})` : ''}: ${first?.message}`,
          );
        }
        const signed = await signTrustList(doc, root);
        await fs.writeFile(opts.out, signed.endsWith('\n') ? signed : signed + '\n');
        if (opts.json) {
          const summary = {
            out: opts.out,
            sequence: doc.sequence,
            issuedAt: doc.issuedAt,
            issuers: doc.issuers.length,
          };
          process.stdout.write(JSON.stringify(summary) + '\n');
        }
        process.stderr.write(
          `signed trust list written to ${opts.out} (${input.issuers.length} issuers, sequence ${doc.sequence})\n`,
        );
      },
    );
  tl.command('verify')
    .description('verify a signed trust list against the pinned root public key; print its summary')
    .requiredOption(
      '--root-public <file>',
      'the national root public JWK, or {kid, publicJwk} as GET /v1/trust-list/root-key answers',
    )
    .argument('<file>', 'the signed trust list')
    .option('--json', 'print the verified document as JSON')
    .addHelpText(
      'after',
      '\nExit: 0 valid, 1 not valid (signature, root key or content; one line naming the code).\n' +
        'Example:\n  oneqr trust-list verify --root-public root.pub.json trust-list.jws',
    )
    .action(async (file: string, opts: { rootPublic: string; json?: boolean }) => {
      const root = await readRootPublicKey(opts.rootPublic);
      const text = await readTextFile(file, 'trust list');
      const verified = await verifyTrustList(text, root, { at: new Date() });
      if ('errors' in verified) {
        const first = verified.errors[0];
        process.stderr.write(
          `oneqr: ${flatten(`trust list "${file}" is NOT valid: ${first?.code}: ${first?.message}`)}\n`,
        );
        process.exitCode = 1;
        return;
      }
      const doc = verified.document;
      for (const w of verified.warnings)
        process.stderr.write(`oneqr: warning: ${flatten(`trust list "${file}": ${w.code}: ${w.message}`)}\n`);
      if (opts.json) {
        process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
        return;
      }
      process.stdout.write(`valid trust list, sequence ${doc.sequence}, issued ${doc.issuedAt}\n`);
      for (const i of doc.issuers) {
        process.stdout.write(`  ${i.id} (${i.name}) rights: ${i.rights.join(', ')}\n`);
        for (const k of i.keys) process.stdout.write(`    key ${k.kid} ${k.status}\n`);
      }
    });
  registerTrustSync(tl);
}
