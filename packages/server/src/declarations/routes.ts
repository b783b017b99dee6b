/** Declarations routes: the forms (public), a citizen's own and on-behalf declarations, officers'. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { spendRequestLookup } from '../scan/service.ts';
import {
  DeclarationBody,
  DeclarationListReply,
  DeclarationReply,
  ErrorReply,
  FormsReply,
  PersonParams,
} from './schemas.ts';
import { declarationsOfPerson, formDefinitions, myDeclarations, submitDeclaration } from './service.ts';

/** A declaration is small: answers of at most a few kilobytes. */
const BODY_LIMIT = 16 * 1024;

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply };

  app.get(
    '/declarations/forms',
    {
      schema: {
        tags: ['declarations'],
        summary: 'Every declaration form version (field names, types, allowed values, conditions)',
        response: { 200: FormsReply },
      },
    },
    async () => ({
      forms: formDefinitions().map((f) => ({ ...f, fields: f.fields.map((x) => ({ ...x })) })),
    }),
  );

  app.post(
    '/me/declarations',
    {
      preHandler: app.authorize(['citizen']),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['declarations'],
        summary:
          'Declare (health or domestic movement) for yourself, or for a person registered under your QID; a movement declaration returns its QR, valid 72 h',
        body: DeclarationBody,
        response: { 201: DeclarationReply, ...errors },
      },
    },
    async (request, reply) => {
      const d = await submitDeclaration(app.store.db, request.client!, request.body, {
        issuerId: app.config.declarationIssuerId,
        now: app.clock(),
      });
      return reply.code(201).send(d);
    },
  );

  app.get(
    '/me/declarations',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['declarations'],
        summary: 'Your declarations and those you made on behalf of others, newest first',
        response: { 200: DeclarationListReply, 409: ErrorReply },
      },
    },
    async (request) => ({ declarations: await myDeclarations(app.store.db, request.client!) }),
  );

  app.post(
    '/declarations',
    {
      preHandler: app.authorize(['checkpoint-officer', 'health-officer']),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['declarations'],
        summary: 'An officer records a declaration for a traveller (idNumber required); the QR is returned',
        body: DeclarationBody,
        response: { 201: DeclarationReply, ...errors, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      // A typed ID answered 201 or 404: on the client's one look-up budget.
      await spendRequestLookup(app, request, reply, {
        route: '/v1/declarations',
        purpose: 'declaration for a traveller',
      });
      const d = await submitDeclaration(app.store.db, request.client!, request.body, {
        issuerId: app.config.declarationIssuerId,
        now: app.clock(),
      });
      return reply.code(201).send(d);
    },
  );

  app.get(
    '/declarations/persons/:idNumber',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['declarations'],
        summary: 'A person’s declarations, newest first (audited)',
        params: PersonParams,
        response: { 200: DeclarationListReply, 404: ErrorReply, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      await spendRequestLookup(app, request, reply, {
        route: '/v1/declarations/persons/{idNumber}',
        purpose: 'declarations of a person',
      });
      return {
        declarations: await declarationsOfPerson(
          app.store.db,
          request.client!,
          request.params.idNumber,
          app.clock(),
          '/v1/declarations/persons/{idNumber}',
        ),
      };
    },
  );
};

export default routes;
