/**
 * What `oneqr admin client create --role ROLE --name NAME [--issuer ID] [--person ID] [--venue ID] [--site CODE]`
 * needs: validate the flags, register the client, and give back text to print once.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { ROLES, isRole } from './roles.ts';
import { createClient, type ClientCredentials } from './service.ts';

/** The CLI flags, as commander hands them over (strings, optional ones possibly undefined). */
export interface CreateClientFlags {
  role: string;
  name: string;
  issuer?: string | undefined;
  person?: string | undefined;
  venue?: string | undefined;
  site?: string | undefined;
}

/**
 * Registers a client from CLI flags. Returns the credentials and the lines to print; the secret
 * is in `text` and is never shown again. Throws HttpError (code + message) on a bad flag.
 */
export async function createClientCommand(
  db: Kysely<DB>,
  flags: CreateClientFlags,
  now: Date,
): Promise<ClientCredentials & { text: string }> {
  if (!isRole(flags.role)) {
    throw new HttpError(
      'ACCESS_CLIENT_ROLE_UNKNOWN',
      `--role must be one of ${ROLES.join(', ')}; got "${flags.role}"`,
      { field: 'role' },
    );
  }
  const creds = await createClient(
    db,
    {
      role: flags.role,
      name: flags.name,
      ...(flags.issuer !== undefined && { issuerId: flags.issuer }),
      ...(flags.person !== undefined && { personId: flags.person }),
      ...(flags.venue !== undefined && { venueId: flags.venue }),
      ...(flags.site !== undefined && { siteId: flags.site }),
    },
    now,
  );
  const text = [
    `client_id:     ${creds.clientId}`,
    `client_secret: ${creds.clientSecret}`,
    `role:          ${flags.role}`,
    'Store the secret now: it is not kept and cannot be shown again.',
  ].join('\n');
  return { ...creds, text };
}
