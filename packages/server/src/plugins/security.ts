/**
 * Security headers (helmet), rate limiting (per authenticated client, else per IP) and
 * `Cache-Control: no-store` on the API. The body limit is set in buildApp from config.
 */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { HttpError } from '../errors.ts';
import './context.ts';

export default fp(
  async (app) => {
    await app.register(helmet, {
      // A JSON API loads nothing: deny all. The /docs page sets its own policy (openapi.ts).
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
        },
      },
      crossOriginResourcePolicy: { policy: 'same-site' },
    });

    // Node's own Host check (off in buildApp) answers an empty 400 without our shape or headers.
    // HTTP/1.1 requires exactly one Host (RFC 9112 §3.2); Node keeps the first of two silently.
    app.addHook('onRequest', async (request) => {
      if (request.raw.httpVersion !== '1.1') return;
      const raw = request.raw.rawHeaders;
      let hosts = 0;
      for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'host') hosts++;
      if (hosts !== 1)
        throw new HttpError(
          'REQUEST_INVALID',
          hosts === 0 ? 'The Host header is missing' : 'The Host header is given more than once',
          { location: 'headers', field: 'host' },
        );
    });

    const max = app.config.rateLimitPerMinute;
    await app.register(rateLimit, {
      // 0 means "no limit" (benchmarks, trusted deployments behind their own limiter).
      // Routes may set a stricter `config.rateLimit` of their own (POST /v1/token does).
      global: max > 0,
      max: max > 0 ? max : 1,
      timeWindow: 60_000,
      // auth.ts resolves the token in a root onRequest hook, which runs before this route-level hook.
      keyGenerator: (request) => (request.client ? `client:${request.client.id}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new HttpError('RATE_LIMITED', `Too many requests; retry in ${context.after}`),
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if ((request.url === '/v1' || request.url.startsWith('/v1/')) && !reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
  },
  { name: 'oneqr-security', dependencies: ['oneqr-errors'] },
);
