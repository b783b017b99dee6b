import type { Command } from 'commander';
import { CliError, refusalAsCliError } from '../cli-error.ts';
import { withStore } from '../store.ts';
import os from 'node:os';
import path from 'node:path';
import { ROLES, isRole, loadClients, loadKeyWrap, loadTrustSources } from '@oneqr/server/cli';
import { TRUST_SOURCE_MAX_LENGTH } from '@oneqr/qr';
import { readTextFile } from '../io.ts';

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('administer the platform database directly');
  const client = admin
    .command('client')
    .description('API clients (apps, venues, staff, officers, admins, citizens)');
  client
    .command('create')
    .description(
      'create a client and print its credentials (the secret is shown once; only its hash is stored)',
    )
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .requiredOption('--name <name>', 'a human-readable name')
    .option('--issuer <id>', 'the issuing app the client belongs to (required for role app)')
    .option('--person <idNumber>', 'for citizens: the person whose data the client may read (required)')
    .option('--venue <id>', 'for venue staff: the venue')
    .option('--site <code>', 'for vaccination sites: the site code of its dose records (required)')
    .option('--json', 'print {client_id, client_secret, role, name} as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  oneqr admin client create --role health-officer --name "CDC Khánh Hòa scanner 1"\n' +
        '  oneqr admin client create --role app --name "PC-Covid backend" --issuer pc-covid',
    )
    .action(
      async (opts: {
        role: string;
        name: string;
        issuer?: string;
        person?: string;
        venue?: string;
        site?: string;
        json?: boolean;
      }) => {
        // Refused before the database is opened: a typo must not create ./data.
        if (!isRole(opts.role))
          throw new CliError(
            `ACCESS_CLIENT_ROLE_UNKNOWN: --role must be one of ${ROLES.join(', ')}; got "${opts.role}"`,
          );
        const { createClientCommand } = await loadClients();
        const created = await withStore(async (store) => {
          try {
            return await createClientCommand(store.db, opts, new Date());
          } catch (err) {
            // Domain refusals (unknown role, citizen without --person, …) carry a code and a message.
            throw refusalAsCliError(err);
          }
        });
        if (opts.json) {
          process.stdout.write(
            JSON.stringify({
              client_id: created.clientId,
              client_secret: created.clientSecret,
              role: opts.role,
              name: opts.name,
            }) + '\n',
          );
        } else process.stdout.write(created.text + '\n');
      },
    );

  const keys = admin.command('keys').description('private keys at rest (ONEQR_MASTER_KEY)');
  keys
    .command('wrap')
    .description(
      'wrap with ONEQR_MASTER_KEY every private key stored in plain text (issuer keys, the stored root key); ' +
        'the server also does this at boot',
    )
    .addHelpText(
      'after',
      '\nExample:\n  oneqr admin keys wrap    # with ONEQR_MASTER_KEY set, e.g. export ONEQR_MASTER_KEY=$(openssl rand -base64 32)',
    )
    .action(async () => {
      // Refused before the database is opened: without a master key there is nothing to wrap with.
      if (!process.env.ONEQR_MASTER_KEY)
        throw new CliError('ONEQR_MASTER_KEY is not set: there is nothing to wrap the keys with');
      const { wrapKeysCommand } = await loadKeyWrap();
      const done = await withStore((store) => wrapKeysCommand(store.db));
      process.stdout.write(done.text + '\n');
      if (done.text.includes('cannot be unwrapped')) process.exitCode = 1;
    });

  const trust = admin
    .command('trust')
    .description('foreign trust sources HC1 and shc:/ scans verify against (EU DSC lists, SHC key sets)');
  trust
    .command('import')
    .description(
      'import an EU gateway DSC list, an SHC key set ({"keys": …}) or an SHC revocation list; checked, stored, audited',
    )
    .argument('<file>', 'the trust source file')
    .option('--name <name>', 'a name for people (default: the file name)')
    .option(
      '--iss <url>',
      'an SHC key set: the https issuer URL it is published under (a jwks.json names none; stored with it)',
    )
    .option('--json', 'print the stored source as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  oneqr admin trust import dsc-list.json\n  oneqr admin trust import issuer/.well-known/jwks.json --iss https://spec.smarthealth.cards/examples/issuer --name "SMART example issuer"',
    )
    .action(async (file: string, opts: { name?: string; iss?: string; json?: boolean }) => {
      // Read and bounded before the database is opened.
      const text = await readTextFile(file, 'trust file', TRUST_SOURCE_MAX_LENGTH);
      const content = opts.iss === undefined ? text : withIssuer(file, text, opts.iss);
      const { importTrustSource } = await loadTrustSources();
      const actor = { id: 'cli', role: 'admin' as const, name: `oneqr admin (${os.userInfo().username})` };
      const out = await withStore(async (store) => {
        try {
          return await importTrustSource(
            store.db,
            actor,
            { name: opts.name ?? path.basename(file), content },
            new Date(),
          );
        } catch (err) {
          throw refusalAsCliError(err);
        }
      });
      if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
      else {
        const s = out.source;
        const what = out.created ? 'imported' : 'already imported';
        process.stdout.write(`${what}: ${s.kind} "${s.name}", ${s.entries} entries, sha256 ${s.id}\n`);
      }
    });
  trust
    .command('list')
    .description('list the imported trust sources')
    .option('--json', 'print them as JSON')
    .addHelpText('after', '\nExample:\n  oneqr admin trust list --json')
    .action(async (opts: { json?: boolean }) => {
      const { listTrustSources } = await loadTrustSources();
      const sources = await withStore((store) => listTrustSources(store.db));
      if (opts.json) process.stdout.write(JSON.stringify({ sources }) + '\n');
      else
        for (const s of sources)
          process.stdout.write(`${s.importedAt}  ${s.kind}  ${s.entries}  ${s.name}  ${s.id}\n`);
    });
}

/**
 * A key set's text with `iss` added (the server binds a key set to the issuer it names). A file
 * that names another issuer, or is no key set, is refused rather than rewritten.
 */
function withIssuer(file: string, text: string, iss: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('keys' in json))
    throw new CliError(`trust file "${file}": --iss is for an SHC key set ({"keys": …})`);
  const named = (json as { iss?: unknown }).iss;
  if (named !== undefined && named !== iss)
    throw new CliError(`trust file "${file}": names issuer ${JSON.stringify(named)}, not ${iss}`);
  return JSON.stringify({ iss, ...json });
}
