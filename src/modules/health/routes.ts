// Liveness says the process answers; readiness says it can do its job: the database answers and its schema
// is current. Orchestrators route traffic on readiness and restart on liveness.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { publicAccess } from '../../auth/roles.js';
import { StringEnum } from '../../http/schemas.js';
import { HttpProblem, Problem, problemTypes, problemTypeUri } from '../../http/problem.js';
import { errorResponses, jsonResponse } from '../../http/responses.js';
import { problemBody } from '../../plugins/errors.js';

const Checks = Type.Object(
  {
    database: StringEnum(['ok', 'unreachable']),
    migrations: StringEnum(['ok', 'pending', 'unknown']),
  },
  { additionalProperties: false },
);

const Health = Type.Object({ status: StringEnum(['ok']), checks: Type.Optional(Checks) }, { additionalProperties: false, title: 'Health' });

/** Not ready: a problem document (like every 5xx) with the checks as an extension member. */
const NotReady = Type.Object({ ...Problem.properties, checks: Checks }, { additionalProperties: false, title: 'NotReady' });
const notReadyExample = {
  type: problemTypeUri('unavailable'),
  title: problemTypes.unavailable.title,
  status: 503,
  detail: 'Not ready: the database is unreachable.',
  instance: '/health/ready',
  requestId: '6f1c2a4e-1b7d-4a8e-9f1e-2c3d4e5f6a7b',
  checks: { database: 'unreachable', migrations: 'unknown' },
};

/** Health checks are exempt from rate limiting (src/plugins/rate-limit.ts). */
const exempt = { rateLimited: false };

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      config: { access: publicAccess },
      schema: {
        operationId: 'getLiveness',
        tags: ['Operations'],
        summary: 'Liveness',
        description: 'Answers 200 while the process runs; touches nothing else.',
        response: { 200: jsonResponse('The process is up.', Health, { status: 'ok' }, exempt), ...errorResponses(exempt) },
      },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: publicAccess },
      schema: {
        operationId: 'getReadiness',
        tags: ['Operations'],
        summary: 'Readiness',
        description: 'Answers 200 when the database is reachable and every migration is applied, 503 otherwise.',
        response: {
          200: jsonResponse('Ready to serve.', Health, { status: 'ok', checks: { database: 'ok', migrations: 'ok' } }, exempt),
          ...errorResponses(exempt),
          503: { description: 'Not ready; `checks` says why.', content: { 'application/problem+json': { schema: NotReady, example: notReadyExample } } },
        },
      },
      logLevel: 'warn',
    },
    async (request, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      let migrations: 'ok' | 'pending' | 'unknown' = 'unknown';
      try {
        await app.database.ping();
        migrations = (await app.database.pendingMigrations()) === 0 ? 'ok' : 'pending';
      } catch {
        database = 'unreachable';
      }
      const checks = { database, migrations };
      if (database === 'ok' && migrations === 'ok') return reply.send({ status: 'ok' as const, checks });
      const detail = database === 'ok' ? 'Not ready: migrations are pending.' : 'Not ready: the database is unreachable.';
      return reply
        .code(503)
        .type('application/problem+json')
        .send({ ...problemBody(request, new HttpProblem('unavailable', detail)), checks });
    },
  );
};
