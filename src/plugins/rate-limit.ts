// Per-caller request budget (OWASP API4: unrestricted resource consumption). Every response says where the
// client stands (RateLimit-Limit / -Remaining / -Reset, IETF draft headers); over budget is a 429 problem with
// Retry-After. The store is in process memory: behind several replicas, each counts its own share.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problem.js';

export interface RateLimitOptions {
  /** Requests per window per client address; 0 turns limiting off. */
  max: number;
  windowMs: number;
}

export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    if (options.max === 0) return;
    await app.register(rateLimit, {
      max: options.max,
      timeWindow: options.windowMs,
      enableDraftSpec: true,
      // Per caller when authenticated (an API key or a person), else per client address.
      keyGenerator: (request) => (request.actor && request.actor.type !== 'anonymous' ? `${request.actor.type}:${request.actor.id}` : request.ip),
      // Orchestrators probe health and Prometheus scrapes metrics; neither must ever be turned away.
      allowList: (request) => request.url.startsWith('/health/') || request.url === '/metrics',
      errorResponseBuilder: (_request, context) =>
        new HttpProblem('rate-limited', `More than ${context.max} requests in ${Math.round(options.windowMs / 1000)} s; retry in ${context.after}.`),
    });
  },
  { name: 'rate-limit' },
);
