/**
 * Liveness (/healthz: the process answers) and readiness (/readyz: the database answers and every
 * stored private key can be unwrapped with this process's ONEQR_MASTER_KEY, so a node started with
 * a wrong master key is kept out of the load balancer instead of failing every signature).
 */
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { HTTP_ERRORS, type HttpErrorCode } from '../errors.ts';
import { unreadableKeys, unreadableReason } from '../issuers/service.ts';
import './context.ts';

const READY_TIMEOUT_MS = 2000;

const Status = Type.Object({ status: Type.String() }, { additionalProperties: false });
const NotReady = Type.Object(
  { status: Type.Literal('unavailable'), code: Type.String(), message: Type.String() },
  { additionalProperties: false },
);

class NotReadyError extends Error {
  constructor(readonly code: HttpErrorCode) {
    super(HTTP_ERRORS[code].message);
  }
}

export default fp(
  async (app) => {
    app.get(
      '/healthz',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['platform'],
          summary: 'Liveness: the process is up (no database check)',
          response: { 200: Status },
        },
      },
      async () => ({ status: 'ok' }),
    );

    app.get(
      '/readyz',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['platform'],
          summary: 'Readiness: the database answers and every stored private key can be unwrapped',
          description:
            '503 `PLATFORM_STORE_UNAVAILABLE` when the database does not answer in time, ' +
            '`ISSUERS_KEY_UNREADABLE` when a stored private key cannot be unwrapped with ONEQR_MASTER_KEY ' +
            '(wrong master key, or a plain key although one is set).',
          response: { 200: Status, 503: NotReady },
        },
      },
      async (request, reply) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const keys = await Promise.race([
            sql`select 1`
              .execute(app.store.db)
              .then(() => unreadableKeys(app.store.db))
              .catch(() => Promise.reject(new NotReadyError('PLATFORM_STORE_UNAVAILABLE'))),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new NotReadyError('PLATFORM_STORE_UNAVAILABLE')),
                READY_TIMEOUT_MS,
              );
            }),
          ]);
          if (keys.length > 0) {
            request.log.error({ kids: keys }, 'not ready: private keys cannot be unwrapped');
            throw new NotReadyError('ISSUERS_KEY_UNREADABLE');
          }
          return { status: 'ready' };
        } catch (err) {
          const code = err instanceof NotReadyError ? err.code : 'PLATFORM_STORE_UNAVAILABLE';
          request.log.warn({ err: { type: (err as Error).name, code } }, 'not ready');
          return reply.status(503).send({
            status: 'unavailable' as const,
            code,
            message: code === 'ISSUERS_KEY_UNREADABLE' ? unreadableReason() : HTTP_ERRORS[code].message,
          });
        } finally {
          clearTimeout(timer);
        }
      },
    );
  },
  { name: 'oneqr-probes', dependencies: ['oneqr-errors'] },
);
