/** POST /v1/scan: read any code, answer by the scanner's role (SPEC §8). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HttpError } from '../errors.ts';
import { ScanBody } from './schemas.ts';
import { SCANNER_ROLES, ScanAnswer, scan } from './service.ts';

const ErrorBody = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Any()),
});

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/scan',
    {
      preHandler: app.authorize(SCANNER_ROLES),
      schema: {
        tags: ['scan'],
        summary:
          'Read any code (1405 personal QR from any app, CCCD, ID number, venue, movement declaration, HC1:, shc:/) and answer by role',
        description:
          'venue-staff: {name (masked), colour}; checkpoint-officer: confirmed identity, colour, movement-declaration validity ' +
          "(the person's valid one, or the declaration QR sent beside the code: docs/declaration-qr.md); " +
          'health-officer: full identity, colour and rule, vaccinations, tests, case status. Unsigned and CCCD codes are ' +
          'confirmed through the registry (identity.source says so) and limited per client and minute ' +
          '(429 SCAN_LOOKUP_THROTTLED); an identity the registry does not confirm is refused, with the reason ' +
          'only for health officers. Every disclosure is audited.',
        security: [{ bearer: [] }],
        body: ScanBody,
        // The answer is serialised through this union: a property no view declares is never sent.
        response: {
          200: ScanAnswer,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const client = request.client!;
      const limits = app.config.lookupLimitPerMinute;
      const lookupsPerMinute = limits[client.role as keyof typeof limits] ?? 0;
      try {
        return await scan(
          app.store.db,
          client,
          request.body.text,
          app.clock(),
          { lookupsPerMinute },
          { declarationText: client.role === 'checkpoint-officer' ? request.body.declaration : undefined },
        );
      } catch (err) {
        const retry = err instanceof HttpError ? err.details?.retryAfterSeconds : undefined;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        throw err;
      }
    },
  );
};

export default routes;
