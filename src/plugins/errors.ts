// The one error handler: every 4xx/5xx leaves as RFC 9457 problem+json, with the fields at fault, and
// never with a stack trace or database text. Unknown routes get the same shape.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable, problemFromDatabaseError } from '../db/errors.js';
import { HttpProblem, Problem, problemTypes, problemTypeUri, type FieldError, type ProblemKind } from '../http/problem.js';

const partNames: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** RFC 6901: `~` and `/` in a property name are written `~0` and `~1`. */
const escapePointer = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Keeps echoed client text (URLs, field names) within the lengths the Problem schema promises, cutting neither a
 * surrogate pair nor a pointer escape (`~0`, `~1`) in two.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  if (cut.endsWith('~')) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Most field errors one problem lists; past this the request is not worth describing further. */
const maxFieldErrors = 100;

/**
 * One entry per offending field (several broken rules of one field are joined); `required` and
 * `additionalProperties` point at the field itself.
 */
function fieldErrors(error: FastifyError): FieldError[] {
  const part = partNames[error.validationContext ?? 'body'] ?? 'body';
  const byPointer = new Map<string, FieldError>();
  for (const e of error.validation as unknown as AjvError[]) {
    let pointer = e.instancePath;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required') pointer += `/${escapePointer(String(e.params.missingProperty))}`;
    if (e.keyword === 'additionalProperties') {
      pointer += `/${escapePointer(String(e.params.additionalProperty))}`;
      message = 'is not a known field';
    }
    if (e.keyword === 'uniqueItems') pointer += `/${String(e.params.j)}`;
    if (e.keyword === 'enum') message += `: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    pointer = clip(pointer, 1024);
    const known = byPointer.get(pointer);
    if (known) {
      if (!known.message.includes(message)) known.message = clip(`${known.message}; ${message}`, 1024);
    } else if (byPointer.size < maxFieldErrors) {
      byPointer.set(pointer, { in: part, pointer, message });
    }
  }
  return [...byPointer.values()];
}

const fastifyCodes: Record<string, ProblemKind> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-body',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported-media-type',
  FST_ERR_BAD_URL: 'validation',
  FST_ERR_ASYNC_CONSTRAINT: 'validation',
};

function toProblem(error: FastifyError | HttpProblem): { problem: HttpProblem; unexpected: boolean } {
  if (error instanceof HttpProblem) return { problem: error, unexpected: false };
  if (error.validation) {
    const errors = fieldErrors(error);
    return { problem: new HttpProblem('validation', `${errors.length} field${errors.length === 1 ? ' is' : 's are'} not valid.`, errors), unexpected: false };
  }
  const fromDatabase = problemFromDatabaseError(error);
  if (fromDatabase) return { problem: fromDatabase, unexpected: false };
  if (isDatabaseUnavailable(error)) return { problem: new HttpProblem('unavailable', 'The database is not reachable; retry later.'), unexpected: true };
  const kind = fastifyCodes[error.code];
  if (kind) {
    const details: Partial<Record<ProblemKind, string>> = {
      'malformed-body': 'The body is not valid JSON.',
      'unsupported-media-type': 'Send the body as application/json.',
      validation: 'The URL is malformed.',
    };
    const detail = details[kind] ?? error.message;
    return { problem: new HttpProblem(kind, detail), unexpected: false };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { problem: new HttpProblem('validation', error.message), unexpected: false };
  }
  return { problem: new HttpProblem('internal', 'An unexpected error occurred.'), unexpected: true };
}

/** The problem document for a request. */
export function problemBody(request: FastifyRequest, problem: HttpProblem): Problem {
  return {
    type: problemTypeUri(problem.kind),
    title: problemTypes[problem.kind].title,
    status: problem.status,
    detail: clip(problem.message, 2000),
    instance: clip(request.url.split('?')[0] ?? request.url, 2048),
    requestId: String(request.id),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) {
  const body = problemBody(request, problem);
  if (problem.kind === 'unavailable') void reply.header('retry-after', '5');
  for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
  return reply.code(problem.status).type('application/problem+json').send(body);
}

/** The error handler; also given to Fastify's `frameworkErrors` for errors raised before routing. */
export function handleError(error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply) {
  const { problem, unexpected } = toProblem(error);
  if (unexpected) request.log.error({ err: error }, 'request failed');
  else request.log.info({ problem: problem.kind, detail: problem.message }, 'request refused');
  return sendProblem(request, reply, problem);
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.addSchema(Problem);
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, new HttpProblem('route-not-found', `No route matches ${request.method} ${clip(request.url.split('?')[0] ?? '', 200)}.`)),
    );
  },
  { name: 'errors' },
);
