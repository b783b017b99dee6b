/**
 * Bearer authentication for every request, and `app.authorize(roles)` for routes that need a role.
 * Refusals are answered 401/403 and written to the audit log. The token itself is never logged.
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { HttpError, type HttpErrorCode } from '../errors.ts';
import { authenticateToken, recordAudit, type Role } from '../access/service.ts';
import './context.ts';

/** Marks a preHandler made by `authorize`; openapi.ts reads it to document the bearer scheme and roles. */
export const AUTHORIZED_ROLES: unique symbol = Symbol.for('oneqr.authorizedRoles');

/** A preHandler that carries the roles it admits. */
export type AuthorizeHandler = preHandlerHookHandler & { [AUTHORIZED_ROLES]: readonly Role[] };

const TOKEN = /^[A-Za-z0-9._~+/-]{1,512}=*$/;

/**
 * The token of an `Authorization: Bearer <token>` header: undefined when there is no header,
 * null when there is one that is not a well-formed bearer token.
 */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = header.slice(space + 1).trim();
  return TOKEN.test(token) ? token : null;
}

export default fp(
  async (app) => {
    app.decorateRequest('client', null);

    app.addHook('onRequest', async (request) => {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) return;
      // A malformed token is looked up like any other (and found by none): every refused token,
      // malformed, unknown, expired or revoked, costs the same work and gets the same answer.
      request.client = await authenticateToken(app.store.db, token ?? '', app.clock());
    });

    async function refuse(request: FastifyRequest, reply: FastifyReply, code: HttpErrorCode): Promise<never> {
      try {
        await recordAudit(app.store.db, {
          actor: request.client,
          personId: null,
          fields: [],
          purpose: code,
          outcome: 'refused',
          route: request.routeOptions.url ?? 'unmatched',
          at: app.clock(),
        });
      } catch (err) {
        // The refusal stands even if the audit write fails; the failure is logged without data.
        request.log.error(
          { err: { type: (err as Error).name, code: (err as { code?: unknown }).code } },
          'audit write failed',
        );
      }
      if (code !== 'ACCESS_ROLE_FORBIDDEN') {
        reply.header(
          'www-authenticate',
          code === 'ACCESS_TOKEN_MISSING' ? 'Bearer' : 'Bearer error="invalid_token"',
        );
      }
      throw new HttpError(code);
    }

    // Routes declare `preHandler: app.authorize(…)`; run it before body validation instead, so an
    // anonymous or wrong-role caller is refused 401/403 without learning what a valid body is.
    app.addHook('onRoute', (route) => {
      const hooks = toArray(route.preHandler);
      const auth = hooks.filter((h) => AUTHORIZED_ROLES in h);
      if (auth.length === 0) return;
      route.preHandler = hooks.filter((h) => !(AUTHORIZED_ROLES in h));
      route.preValidation = [...auth, ...toArray(route.preValidation)] as typeof route.preValidation;
      // A route that takes more than the default body (a check-in batch, a dose file) refuses
      // before the body is read too, so no anonymous caller has megabytes buffered and parsed.
      if (route.bodyLimit !== undefined && route.bodyLimit > (app.initialConfig.bodyLimit ?? 0)) {
        const early = auth.map(
          (h) =>
            async function authorizeBeforeBody(
              request: FastifyRequest,
              reply: FastifyReply,
              payload: unknown,
            ) {
              await (h as unknown as (q: FastifyRequest, r: FastifyReply) => Promise<void>)(request, reply);
              return payload;
            },
        );
        route.preParsing = [...early, ...toArray(route.preParsing)] as typeof route.preParsing;
      }
    });

    app.decorate('authorize', (roles: readonly Role[]): preHandlerHookHandler => {
      const allowed = [...roles];
      const handler = async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
        if (bearerToken(request.headers.authorization) === undefined) {
          return refuse(request, reply, 'ACCESS_TOKEN_MISSING');
        }
        if (!request.client) return refuse(request, reply, 'ACCESS_TOKEN_INVALID');
        if (!allowed.includes(request.client.role)) return refuse(request, reply, 'ACCESS_ROLE_FORBIDDEN');
      };
      return Object.assign(handler, { [AUTHORIZED_ROLES]: allowed }) as unknown as AuthorizeHandler;
    });
  },
  { name: 'oneqr-auth', dependencies: ['oneqr-errors'] },
);

function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
