import type { Command } from 'commander';
import { generateKeyPair } from '@oneqr/qr';
import { writeSecretFile } from '../io.ts';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('manage ES256 (P-256) signing keys');
  keys
    .command('generate')
    .description('write a new private JWK (P-256) to FILE (mode 0600) and print the public JWK')
    .requiredOption('--out <file>', 'where to write the private JWK (must not exist)')
    .addHelpText('after', '\nExample:\n  oneqr keys generate --out pc-covid.key.json > pc-covid.pub.json')
    .action(async (opts: { out: string }) => {
      const { privateJwk, publicJwk } = await generateKeyPair();
      await writeSecretFile(opts.out, JSON.stringify(privateJwk, null, 2) + '\n');
      process.stdout.write(JSON.stringify(publicJwk, null, 2) + '\n');
    });
}
