// JSON bodies must be valid UTF-8. Node would otherwise decode bad bytes to U+FFFD and store the damage
// silently; here they are refused. Parsing itself is fastify's own (secure-json-parse, prototype-poisoning safe).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problem.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether every string in a parsed JSON value is well-formed UTF-16 (no lone surrogates). */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (value !== null && typeof value === 'object') return Object.entries(value).every(([key, v]) => key.isWellFormed() && wellFormed(v));
  return true;
}

export const jsonBodyPlugin = fp(
  async (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    // JSON is the only body this API takes; anything else (text/plain included) is a 415.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      let text: string;
      try {
        text = strictUtf8.decode(body);
      } catch {
        done(new HttpProblem('malformed-body', 'The body is not valid UTF-8.'), undefined);
        return;
      }
      parseJson(request, text, (error, value) => {
        // Escapes can spell what bytes cannot: "\ud800" alone is valid JSON but not text.
        if (!error && !wellFormed(value)) done(new HttpProblem('malformed-body', 'The body contains an unpaired surrogate (\\uD800–\\uDFFF).'), undefined);
        else done(error, value);
      });
    });
  },
  { name: 'json-body' },
);
