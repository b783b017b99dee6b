/**
 * `oneqr issuers create|list|rotate|revoke`: the issuing apps and their signing keys, on the
 * database the server uses (as the admin API's /v1/admin/issuers routes do). Every change
 * raises the trust list's sequence, so scanners pick it up on their next fetch.
 */
import type { Command } from 'commander';
import { RIGHTS, isIssuerId, type Right } from '@oneqr/qr';
import type { Store } from '@oneqr/server';
import { loadIssuers } from '@oneqr/server/cli';
import { CliError, refusalAsCliError } from '../cli-error.ts';
import { withStore } from '../store.ts';

type IssuersDomain = Awaited<ReturnType<typeof loadIssuers>>;
type IssuerView = Awaited<ReturnType<IssuersDomain['listIssuers']>>[number];
type KeyView = IssuerView['keys'][number];

/** Runs `fn` with the issuers domain on the store; its refusals become one-line errors. */
async function withIssuers<T>(fn: (issuers: IssuersDomain, db: Store['db']) => Promise<T>): Promise<T> {
  const issuers = await loadIssuers();
  return withStore(async (store) => {
    try {
      return await fn(issuers, store.db);
    } catch (err) {
      throw refusalAsCliError(err);
    }
  });
}

function parseRights(text: string): Right[] {
  const rights = text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const unknown = rights.filter((r) => !(RIGHTS as readonly string[]).includes(r));
  if (rights.length === 0 || unknown.length > 0)
    throw new CliError(
      `--rights "${text}" must be a comma-separated list of ${RIGHTS.join(', ')}` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  return [...new Set(rights)] as Right[];
}

function requireIssuerId(id: string): void {
  if (!isIssuerId(id))
    throw new CliError(
      `ISSUERS_INVALID: issuer id "${id}" must be 1-64 characters of A-Z a-z 0-9 . _ - (starting with a letter or digit)`,
    );
}

const keyLine = (k: KeyView): string =>
  `  key ${k.kid} ${k.status}, signs from ${k.notBefore}` +
  (k.notAfter === null ? '' : ` until ${k.notAfter}`) +
  (k.revokedAt === null ? '' : `, revoked ${k.revokedAt}`);

const issuerLines = (i: IssuerView): string[] => [
  `${i.id} (${i.name}) ${i.status}, rights: ${i.rights.join(', ')}`,
  ...i.keys.map(keyLine),
];

const print = (lines: string[]): void => void process.stdout.write(lines.join('\n') + '\n');
const printJson = (value: unknown): void => void process.stdout.write(JSON.stringify(value) + '\n');

export function registerIssuers(program: Command): void {
  const issuers = program
    .command('issuers')
    .description(
      'the issuing apps and their signing keys (acts on DATABASE_URL, else the embedded SQLite under ./data)',
    );

  issuers
    .command('create')
    .description('register an issuing app with its rights; its first signing key is generated and kept')
    .requiredOption('--id <id>', 'stable id, e.g. pc-covid (A-Z a-z 0-9 . _ -, at most 64)')
    .requiredOption('--name <name>', 'the name scanners show')
    .requiredOption('--rights <list>', `what it may sign, comma-separated: ${RIGHTS.join(', ')}`)
    .option('--json', 'print the issuer {id, name, rights, status, createdAt, keys} as JSON')
    .addHelpText(
      'after',
      '\nExit: 0 created, 2 refused (one line with the code, e.g. ISSUERS_ALREADY_EXISTS).\n' +
        'Example:\n  oneqr issuers create --id bluezone --name "Bluezone" --rights personal,venue',
    )
    .action(async (opts: { id: string; name: string; rights: string; json?: boolean }) => {
      // Checked before the database is opened: a typo must not create ./data.
      requireIssuerId(opts.id);
      const rights = parseRights(opts.rights);
      const issuer = await withIssuers((s, db) =>
        s.createIssuer(db, { id: opts.id, name: opts.name, rights }, new Date()),
      );
      if (opts.json) return printJson(issuer);
      print([`created issuer ${issuer.id}`, ...issuerLines(issuer)]);
    });

  issuers
    .command('list')
    .description('list the issuing apps with their keys (public parts only)')
    .option('--json', 'print {issuers: [{id, name, rights, status, createdAt, keys}]} as JSON')
    .addHelpText('after', '\nExample:\n  oneqr issuers list --json')
    .action(async (opts: { json?: boolean }) => {
      const list = await withIssuers((s, db) => s.listIssuers(db));
      if (opts.json) return printJson({ issuers: list });
      print(
        list.length === 0
          ? ['no issuers (create one with `oneqr issuers create`)']
          : list.flatMap(issuerLines),
      );
    });

  issuers
    .command('rotate')
    .description(
      "rotate an issuer's key: a new key signs from now; older keys may still sign during the overlap",
    )
    .argument('<id>', 'the issuer id')
    .option('--overlap-days <n>', 'days the older keys may still sign (0-365)', '30')
    .option('--json', 'print {key, issuer} as JSON')
    .addHelpText(
      'after',
      '\nCodes already signed by an older key stay valid. Exit: 0 rotated, 2 refused (e.g. ISSUERS_NOT_FOUND).\n' +
        'Example:\n  oneqr issuers rotate pc-covid --overlap-days 7',
    )
    .action(async (id: string, opts: { overlapDays: string; json?: boolean }) => {
      requireIssuerId(id);
      const { OVERLAP_DAYS } = await loadIssuers();
      if (!/^\d{1,3}$/.test(opts.overlapDays) || Number(opts.overlapDays) > OVERLAP_DAYS.max)
        throw new CliError(
          `--overlap-days "${opts.overlapDays}" must be a whole number from 0 to ${OVERLAP_DAYS.max}`,
        );
      const out = await withIssuers((s, db) =>
        s.rotateIssuerKey(db, id, new Date(), { overlapDays: Number(opts.overlapDays) }),
      );
      if (opts.json) return printJson(out);
      print([`rotated issuer ${id}: key ${out.key.kid} signs from now`, ...issuerLines(out.issuer)]);
    });

  issuers
    .command('revoke')
    .description(
      'revoke a key (compromise): every code it ever signed fails once scanners fetch the new list',
    )
    .argument('<kid>', 'the key id, as `oneqr issuers list` shows it')
    .option('--json', 'print the revoked key {kid, issuerId, publicJwk, status, revokedAt, …} as JSON')
    .addHelpText(
      'after',
      '\nExit: 0 revoked, 2 refused (ISSUERS_KEY_NOT_FOUND, ISSUERS_KEY_ALREADY_REVOKED).\n' +
        'Example:\n  oneqr issuers revoke Xk3v9_Qa',
    )
    .action(async (kid: string, opts: { json?: boolean }) => {
      const key = await withIssuers(async (s, db) => {
        if ((await s.findKey(db, kid)) === undefined && (await s.getIssuer(db, kid)) !== undefined)
          throw new CliError(
            `ISSUERS_KEY_NOT_FOUND: "${kid}" is an issuer id, not a key id: revoke one of its keys (see \`oneqr issuers list\`)`,
          );
        return s.revokeKey(db, kid, new Date());
      });
      if (opts.json) return printJson(key);
      print([
        `revoked key ${key.kid} of ${key.issuerId} at ${key.revokedAt}: codes it signed fail once scanners fetch the new trust list`,
      ]);
    });
}
