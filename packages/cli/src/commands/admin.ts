import type { Command } from 'commander';
import { CliError, refusalAsCliError } from '../cli-error.ts';
import { withStore } from '../store.ts';
import { ROLES, isRole, loadClients } from '@oneqr/server/cli';

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
}
