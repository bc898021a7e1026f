// Documents, for every write route from one place, the headers the write path honours (src/http/writes.ts,
// src/http/entity.ts): Idempotency-Key on POST, If-Match on PATCH and DELETE, with the answers they can cause.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../http/responses.js';

const idempotencyKey = {
  type: 'string',
  minLength: 1,
  maxLength: 257,
  pattern: '^"?[\\x21\\x23-\\x7e]{1,255}"?$',
  description:
    'Makes a retry safe: the first answer is stored and replayed (with `Idempotent-Replayed: true`) for the same key and request; the same key with another request is a 422; a retry while the first still runs is a 409. Keys belong to the caller and expire after 24 hours (IDEMPOTENCY_TTL_HOURS).',
};
const ifMatch = {
  type: 'string',
  minLength: 1,
  maxLength: 1000,
  description: 'The ETag of the version this request changes (from GET or the last write), or `*` for whatever is there now. Required.',
};

/** Adds a sentence to a response's description (a 409 that can also mean "still running"), or the response itself. */
function withNote(responses: Record<string, { description: string }>, status: number, note: { also: string; alone: string }, fallback: object) {
  const existing = responses[status];
  responses[status] = existing ? { ...existing, description: `${existing.description} ${note.also}` } : { ...(fallback as { description: string }), description: note.alone };
}

export const writesPlugin = fp(
  async (app: FastifyInstance, options: { idempotencyTtlMs: number }) => {
    app.decorate('idempotencyTtlMs', options.idempotencyTtlMs);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!route.url.startsWith('/v1') || !route.schema) return;
      const schema = route.schema as { headers?: { type: string; properties: Record<string, unknown> }; response?: Record<string, { description: string }> };
      const responses = { ...schema.response };
      const addHeader = (name: string, definition: object, required: boolean) => {
        const headers = schema.headers ?? { type: 'object', properties: {} };
        schema.headers = { ...headers, properties: { ...headers.properties, [name]: definition }, ...(required ? { required: [name] } : {}) };
      };
      if (methods.includes('POST')) {
        addHeader('idempotency-key', idempotencyKey, false);
        const generic = errorResponses({ conflict: true, unprocessable: true }) as Record<string, object>;
        withNote(responses, 409, { also: 'Or a request with the same Idempotency-Key is still running.', alone: 'A request with the same Idempotency-Key is still running.' }, generic[409]!);
        withNote(responses, 422, { also: 'Or the Idempotency-Key was used for a different request.', alone: 'The Idempotency-Key was used for a different request.' }, generic[422]!);
      }
      if (methods.includes('PATCH') || methods.includes('DELETE')) {
        // Not `required` in the schema: a missing If-Match is a 428 (it is a precondition, not a malformed request).
        addHeader('if-match', ifMatch, false);
        const { 412: stale, 428: missing } = errorResponses({ preconditions: true }) as Record<string, { description: string }>;
        Object.assign(responses, { 412: stale, 428: missing });
      }
      schema.response = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    });
  },
  { name: 'writes' },
);
