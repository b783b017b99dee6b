import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { withStore } from '../store.ts';

const ROLES = ['admin', 'app', 'venue-staff', 'checkpoint-officer', 'health-officer', 'citizen'];

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
    .option('--issuer <id>', 'the issuing app the client belongs to (apps and their scanners)')
    .option('--person <idNumber>', 'for citizens: the person whose data the client may read')
    .option('--venue <id>', 'for venue staff: the venue')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  oneqr admin client create --role health-officer --name "CDC Khánh Hòa scanner 1"',
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
        if (!ROLES.includes(opts.role))
          throw new CliError(`--role "${opts.role}" is not one of: ${ROLES.join(', ')}`);
        const name = opts.name.trim();
        if (name.length === 0 || name.length > 200) throw new CliError('--name must be 1 to 200 characters');
        const { createClient } = await import('@oneqr/server/access/service.ts');
        const created = await withStore((store) =>
          createClient(
            store.db,
            {
              role: opts.role as never,
              name,
              issuerId: opts.issuer,
              personId: opts.person,
              venueId: opts.venue,
            },
            new Date(),
          ),
        );
        if (opts.json)
          process.stdout.write(
            JSON.stringify({
              client_id: created.clientId,
              client_secret: created.clientSecret,
              role: opts.role,
              name,
            }) + '\n',
          );
        else
          process.stdout.write(
            `client_id:     ${created.clientId}\nclient_secret: ${created.clientSecret}\nrole:          ${opts.role}\n`,
          );
      },
    );
}
