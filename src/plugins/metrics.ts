// Prometheus metrics at /metrics (prom-client): request durations by route and status, the database pool
// (connections in use, idle, and requests waiting for one), database errors by kind, and the process itself
// (CPU, memory, event-loop lag, GC), and webhook deliveries (attempts by outcome, deliveries pending). Each app
// has its own registry, so several apps in one process (tests) do not collide.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isDatabaseUnavailable, problemFromDatabaseError } from '../db/errors.js';
import { queryRows } from '../db/types.js';
import { publicAccess } from '../auth/roles.js';
import { errorResponses } from '../http/responses.js';
import { attemptOutcomes, type AttemptOutcome } from '../webhooks/events.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the webhook worker reports each delivery attempt's outcome. */
    webhookMetrics: { recordAttempt(outcome: AttemptOutcome): void };
  }
}

export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'plantrack_' });

    const duration = new Histogram({
      name: 'plantrack_http_request_duration_seconds',
      help: 'Time from request received to response sent.',
      labelNames: ['method', 'route', 'status_code'],
      // From a cached lookup to a large export.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const databaseErrors = new Counter({
      name: 'plantrack_db_errors_total',
      help: 'Requests that failed in the database: unavailable (connection lost, pool timeout) or constraint (refused input).',
      labelNames: ['kind'],
      registers: [registry],
    });
    new Gauge({
      name: 'plantrack_db_pool_connections',
      help: 'PostgreSQL pool connections by state; `waiting` counts requests queued for a connection.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = app.database.poolStats();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'in_use' }, stats.total - stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });

    const webhookAttempts = new Counter({
      name: 'plantrack_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded (2xx), failed_attempt (will be retried), gave_up (the last allowed attempt failed).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    // Every outcome is exported from the start (at 0), so rate() and alerts work before the first failure.
    for (const outcome of attemptOutcomes) webhookAttempts.inc({ outcome }, 0);
    app.decorate('webhookMetrics', { recordAttempt: (outcome: AttemptOutcome) => webhookAttempts.inc({ outcome }) });
    new Gauge({
      name: 'plantrack_webhook_deliveries_pending',
      help: 'Webhook deliveries not yet delivered nor given up (including those of paused subscriptions).',
      registers: [registry],
      async collect() {
        // A count over the partial index of pending deliveries; a database outage leaves the gauge out, not /metrics.
        try {
          const [row] = await queryRows<{ pending: number }>(app.db, sql`select count(*)::int as pending from webhook_deliveries where status = 'pending'`);
          this.set(row?.pending ?? 0);
        } catch {
          this.reset();
        }
      },
    });

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, not the URL, so ids do not explode the label set; unmatched requests share one label.
      const route = request.routeOptions.url ?? 'unmatched';
      duration.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
    });
    app.addHook('onError', async (_request, _reply, error) => {
      if (isDatabaseUnavailable(error)) databaseErrors.inc({ kind: 'unavailable' });
      else if (problemFromDatabaseError(error)) databaseErrors.inc({ kind: 'constraint' });
    });

    app.get(
      '/metrics',
      {
        config: { access: publicAccess },
        schema: {
          operationId: 'getMetrics',
          tags: ['Operations'],
          summary: 'Prometheus metrics',
          description: 'Metrics in the Prometheus text format, for scraping. Exempt from rate limiting. See docs/reliability.md for the list.',
          response: {
            200: {
              description: 'The current metrics.',
              content: {
                'text/plain': {
                  schema: { type: 'string', maxLength: 10_000_000 },
                  example: '# HELP plantrack_http_request_duration_seconds Time from request received to response sent.\n# TYPE plantrack_http_request_duration_seconds histogram\n…',
                },
              },
            },
            ...errorResponses({ rateLimited: false }),
          },
        },
        logLevel: 'warn',
      },
      async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'metrics', dependencies: ['database'] },
);
