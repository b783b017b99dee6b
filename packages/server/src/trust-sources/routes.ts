/** Admin routes: import a foreign trust source (EU DSC list, SHC key set or revocation list), list them. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { TRUST_SOURCE_MAX_LENGTH } from '@oneqr/qr';
import { ErrorReply } from '../errors.ts';
import { importTrustSource, listTrustSources } from './service.ts';

const TrustSource = Type.Object({
  id: Type.String({ description: 'SHA-256 of the content, hex' }),
  kind: Type.String({ description: 'eu-dsc-list | shc-jwks | shc-crl' }),
  name: Type.String(),
  entries: Type.Integer({ description: 'DSCs, keys or revoked ids it holds' }),
  importedAt: Type.String({ format: 'date-time' }),
  importedBy: Type.String(),
});
const ImportBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'The file name, for people' }),
    content: Type.String({
      minLength: 1,
      maxLength: TRUST_SOURCE_MAX_LENGTH,
      description: "The file's text: an EU gateway DSC list, an SHC key set or an SHC revocation list",
    }),
  },
  { additionalProperties: false },
);
const ImportReply = Type.Object({ source: TrustSource, created: Type.Boolean() });

/** The content may be a whole EU gateway list (~1 MB), JSON-escaped inside the body. */
const IMPORT_BODY_LIMIT = 2 * TRUST_SOURCE_MAX_LENGTH + 4096;

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { preHandler: app.authorize(['admin']) };

  app.post(
    '/admin/trust-sources',
    {
      ...admin,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['admin'],
        summary:
          'Import a foreign trust source (EU gateway DSC list, SHC key set or revocation list): HC1 and shc:/ scans then verify against it',
        body: ImportBody,
        response: { 200: ImportReply, 201: ImportReply, 400: ErrorReply },
      },
    },
    async (request, reply) => {
      const out = await importTrustSource(app.store.db, request.client!, request.body, app.clock());
      return reply.code(out.created ? 201 : 200).send(out as Static<typeof ImportReply>);
    },
  );

  app.get(
    '/admin/trust-sources',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'List the imported foreign trust sources (without their content)',
        response: { 200: Type.Object({ sources: Type.Array(TrustSource) }) },
      },
    },
    async () => ({ sources: await listTrustSources(app.store.db) }),
  );
};

export default routes;
