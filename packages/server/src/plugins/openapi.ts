/**
 * The OpenAPI 3 document (generated from the route schemas) at GET /openapi.json, and a docs page
 * at /docs served entirely from the bundled swagger-ui assets (works offline, no CDN).
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import { AUTHORIZED_ROLES, type AuthorizeHandler } from './auth.ts';
import './context.ts';

const ErrorBodySchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable error code (docs/api-errors.md)' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

/** The roles of the `authorize` preHandler on a route, if it has one. */
export function rolesOf(
  route: Pick<RouteOptions, 'preHandler' | 'preValidation'>,
): readonly string[] | undefined {
  // auth.ts moves authorize() from preHandler to preValidation when the route is added.
  const hooks = [route.preHandler, route.preValidation].flatMap((h) =>
    h === undefined ? [] : Array.isArray(h) ? h : [h],
  );
  for (const hook of hooks) {
    const roles = (hook as Partial<AuthorizeHandler>)[AUTHORIZED_ROLES];
    if (roles) return roles;
  }
  return undefined;
}

/** CSP for the swagger-ui page: its own scripts and styles only (swagger-ui sets inline style attributes). */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'OneQR platform API',
          version: '0.1.0',
          description:
            'The national unified personal QR platform (Decision 1405): registry, issuers, credentials, ' +
            'scan by role, and the audit log. Errors are `{ code, message, details? }`.',
        },
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'Token from POST /v1/token (client credentials).',
            },
          },
        },
        tags: [
          { name: 'platform', description: 'Probes' },
          { name: 'access', description: 'Tokens, clients, audit log' },
          { name: 'registry', description: 'Population register and QIDs' },
          { name: 'issuers', description: 'Issuing apps, keys, trust list' },
          { name: 'credentials', description: 'Personal QR codes' },
          { name: 'health', description: 'Vaccinations, tests, colour card' },
          { name: 'scan', description: 'Read any code, answered by role' },
          { name: 'venues', description: 'Venues, venue QR, poster' },
          { name: 'checkins', description: 'Check-in and check-out, venue history and occupancy' },
          { name: 'tracing', description: 'Confirmed cases, exposure search, notifications' },
        ],
      },
      // Routes behind authorize() get the bearer scheme, their roles, and the 401/403 answers.
      transform: ({ schema, url, route }) => {
        const roles = rolesOf(route);
        if (!roles || !schema) return { schema, url };
        const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
        response['401'] ??= { description: 'Missing or invalid bearer token', ...ErrorBodySchema };
        response['403'] ??= { description: 'Role not allowed', ...ErrorBodySchema };
        const note = `Roles: ${roles.join(', ')}.`;
        return {
          url,
          schema: {
            ...schema,
            security: [{ bearerAuth: [] }],
            description: schema.description ? `${schema.description}\n\n${note}` : note,
            response,
          },
        };
      },
    });

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: DOCS_CSP,
      uiConfig: { deepLinking: true, validatorUrl: null },
    });
  },
  { name: 'oneqr-openapi', dependencies: ['oneqr-errors'] },
);
