/**
 * The access domain's functions for other domains, the CLI and its routes: clients, tokens,
 * and (re-exported from audit.ts) the audit log.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { isRole, type AuthClient, type Role } from './roles.ts';
import type { ClientRow } from './access.table.ts';
import { hashSecret, hashToken, randomToken, verifySecret } from './secrets.ts';
import { authenticateSession, endSession, SESSION_PREFIX } from './citizen.ts';
import { getIssuer } from '../issuers/service.ts';
import { findPerson } from '../registry/service.ts';
import { bumpAccessVersion, tokenCache } from './token-cache.ts';

export {
  requestOtp,
  verifyOtp,
  linkPerson,
  endSession,
  findAccount,
  normalisePhone,
  type OtpPolicy,
} from './citizen.ts';
export { logOtpSender, type OtpSender, type OtpMessage } from './otp-sender.ts';
export {
  recordAudit,
  recordAudits,
  auditRowOf,
  applyAuditRows,
  listRefusalCounts,
  type RefusalCount,
  listAccessLog,
  pageAccessLog,
  summariseAccessLog,
  type AccessLogFilter,
  type AccessLogPage,
  type AccessLogQuery,
  type AccessLogSummary,
  type AuditEntry,
  type AuditOutcome,
  type AccessLogEntry,
} from './audit.ts';
export { ROLES, isRole, seesFullIdentity, type AuthClient, type Role } from './roles.ts';

/** What an admin (or the CLI, or the demo seed) supplies to register a client. */
export interface NewClient {
  role: Role;
  name: string;
  issuerId?: string;
  /** Citizens only: the registry id number of the person the client acts for. */
  personId?: string;
  venueId?: string;
  /** Vaccination sites only: the site code the client uploads dose records for. */
  siteId?: string;
}

/** One-time credentials: the secret is shown once and only its hash is kept. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** A client as admins see it (never with its secret). Instants are ISO 8601. */
export interface ClientInfo {
  id: string;
  name: string;
  role: Role;
  issuerId: string | null;
  personId: string | null;
  venueId: string | null;
  siteId: string | null;
  createdAt: string;
  disabledAt: string | null;
}

function toInfo(row: ClientRow): ClientInfo {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : 'citizen',
    issuerId: row.issuer_id,
    personId: row.person_id,
    venueId: row.venue_id,
    siteId: row.site_id,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    disabledAt: row.disabled_at === null ? null : new Date(Number(row.disabled_at)).toISOString(),
  };
}

function toAuthClient(
  row: Pick<ClientRow, 'id' | 'name' | 'role' | 'issuer_id' | 'person_id' | 'venue_id' | 'site_id'>,
): AuthClient | null {
  // A row with a role this build does not know grants nothing.
  if (!isRole(row.role)) return null;
  const client: AuthClient = { id: row.id, name: row.name, role: row.role };
  if (row.issuer_id !== null) client.issuerId = row.issuer_id;
  if (row.person_id !== null) client.personId = row.person_id;
  if (row.venue_id !== null) client.venueId = row.venue_id;
  if (row.site_id !== null) client.siteId = row.site_id;
  return client;
}

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';
const orNull = (v: string | undefined): string | null =>
  v === undefined || v.trim() === '' ? null : v.trim();

/** Checks the role's scope rules; throws HttpError naming the offending field. */
function checkNewClient(input: NewClient): void {
  if (!isRole(input.role)) throw new HttpError('ACCESS_CLIENT_ROLE_UNKNOWN', undefined, { field: 'role' });
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new HttpError('ACCESS_CLIENT_NAME_INVALID', undefined, { field: 'name' });
  }
  if (input.role === 'citizen' && blank(input.personId)) {
    throw new HttpError('ACCESS_CLIENT_PERSON_REQUIRED', undefined, { field: 'personId' });
  }
  if (input.role !== 'citizen' && !blank(input.personId)) {
    throw new HttpError('ACCESS_CLIENT_PERSON_NOT_ALLOWED', undefined, { field: 'personId' });
  }
  if (input.role === 'app' && blank(input.issuerId)) {
    throw new HttpError('ACCESS_CLIENT_ISSUER_REQUIRED', undefined, { field: 'issuerId' });
  }
  // A site client without its site could upload for none; any other role bound to a site would
  // suggest a right it does not have.
  if ((input.role === 'vaccination-site') === blank(input.siteId)) {
    throw new HttpError(
      input.role === 'vaccination-site' ? 'ACCESS_CLIENT_SITE_REQUIRED' : 'ACCESS_CLIENT_SITE_NOT_ALLOWED',
      undefined,
      { field: 'siteId' },
    );
  }
}

/**
 * The issuer and the person a client is bound to must exist: an app client for an unknown issuer
 * could never sign, and a citizen client for an unknown person would read nobody's log (or the
 * log of whoever is registered under that number later).
 */
async function checkBindings(db: Kysely<DB>, input: NewClient): Promise<void> {
  const issuerId = orNull(input.issuerId);
  if (issuerId !== null && (await getIssuer(db, issuerId)) === undefined) {
    throw new HttpError('ACCESS_CLIENT_ISSUER_NOT_FOUND', `No issuer with id ${issuerId}`, {
      field: 'issuerId',
    });
  }
  const personId = orNull(input.personId);
  // The id number is not echoed: the message would confirm which numbers are registered to a log reader.
  if (personId !== null && (await findPerson(db, personId)) === undefined) {
    throw new HttpError('ACCESS_CLIENT_PERSON_NOT_FOUND', undefined, { field: 'personId' });
  }
}

/** Registers a client and returns its one-time credentials (`cl_…` id, 32-byte base64url secret). */
export async function createClient(db: Kysely<DB>, input: NewClient, now: Date): Promise<ClientCredentials> {
  checkNewClient(input);
  await checkBindings(db, input);
  const clientId = `cl_${randomToken(12)}`;
  const clientSecret = randomToken(32);
  await db
    .insertInto('clients')
    .values({
      id: clientId,
      name: input.name.trim(),
      role: input.role,
      issuer_id: orNull(input.issuerId),
      person_id: orNull(input.personId),
      venue_id: orNull(input.venueId),
      site_id: orNull(input.siteId),
      secret_hash: await hashSecret(clientSecret),
      created_at: now.getTime(),
      disabled_at: null,
    })
    .execute();
  return { clientId, clientSecret };
}

/** One client by id, or undefined. */
export async function findClient(db: Kysely<DB>, clientId: string): Promise<ClientInfo | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  return row && toInfo(row);
}

/** Every client, oldest first, optionally of one role. */
export async function listClients(db: Kysely<DB>, opts: { role?: Role } = {}): Promise<ClientInfo[]> {
  let q = db.selectFrom('clients').selectAll();
  if (opts.role) q = q.where('role', '=', opts.role);
  const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  return rows.map(toInfo);
}

/**
 * Disables a client and revokes its tokens at once. Idempotent (keeps the first disabledAt).
 * Refuses to disable the last active admin, which would lock everyone out of the admin routes.
 */
export async function disableClient(db: Kysely<DB>, clientId: string, now: Date): Promise<ClientInfo> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst();
    if (!row) throw new HttpError('ACCESS_CLIENT_NOT_FOUND', undefined, { field: 'id' });
    if (row.disabled_at !== null) return toInfo(row);
    if (row.role === 'admin') {
      const others = await trx
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('id', '!=', clientId)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) throw new HttpError('ACCESS_CLIENT_LAST_ADMIN');
    }
    await trx.updateTable('clients').set({ disabled_at: now.getTime() }).where('id', '=', clientId).execute();
    await trx.deleteFrom('tokens').where('client_id', '=', clientId).execute();
    // Every node's token cache drops its entries within the staleness bound (token-cache.ts).
    await bumpAccessVersion(trx);
    return toInfo({ ...row, disabled_at: now.getTime() });
  });
}

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Client-credentials exchange: a fresh bearer token valid `ttlSeconds`. Unknown id, wrong secret
 * and disabled client all give the same ACCESS_CREDENTIALS_INVALID after the same amount of work.
 */
export async function issueToken(
  db: Kysely<DB>,
  clientId: string,
  clientSecret: string,
  now: Date,
  ttlSeconds: number,
): Promise<{ accessToken: string; expiresIn: number }> {
  const row = await db
    .selectFrom('clients')
    .select(['id', 'secret_hash', 'disabled_at', 'role'])
    .where('id', '=', clientId)
    .executeTakeFirst();
  const ok = await verifySecret(clientSecret, row?.secret_hash);
  if (!row || !ok || row.disabled_at !== null || !isRole(row.role)) {
    throw new HttpError('ACCESS_CREDENTIALS_INVALID');
  }
  const accessToken = randomToken(32);
  const at = now.getTime();
  await db.transaction().execute(async (trx) => {
    // Housekeeping: this client's expired tokens go, so the table does not grow without bound.
    await trx.deleteFrom('tokens').where('client_id', '=', row.id).where('expires_at', '<=', at).execute();
    await trx
      .insertInto('tokens')
      .values({
        token_hash: hashToken(accessToken),
        client_id: row.id,
        expires_at: at + ttlSeconds * 1000,
        created_at: at,
      })
      .execute();
  });
  return { accessToken, expiresIn: ttlSeconds };
}

/**
 * Revokes one bearer token, a client's or a citizen session's, at once (sign-out on a device), so
 * a token copied from it is refused from then on. Idempotent.
 */
export async function revokeToken(db: Kysely<DB>, token: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const gone = await trx.deleteFrom('tokens').where('token_hash', '=', hashToken(token)).executeTakeFirst();
    // Only a token that existed can be cached anywhere: an unknown one moves no counter.
    if (Number(gone.numDeletedRows) > 0) await bumpAccessVersion(trx);
  });
  if (token.startsWith(SESSION_PREFIX)) await endSession(db, token);
}

/** The client a bearer token stands for, or null when unknown, expired, or its client is disabled. */
export async function authenticateToken(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<AuthClient | null> {
  // An empty or over-long token still runs the one query (on a hash that matches nothing), so a
  // refusal takes the same path whatever was wrong with the token.
  const usable = token.length > 0 && token.length <= 512;
  const hash = hashToken(usable ? token : '');
  const cache = usable ? await tokenCache(db) : null;
  const hit = cache?.get(hash, now.getTime());
  if (hit !== undefined) return hit;
  const row = await db
    .selectFrom('tokens')
    .innerJoin('clients', 'clients.id', 'tokens.client_id')
    .select([
      'clients.id',
      'clients.name',
      'clients.role',
      'clients.issuer_id',
      'clients.person_id',
      'clients.venue_id',
      'clients.site_id',
      'tokens.expires_at',
    ])
    .where('tokens.token_hash', '=', hash)
    .where('tokens.expires_at', '>', now.getTime())
    .where('clients.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!usable) return null;
  if (row) {
    const client = toAuthClient(row);
    if (client !== null) cache?.set(hash, client, Number(row.expires_at));
    return client;
  }
  // Citizens signed in by phone hold a session token instead (access/citizen.ts).
  return token.startsWith(SESSION_PREFIX) ? authenticateSession(db, token, now) : null;
}

/**
 * The registry person a citizen caller acts for; throws ACCESS_PERSON_NOT_LINKED when a citizen
 * signed in by phone has not linked the account yet. The one check every `/v1/me/…` route uses.
 */
export function linkedPersonId(client: AuthClient | null): string {
  const id = client?.role === 'citizen' ? client.personId : undefined;
  if (id === undefined) throw new HttpError('ACCESS_PERSON_NOT_LINKED');
  return id;
}
