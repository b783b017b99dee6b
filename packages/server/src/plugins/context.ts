/** Types every domain relies on: what the app and each request carry. */
import type { preHandlerHookHandler } from 'fastify';
import type { Registry } from 'prom-client';
import type { Store } from '../store/store.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { AuthClient, OtpSender, Role } from '../access/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    config: Config;
    clock: Clock;
    /** preHandler that requires a valid bearer token with one of the roles (401/403 otherwise). */
    authorize(roles: readonly Role[]): preHandlerHookHandler;
    /** This app instance's Prometheus registry (plugins/metrics.ts); domains may add their own metrics. */
    metrics: Registry;
    /** Delivers citizens' one-time sign-in codes (buildApp's `otpSender`, else the log sender). */
    otpSender: OtpSender;
  }
  interface FastifyRequest {
    /** Set by the auth hook when a valid bearer token is presented; null otherwise. */
    client: AuthClient | null;
  }
}

export {};
