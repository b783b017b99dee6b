/** Shared by the access and platform suites: an app over a fresh store, a movable clock, tokens. */
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { Dialect } from '../../src/store/store.ts';
import type { NewClient } from '../../src/access/service.ts';
import { createClient } from '../../src/access/service.ts';
import { createTestStore, type TestStore } from '../helpers.ts';

export interface TestApp {
  app: FastifyInstance;
  store: TestStore;
  /** The instant the app sees; tests move it. */
  clock: { now: Date };
  /** Registers a client directly and exchanges its credentials for a token through POST /v1/token. */
  login(client: NewClient): Promise<{ clientId: string; clientSecret: string; token: string }>;
  close(): Promise<void>;
}

export const T0 = new Date('2025-03-01T08:00:00.000Z');

export async function buildTestApp(
  dialect: Dialect,
  config: Partial<Config> = {},
  extra: Pick<BuildAppOptions, 'otpSender'> = {},
): Promise<TestApp> {
  const store = await createTestStore(dialect);
  const clock = { now: T0 };
  const app = await buildApp({
    store,
    config: { rateLimitPerMinute: 10_000, tokenRateLimitPerMinute: 10_000, tokenTtlSeconds: 900, ...config },
    clock: () => clock.now,
    logger: false,
    ...extra,
  });
  return {
    app,
    store,
    clock,
    async login(client) {
      const creds = await createClient(store.db, client, clock.now);
      const res = await app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: creds.clientId, client_secret: creds.clientSecret },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return { ...creds, token: (res.json() as { access_token: string }).access_token };
    },
    async close() {
      await app.close();
      await store.destroy();
    },
  };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
