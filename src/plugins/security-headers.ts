// Response headers that protect browsers and clients (OWASP secure headers for REST APIs) via @fastify/helmet, and
// CORS for the origins the deployment allows (CORS_ORIGINS; none by default: the API's clients are servers and
// scripts, and Swagger UI is served from this origin). Swagger UI's own pages set their own, looser CSP.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: { corsOrigins: string[] }) => {
    await app.register(helmet, {
      // JSON needs no scripts, styles or frames; nothing may embed it.
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      crossOriginResourcePolicy: { policy: options.corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
    });
    if (options.corsOrigins.length === 0) return;
    const allowed = new Set(options.corsOrigins);
    await app.register(cors, {
      // Another origin gets no CORS header at all (not even the allowed methods and headers), and its preflight a 404.
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['etag', 'location', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-request-id', 'idempotent-replayed'],
      maxAge: 600,
    });
  },
  { name: 'security-headers' },
);
