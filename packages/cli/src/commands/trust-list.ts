import fs from 'node:fs/promises';
import type { Command } from 'commander';
import {
  buildTrustList,
  signTrustList,
  verifyTrustList,
  TrustListBuildError,
  type IssuerInput,
  type TrustListDocument,
} from '@oneqr/qr';
import { CliError, flatten } from '../cli-error.ts';
import { readJsonFile, readTextFile } from '../io.ts';

export function registerTrustList(program: Command): void {
  const tl = program
    .command('trust-list')
    .description('sign and verify the national trust list of issuer keys');
  tl.command('sign')
    .description('build the trust list from an issuers file and sign it with the root key')
    .requiredOption('--root <file>', 'the national root private JWK')
    .requiredOption(
      '--issuers <file>',
      'JSON: {"issuers": [{"id", "name", "rights": ["personal","venue"], "keys": [<public JWK>]}]}',
    )
    .requiredOption('--out <file>', 'where to write the signed trust list')
    .option('--sequence <n>', 'sequence number of this edition', '1')
    .addHelpText(
      'after',
      '\nExample:\n  oneqr trust-list sign --root root.key.json --issuers issuers.json --out trust-list.json',
    )
    .action(async (opts: { root: string; issuers: string; out: string; sequence: string }) => {
      const root = (await readJsonFile(opts.root, 'root key')) as JsonWebKey;
      if (typeof root?.d !== 'string')
        throw new CliError(`root key "${opts.root}" is not a private JWK (no "d")`);
      const input = (await readJsonFile(opts.issuers, 'issuers file')) as {
        issuers?: IssuerInput[];
        revocations?: [];
      };
      if (typeof input !== 'object' || input === null || !Array.isArray(input.issuers)) {
        throw new CliError(`issuers file "${opts.issuers}" must be an object with an "issuers" array`);
      }
      if (!/^\d{1,9}$/.test(opts.sequence))
        throw new CliError(`--sequence "${opts.sequence}" is not a whole number`);
      let doc: TrustListDocument;
      try {
        doc = await buildTrustList({
          issuers: input.issuers,
          revocations: input.revocations,
          sequence: Number(opts.sequence),
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
      process.stderr.write(`signed trust list written to ${opts.out} (${input.issuers.length} issuers)\n`);
    });
  tl.command('verify')
    .description('verify a signed trust list against the pinned root public key; print its summary')
    .requiredOption('--root-public <file>', 'the national root public JWK')
    .argument('<file>', 'the signed trust list')
    .option('--json', 'print the verified document as JSON')
    .action(async (file: string, opts: { rootPublic: string; json?: boolean }) => {
      const root = (await readJsonFile(opts.rootPublic, 'root public key')) as JsonWebKey;
      const text = await readTextFile(file, 'trust list');
      const verified = await verifyTrustList(text, root);
      if ('errors' in verified) {
        const first = verified.errors[0];
        process.stderr.write(
          `oneqr: ${flatten(`trust list "${file}" is NOT valid: ${first?.code}: ${first?.message}`)}\n`,
        );
        process.exitCode = 1;
        return;
      }
      const doc = verified.document;
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
}
