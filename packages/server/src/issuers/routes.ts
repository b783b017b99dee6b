/**
 * Issuers routes: the public trust list and root key (what every scanner downloads and pins),
 * and the admin routes that register apps and manage their keys.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  CreateIssuerBody,
  ErrorReply,
  Issuer,
  IssuerIdParams,
  IssuerKey,
  KidParams,
  RootKeyReply,
  RotateBody,
} from './schemas.ts';
import { REVOCATION_PARTITIONS } from '@oneqr/qr';
import {
  createIssuer,
  revocationBatchesSince,
  revocationSnapshot,
  listIssuers,
  revokeKey,
  rootKey,
  rotateIssuerKey,
  signedTrustList,
} from './service.ts';

const PARTITION_PATTERN = `^(?:${Array.from({ length: REVOCATION_PARTITIONS }, (_, i) => i).join('|')})$`;

/** Scanners re-check at most every five minutes; ETag makes the re-check cheap. */
const PUBLIC_CACHE = 'public, max-age=300';

/** True when an If-None-Match header names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { preHandler: app.authorize(['admin']) };

  app.get(
    '/trust-list',
    {
      schema: {
        tags: ['trust'],
        summary: 'The signed trust list (JWS compact, root-signed): issuers, keys, revocations',
        headers: Type.Object({ 'if-none-match': Type.Optional(Type.String()) }),
        response: {
          200: { content: { 'application/jose': { schema: Type.String() } } },
          304: Type.Null({ description: 'Not modified: the ETag still names the current list' }),
        },
      },
    },
    async (request, reply) => {
      const { body, etag } = await signedTrustList(app.store.db, app.clock());
      reply.header('cache-control', PUBLIC_CACHE).header('etag', etag);
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return reply.type('application/jose').send(body);
    },
  );

  app.get(
    '/trust-list/root-key',
    {
      schema: {
        tags: ['trust'],
        summary: 'The national root public key (JWK and kid) that scanners pin to verify the trust list',
        response: { 200: RootKeyReply },
      },
    },
    async (_request, reply) => {
      const root = await rootKey(app.store.db, app.clock());
      reply.header('cache-control', PUBLIC_CACHE);
      return { kid: root.kid, publicJwk: root.publicJwk as Static<typeof RootKeyReply>['publicJwk'] };
    },
  );

  app.get(
    '/trust-list/revocations/:partition',
    {
      schema: {
        tags: ['trust'],
        summary:
          'Revocation log: the root-signed batches of one partition after sequence `since` (oldest first, at most 100; docs/revocations.md)',
        // Path and query are strings: the patterns bound them (0..partitions-1, since < 10^9).
        params: Type.Object({ partition: Type.String({ pattern: PARTITION_PATTERN }) }),
        querystring: Type.Object({ since: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })) }),
        response: { 200: Type.Object({ partition: Type.Integer(), batches: Type.Array(Type.String()) }) },
      },
    },
    async (request, reply) => {
      const partition = Number(request.params.partition);
      const since = Number(request.query.since ?? 0);
      const batches = await revocationBatchesSince(app.store.db, partition, since);
      reply.header('cache-control', PUBLIC_CACHE);
      return { partition, batches };
    },
  );

  app.get(
    '/trust-list/revocations/:partition/snapshot',
    {
      schema: {
        tags: ['trust'],
        summary:
          'Revocation log: a root-signed snapshot of one partition (every cut-off up to `sequence`); the delta continues from it (docs/revocations.md)',
        params: Type.Object({ partition: Type.String({ pattern: PARTITION_PATTERN }) }),
        response: {
          200: Type.Object({ partition: Type.Integer(), sequence: Type.Integer(), snapshot: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const partition = Number(request.params.partition);
      const { sequence, snapshot } = await revocationSnapshot(app.store.db, partition, app.clock());
      reply.header('cache-control', PUBLIC_CACHE);
      return { partition, sequence, snapshot };
    },
  );

  app.post(
    '/admin/issuers',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Register an issuing app with its rights (creates its first signing key)',
        body: CreateIssuerBody,
        response: { 201: Issuer, 400: ErrorReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const issuer = await createIssuer(app.store.db, request.body, app.clock());
      return reply.code(201).send(issuer as Static<typeof Issuer>);
    },
  );

  app.get(
    '/admin/issuers',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'List the issuing apps with their keys (public parts)',
        response: { 200: Type.Object({ issuers: Type.Array(Issuer) }) },
      },
    },
    async () => ({ issuers: (await listIssuers(app.store.db)) as Static<typeof Issuer>[] }),
  );

  app.post(
    '/admin/issuers/:id/keys',
    {
      ...admin,
      // The body is optional (all defaults): a body-less POST is validated as {}.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) (request as { body: unknown }).body = {};
      },
      schema: {
        tags: ['admin'],
        summary: "Rotate an issuer's key: a new key signs from now, the old one may sign during the overlap",
        params: IssuerIdParams,
        body: RotateBody,
        response: { 201: Type.Object({ key: IssuerKey, issuer: Issuer }), 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const overlapDays = request.body.overlapDays;
      const out = await rotateIssuerKey(app.store.db, request.params.id, app.clock(), {
        ...(overlapDays === undefined ? {} : { overlapDays }),
      });
      return reply.code(201).send(out as { key: Static<typeof IssuerKey>; issuer: Static<typeof Issuer> });
    },
  );

  app.post(
    '/admin/keys/:kid/revoke',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Revoke a key (compromise): every code it signed fails once scanners refresh the trust list',
        params: KidParams,
        response: { 200: IssuerKey, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => {
      return (await revokeKey(app.store.db, request.params.kid, app.clock())) as Static<typeof IssuerKey>;
    },
  );
};

export default routes;
