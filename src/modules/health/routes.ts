// Liveness says the process answers; readiness says it can do its job: the database answers and its schema
// is current. Orchestrators route traffic on readiness and restart on liveness.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses, jsonResponse } from '../../http/responses.js';

const Health = Type.Object(
  {
    status: Type.Enum(['ok', 'unavailable']),
    checks: Type.Optional(
      Type.Object(
        {
          database: Type.Enum(['ok', 'unreachable']),
          migrations: Type.Enum(['ok', 'pending', 'unknown']),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, title: 'Health' },
);

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['Operations'],
        summary: 'Liveness',
        description: 'Answers 200 while the process runs; touches nothing else.',
        response: { 200: jsonResponse('The process is up.', Health, { status: 'ok' }), ...errorResponses() },
      },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['Operations'],
        summary: 'Readiness',
        description: 'Answers 200 when the database is reachable and every migration is applied, 503 otherwise.',
        response: {
          200: jsonResponse('Ready to serve.', Health, { status: 'ok', checks: { database: 'ok', migrations: 'ok' } }),
          ...errorResponses(),
          503: jsonResponse('Not ready; `checks` says why.', Health, { status: 'unavailable', checks: { database: 'unreachable', migrations: 'unknown' } }),
        },
      },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      let migrations: 'ok' | 'pending' | 'unknown' = 'unknown';
      try {
        await app.database.ping();
        migrations = (await app.database.pendingMigrations()) === 0 ? 'ok' : 'pending';
      } catch {
        database = 'unreachable';
      }
      const ready = database === 'ok' && migrations === 'ok';
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: { database, migrations } });
    },
  );
};
