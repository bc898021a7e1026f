// JSON bodies must be valid UTF-8. Node would otherwise decode bad bytes to U+FFFD and store the damage
// silently; here they are refused. Parsing itself is fastify's own (secure-json-parse, prototype-poisoning safe).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problem.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const jsonBodyPlugin = fp(
  async (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    // JSON is the only body this API takes; anything else (text/plain included) is a 415.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'buffer' }, (request, body: Buffer, done) => {
      let text: string;
      try {
        text = strictUtf8.decode(body);
      } catch {
        done(new HttpProblem('malformed-body', 'The body is not valid UTF-8.'), undefined);
        return;
      }
      parseJson(request, text, done);
    });
  },
  { name: 'json-body' },
);
