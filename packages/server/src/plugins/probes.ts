/** Liveness (/healthz: the process answers) and readiness (/readyz: the database answers). */
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { sql } from 'kysely';
import './context.ts';

const READY_TIMEOUT_MS = 2000;

const Status = Type.Object({ status: Type.String() }, { additionalProperties: false });

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
          summary: 'Readiness: the database answers `select 1`',
          response: { 200: Status, 503: Status },
        },
      },
      async (request, reply) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            sql`select 1`.execute(app.store.db),
            new Promise((_, reject) => {
              timer = setTimeout(
                () => reject(new Error('database did not answer in time')),
                READY_TIMEOUT_MS,
              );
            }),
          ]);
          return { status: 'ready' };
        } catch (err) {
          request.log.warn(
            { err: { type: (err as Error).name, message: (err as Error).message } },
            'not ready',
          );
          return reply.status(503).send({ status: 'unavailable' });
        } finally {
          clearTimeout(timer);
        }
      },
    );
  },
  { name: 'oneqr-probes', dependencies: ['oneqr-errors'] },
);
