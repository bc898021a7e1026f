// Builds the application: infrastructure plugins first (errors, body parsing, database, contract), then
// one plugin per resource under /v1. Nothing here listens; src/server.ts does, and tests inject requests.
import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { agencyRoutes } from './modules/agencies/routes.js';
import { agencyGroupRoutes } from './modules/agency-groups/routes.js';
import { amendmentRoutes } from './modules/amendments/routes.js';
import { apiKeyRoutes } from './modules/api-keys/routes.js';
import { lineageRoutes } from './modules/lineage/routes.js';
import { auditEventRoutes } from './modules/audit-events/routes.js';
import { consolidatedRoutes } from './modules/consolidated/routes.js';
import { exportRoutes } from './modules/exports/routes.js';
import { holidayRoutes } from './modules/holidays/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { periodRoutes } from './modules/periods/routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { indicatorRoutes } from './modules/indicators/routes.js';
import { indicatorValueRoutes } from './modules/indicator-values/routes.js';
import { programRoutes } from './modules/programs/routes.js';
import { taskGroupRoutes } from './modules/task-groups/routes.js';
import { taskRoutes } from './modules/tasks/routes.js';
import { authPlugin } from './plugins/auth.js';
import { clockPlugin } from './plugins/clock.js';
import { databasePlugin } from './plugins/database.js';
import { errorsPlugin, handleError } from './plugins/errors.js';
import { jsonBodyPlugin } from './plugins/json-body.js';
import { metricsPlugin } from './plugins/metrics.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { webhookWorkerPlugin } from './plugins/webhook-worker.js';
import { writesPlugin } from './plugins/writes.js';

export type AppConfig = Pick<
  Config,
  'logLevel' | 'bodyLimitBytes' | 'rateLimit' | 'trustProxy' | 'requestTimeoutMs' | 'auth' | 'corsOrigins' | 'idempotencyTtlMs' | 'webhooks'
>;

export interface AppOptions {
  config: AppConfig;
  database: DatabaseHandle;
  /** "Now" for business dates (submission times, deadlines); tests set it to walk a reporting year. */
  clock?: () => Date;
  /** Overrides the pino logger options (tests pass `false`). */
  logger?: FastifyServerOptions['logger'];
}

/** A client-supplied request id is kept when it is short and plain, so logs across systems line up. */
const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

function validatorFor(part: string) {
  // Bodies are checked strictly: a wrong type is an error, never coerced; unknown fields are refused, never
  // dropped silently. Query strings, paths and headers arrive as text, so their values are coerced.
  const options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  return part === 'body' ? new Ajv.default({ ...options, coerceTypes: false }) : new Ajv.default({ ...options, coerceTypes: 'array' });
}

export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? {
      level: options.config.logLevel,
      // Secrets never reach the logs: credentials in headers, and any field named like one in logged objects.
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.secret', '*.key', '*.token'],
    },
    bodyLimit: options.config.bodyLimitBytes,
    requestTimeout: options.config.requestTimeoutMs,
    trustProxy: options.config.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const supplied = request.headers['x-request-id'];
      return typeof supplied === 'string' && requestIdPattern.test(supplied) ? supplied : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before routing (a malformed URL, say) go through the same error handler as all others.
    frameworkErrors: handleError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const compilers = new Map<string, Ajv.default>();
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const part = httpPart === 'body' ? 'body' : 'other';
    let ajv = compilers.get(part);
    if (!ajv) {
      ajv = validatorFor(part);
      addFormats.default(ajv);
      for (const [id, shared] of Object.entries(app.getSchemas())) ajv.addSchema(shared as object, id);
      compilers.set(part, ajv);
    }
    return ajv.compile(schema);
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(databasePlugin, { database: options.database });
  await app.register(clockPlugin, { clock: options.clock });
  await app.register(securityHeadersPlugin, { corsOrigins: options.config.corsOrigins });
  // Authentication runs first on every request, so rate limits can count per caller rather than per address.
  await app.register(authPlugin, { auth: options.config.auth });
  await app.register(rateLimitPlugin, options.config.rateLimit);
  await app.register(writesPlugin, { idempotencyTtlMs: options.config.idempotencyTtlMs });
  await app.register(swaggerPlugin);
  await app.register(metricsPlugin);
  await app.register(webhookWorkerPlugin, { config: options.config.webhooks });
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(programRoutes);
      await v1.register(taskGroupRoutes);
      await v1.register(taskRoutes);
      await v1.register(indicatorRoutes);
      await v1.register(indicatorValueRoutes);
      await v1.register(agencyRoutes);
      await v1.register(agencyGroupRoutes);
      await v1.register(lineageRoutes);
      await v1.register(periodRoutes);
      await v1.register(holidayRoutes);
      await v1.register(reportRoutes);
      await v1.register(consolidatedRoutes);
      await v1.register(amendmentRoutes);
      await v1.register(apiKeyRoutes);
      await v1.register(auditEventRoutes);
      await v1.register(exportRoutes);
      await v1.register(webhookRoutes);
      await v1.register(importRoutes);
    },
    { prefix: '/v1' },
  );
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
