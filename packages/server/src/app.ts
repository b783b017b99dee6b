/**
 * buildApp assembles the platform: ecosystem plugins → own plugins → domain routes.
 * It does not listen (server.ts does); tests call `app.inject()`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from './store/store.ts';
import { loadConfig, type Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import './plugins/context.ts';
import security from './plugins/security.ts';
import openapi from './plugins/openapi.ts';
import metrics from './plugins/metrics.ts';
import errors, { clientErrors, frameworkErrors } from './plugins/errors.ts';
import auth from './plugins/auth.ts';
import text from './plugins/text.ts';
import probes from './plugins/probes.ts';
import registryRoutes from './registry/routes.ts';
import accessRoutes from './access/routes.ts';
import issuersRoutes from './issuers/routes.ts';
import credentialsRoutes from './credentials/routes.ts';
import healthRoutes from './health/routes.ts';
import linkageRoutes from './linkage/routes.ts';
import scanRoutes from './scan/routes.ts';
import venuesRoutes from './venues/routes.ts';
import checkinsRoutes from './checkins/routes.ts';
import tracingRoutes from './tracing/routes.ts';
import declarationsRoutes from './declarations/routes.ts';
import passportRoutes from './passport/routes.ts';
import trustSourcesRoutes from './trust-sources/routes.ts';
import web from './plugins/web.ts';
import { logOtpSender, type OtpSender } from './access/service.ts';
import { setCacheStaleness } from './store/change-watch.ts';

export interface BuildAppOptions {
  store: Store;
  config?: Partial<Config>;
  clock?: Clock;
  /** Where citizens' sign-in codes go (default: the server log, for the demo). */
  otpSender?: OtpSender;
  /** Pino logger options, or false to silence (tests). */
  logger?: boolean | object;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const config: Config = { ...loadConfig(), ...opts.config };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    // Unknown fields in a body are refused, not silently dropped (schemas set additionalProperties: false).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Off unless configured: otherwise any caller picks its own IP (rate limit, logs) with X-Forwarded-For.
    trustProxy: config.trustProxy,
    // Router-level errors (bad percent-encoding, over-long params) get our shape and headers,
    // without echoing the path (which often holds an ID number).
    frameworkErrors,
    // Refusals by Node's HTTP parser (431, 408, a bad Content-Length…) answer `{ code, message }` too.
    clientErrorHandler: clientErrors,
    // A whole request (headers and body) must arrive within requestTimeoutMs; Node checks open
    // connections every connectionsCheckingInterval, so a slow one is cut within ~1.25× the limit.
    requestTimeout: config.requestTimeoutMs,
    http: {
      // security.ts checks Host itself, answering `{ code, message }` with our headers.
      requireHostHeader: false,
      headersTimeout: config.requestTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval:
        config.requestTimeoutMs > 0
          ? Math.min(Math.max(Math.floor(config.requestTimeoutMs / 4), 100), 5000)
          : 30_000,
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Fastify reads text/plain bodies by default; no route takes one, so it is refused 415 like any other type.
  app.removeContentTypeParser('text/plain');

  app.decorate('store', opts.store);
  app.decorate('config', config);
  app.decorate('clock', opts.clock ?? systemClock);
  app.decorate('otpSender', opts.otpSender ?? logOtpSender(app.log));
  // Per process: the token and trust-store caches' staleness bound (store/change-watch.ts).
  setCacheStaleness(config.cacheStalenessMs);

  await app.register(errors);
  await app.register(security);
  await app.register(openapi);
  await app.register(metrics);
  await app.register(auth);
  await app.register(text);
  await app.register(probes);

  await app.register(accessRoutes, { prefix: '/v1' });
  await app.register(registryRoutes, { prefix: '/v1' });
  await app.register(issuersRoutes, { prefix: '/v1' });
  await app.register(credentialsRoutes, { prefix: '/v1' });
  await app.register(healthRoutes, { prefix: '/v1' });
  await app.register(linkageRoutes, { prefix: '/v1' });
  await app.register(scanRoutes, { prefix: '/v1' });
  await app.register(venuesRoutes, { prefix: '/v1' });
  await app.register(checkinsRoutes, { prefix: '/v1' });
  await app.register(tracingRoutes, { prefix: '/v1' });
  await app.register(declarationsRoutes, { prefix: '/v1' });
  await app.register(passportRoutes, { prefix: '/v1' });
  await app.register(trustSourcesRoutes, { prefix: '/v1' });
  // Last: the web app at / and its fallback for client-side routes (never under /v1, /docs, …).
  await app.register(web);

  await app.ready();
  return app;
}
