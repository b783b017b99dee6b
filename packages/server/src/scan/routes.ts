/** POST /v1/scan: read any code, answer by the scanner's role (SPEC §8). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ScanBody } from './schemas.ts';
import { SCANNER_ROLES, scan } from './service.ts';

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
          'Read any code (1405 personal QR from any app, CCCD, ID number, venue, HC1:, shc:/) and answer by role',
        description:
          'venue-staff: {name (masked), colour}; checkpoint-officer: confirmed identity, colour, declaration validity; ' +
          'health-officer: full identity, colour and rule, vaccinations, tests, case status. Unsigned and CCCD codes are ' +
          'resolved through the registry (identity.source says so). Every disclosure is audited.',
        security: [{ bearer: [] }],
        body: ScanBody,
        // The answer is role-shaped (see description); the venue-staff shape is asserted field by field in tests.
        response: {
          200: Type.Object({}, { additionalProperties: true }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request) => scan(app.store.db, request.client!, request.body.text, app.clock()),
  );
};

export default routes;
