/**
 * Prometheus metrics at GET /metrics: process metrics plus an HTTP duration histogram labelled by
 * route PATTERN (never the raw URL, which may carry personal data), method and status.
 */
import fp from 'fastify-plugin';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import './context.ts';

let processRegistry: Registry | undefined;

/**
 * Process-wide metrics (CPU, memory, event loop, GC) describe the process, not an app, and
 * collecting them starts monitors: so one registry per process, shared by every app instance.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export default fp(
  async (app) => {
    // Per app instance, so tests that build many apps never collide on metric names.
    const registry = new Registry();
    app.decorate('metrics', registry);

    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

    app.addHook('onResponse', async (request, reply) => {
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
      const text = `${await processMetrics().metrics()}\n${await registry.metrics()}`;
      return reply.type(registry.contentType).send(text);
    });
  },
  { name: 'oneqr-metrics', dependencies: ['oneqr-errors'] },
);
