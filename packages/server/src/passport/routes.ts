/**
 * Passport routes: the public DSC / CSCA lists (EU gateway shape) and revocation list beside the
 * OneQR trust list, the citizen's own passport, issuance at a health counter, revocation.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { linkedPersonId, recordAudit } from '../access/service.ts';
import { spendRequestLookup } from '../scan/service.ts';
import {
  currentPassport,
  cscaTrustList,
  dscTrustList,
  issuePassport,
  issuePassportForClaim,
  revocationList,
  revokePassport,
  type PassportOptions,
} from './service.ts';
import {
  ErrorReply,
  GatewayList,
  IssueForPersonBody,
  PassportView,
  RevocationList,
  RevokeBody,
  RevokeReply,
} from './schemas.ts';
import { DISPLAY_KEYS } from './display.ts';

const PUBLIC_CACHE = 'public, max-age=300';
const errors = { 400: ErrorReply, 404: ErrorReply, 409: ErrorReply };

const routes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const opts: PassportOptions = {
    alg: app.config.passportAlg,
    validityMonths: app.config.passportValidityMonths,
  };
  const citizen = { preHandler: app.authorize(['citizen']) };

  app.get(
    '/trust-list/dsc',
    {
      schema: {
        tags: ['trust'],
        summary: 'Vaccine passport Document Signer Certificates, EU gateway trust-list shape',
        response: { 200: GatewayList },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return dscTrustList(app.store.db);
    },
  );

  app.get(
    '/trust-list/csca',
    {
      schema: {
        tags: ['trust'],
        summary: 'The CSCA that signs the vaccine passport DSCs, EU gateway trust-list shape',
        response: { 200: GatewayList },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return cscaTrustList(app.store.db);
    },
  );

  app.get(
    '/trust-list/dcc-revocations',
    {
      schema: {
        tags: ['trust'],
        summary: 'Revoked vaccine passports by UVCI hash (EU revocation batches, hash type UCI)',
        response: { 200: RevocationList },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return revocationList(app.store.db, app.clock());
    },
  );

  const audit = (
    request: { client: Parameters<typeof recordAudit>[1]['actor'] },
    personId: string,
    route: string,
    purpose: string,
  ) =>
    recordAudit(app.store.db, {
      actor: request.client,
      personId,
      fields: DISPLAY_KEYS,
      purpose,
      outcome: 'disclosed',
      route,
      at: app.clock(),
    });

  app.post(
    '/me/passport',
    {
      ...citizen,
      schema: {
        tags: ['passport'],
        summary:
          'Your vaccine passport (EU DCC): issued once your series is complete, re-issued on a new dose',
        response: { 200: PassportView, ...errors },
      },
    },
    async (request, reply) => {
      const personId = linkedPersonId(request.client);
      const view = await issuePassport(app.store.db, personId, opts, app.clock());
      await audit(request, personId, '/v1/me/passport', 'own vaccine passport (citizen app)');
      reply.header('cache-control', 'no-store');
      return view;
    },
  );

  app.get(
    '/me/passport',
    {
      ...citizen,
      schema: {
        tags: ['passport'],
        summary: 'Your current vaccine passport, as last issued',
        response: { 200: PassportView, 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const personId = linkedPersonId(request.client);
      const view = await currentPassport(app.store.db, personId);
      await audit(request, personId, '/v1/me/passport', 'own vaccine passport (citizen app)');
      reply.header('cache-control', 'no-store');
      return view;
    },
  );

  app.post(
    '/passport/issue',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['passport'],
        summary: "Issue a person's vaccine passport at a counter: the registry confirms the identity first",
        body: IssueForPersonBody,
        response: { 200: PassportView, ...errors, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      // A typed ID answered with whether the registry holds it: on the client's one look-up budget.
      await spendRequestLookup(app, request, reply, {
        route: '/v1/passport/issue',
        purpose: 'vaccine passport at a counter',
      });
      const view = await issuePassportForClaim(app.store.db, request.body, opts, app.clock());
      await audit(
        request,
        request.body.idNumber,
        '/v1/passport/issue',
        'vaccine passport issued at a counter',
      );
      reply.header('cache-control', 'no-store');
      return view;
    },
  );

  app.post(
    '/admin/passport/revocations',
    {
      preHandler: app.authorize(['admin']),
      schema: {
        tags: ['admin'],
        summary: 'Revoke a vaccine passport by its UVCI (listed by hash in the revocation list)',
        body: RevokeBody,
        response: { 201: RevokeReply, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await revokePassport(app.store.db, request.body.uvci, app.clock())),
  );
};

export default routes;
