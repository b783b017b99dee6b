/**
 * Access routes: the token exchange (public), the citizen's "who read my data" log, and the
 * admin's client registry. Mounted under /v1.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors.ts';
import citizenRoutes from './citizen-routes.ts';
import {
  createClient,
  disableClient,
  findClient,
  issueToken,
  linkedPersonId,
  pageAccessLog,
  listClients,
  recordAudit,
  revokeToken,
  summariseAccessLog,
} from './service.ts';
import { ROLES } from './roles.ts';
import { bearerToken } from '../plugins/auth.ts';
import {
  AccessLogQuery,
  AccessLogResponse,
  AccessLogSummaryQuery,
  AccessLogSummaryResponse,
  ClientIdParams,
  ClientList,
  ClientView,
  CreatedClient,
  ListClientsQuery,
  NewClientBody,
  TokenRequest,
  TokenResponse,
} from './schemas.ts';

const routes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // OAuth clients send the client-credentials grant as a form; scoped to this plugin only.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.post(
    '/token',
    {
      // Each attempt runs scrypt: limit guessing (and the CPU it costs) per IP.
      ...(app.config.tokenRateLimitPerMinute > 0 && {
        config: { rateLimit: { max: app.config.tokenRateLimitPerMinute, timeWindow: 60_000 } },
      }),
      schema: {
        tags: ['access'],
        summary: 'Exchange client credentials for a bearer token',
        description:
          'JSON `{ client_id, client_secret }` or form `grant_type=client_credentials&client_id=…&client_secret=…`.',
        body: TokenRequest,
        response: { 200: TokenResponse },
      },
    },
    async (request) => {
      const { grant_type, client_id, client_secret } = request.body;
      if (grant_type !== undefined && grant_type !== 'client_credentials') {
        throw new HttpError('ACCESS_GRANT_TYPE_UNSUPPORTED', undefined, { field: 'grant_type' });
      }
      let issued: Awaited<ReturnType<typeof issueToken>>;
      try {
        issued = await issueToken(
          app.store.db,
          client_id,
          client_secret,
          app.clock(),
          app.config.tokenTtlSeconds,
        );
      } catch (err) {
        // A refused exchange is audited like every refusal (repeated ones show guessing); no id or secret kept.
        if (err instanceof HttpError) {
          await recordAudit(app.store.db, {
            actor: null,
            personId: null,
            fields: [],
            purpose: err.code,
            outcome: 'refused',
            route: request.routeOptions.url ?? '/v1/token',
            at: app.clock(),
          });
        }
        throw err;
      }
      const { accessToken, expiresIn } = issued;
      return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: expiresIn };
    },
  );

  app.get(
    '/me/access-log',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['access'],
        summary: 'Who read my data, when, which fields, and why (newest first, paged)',
        description:
          "Filter by the reader's role and the outcome; follow nextCursor for older entries. " +
          'GET /v1/me/access-log/summary counts the entries per reader and purpose.',
        querystring: AccessLogQuery,
        response: { 200: AccessLogResponse },
      },
    },
    async (request) => {
      // A citizen client is bound to a person; a phone sign-in once it has linked.
      const personId = linkedPersonId(request.client);
      const { limit, cursor, role, outcome } = request.query;
      return pageAccessLog(app.store.db, personId, {
        limit: limit === undefined ? undefined : Number(limit),
        cursor,
        role,
        outcome,
      });
    },
  );

  app.get(
    '/me/access-log/summary',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['access'],
        summary: 'How often each reader read my data, and for which purpose',
        querystring: AccessLogSummaryQuery,
        response: { 200: AccessLogSummaryResponse },
      },
    },
    async (request) => {
      const personId = linkedPersonId(request.client);
      return summariseAccessLog(app.store.db, personId, request.query);
    },
  );

  app.post(
    '/token/revoke',
    {
      preHandler: app.authorize(ROLES),
      schema: {
        tags: ['access'],
        summary: 'Revoke the bearer token this request carries (sign-out on a device)',
        description: 'The token is refused from then on, wherever it was copied to.',
      },
    },
    async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      if (token) await revokeToken(app.store.db, token);
      return reply.code(204).send();
    },
  );

  await app.register(citizenRoutes);

  app.post(
    '/admin/clients',
    {
      preHandler: app.authorize(['admin']),
      schema: {
        tags: ['access'],
        summary: 'Register a client; the secret is returned only in this response',
        body: NewClientBody,
        response: { 201: CreatedClient },
      },
    },
    async (request, reply) => {
      const { clientId, clientSecret } = await createClient(app.store.db, request.body, app.clock());
      const info = await findClient(app.store.db, clientId);
      if (!info) throw new Error('client vanished after insert');
      return reply.status(201).send({ ...info, clientSecret });
    },
  );

  app.get(
    '/admin/clients',
    {
      preHandler: app.authorize(['admin']),
      schema: {
        tags: ['access'],
        summary: 'List registered clients (never their secrets)',
        querystring: ListClientsQuery,
        response: { 200: ClientList },
      },
    },
    async (request) => ({
      clients: await listClients(app.store.db, request.query.role ? { role: request.query.role } : {}),
    }),
  );

  app.delete(
    '/admin/clients/:id',
    {
      preHandler: app.authorize(['admin']),
      schema: {
        tags: ['access'],
        summary: 'Disable a client and revoke its tokens',
        params: ClientIdParams,
        response: { 200: ClientView },
      },
    },
    async (request) => disableClient(app.store.db, request.params.id, app.clock()),
  );
};

export default routes;
