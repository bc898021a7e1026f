// Response schemas shared by every route: the error responses each operation declares (so the OpenAPI
// document lists every error it can return, with an example), and the list envelope.
import Type, { type TSchema } from 'typebox';
import { maxCursorLength } from './pagination.js';
import { problemTypes, problemTypeUri, type ProblemKind } from './problem.js';

const ProblemRef = Type.Ref('Problem');

const descriptions: Record<number, string> = {
  400: 'The request is malformed or fails validation; `errors` names every field at fault.',
  401: 'Credentials are missing, malformed, expired, revoked or not valid; `WWW-Authenticate` says which (RFC 6750).',
  403: 'The credentials are valid but lack the role, or the record belongs to another agency, or a field is not the caller\'s to set.',
  412: '`If-Match` names an old version: the resource changed since it was read. Nothing was changed; read it again.',
  428: 'This write needs `If-Match` with the ETag of the version it changes (or `*`).',
  404: 'No resource has that id.',
  409: 'Conflicts with the current state: a duplicate code, or the resource is still referenced.',
  413: 'The body is larger than the configured limit.',
  415: 'The body is not `application/json`.',
  429: 'Too many requests from this client in the current window; retry after `Retry-After` seconds.',
  422: 'Well-formed, but a value breaks a rule or refers to something that does not exist.',
  500: 'An unexpected error; the response carries no internals. Quote `requestId` when reporting it.',
  503: 'The database is unreachable; retry later.',
};

const exampleKind: Record<number, ProblemKind> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'duplicate',
  412: 'precondition-failed',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  422: 'unknown-reference',
  428: 'precondition-required',
  429: 'rate-limited',
  500: 'internal',
  503: 'unavailable',
};

const exampleDetail: Partial<Record<ProblemKind, { detail: string; errors?: unknown[] }>> = {
  validation: { detail: '1 field is not valid.', errors: [{ in: 'query', pointer: '/limit', message: 'must be <= 200' }] },
  'not-found': { detail: 'No task has id 0b7c1f8e-2d0a-4a51-9a53-5d1f6f0a9b11.' },
  duplicate: { detail: 'A task with code 01 already exists in this program.', errors: [{ in: 'body', pointer: '/code', message: 'A task with code 01 already exists in this program.' }] },
  'body-too-large': { detail: 'The body exceeds 1048576 bytes.' },
  'unsupported-media-type': { detail: 'Send the body as application/json.' },
  'unknown-reference': { detail: 'No agency has id 3f0e…', errors: [{ in: 'body', pointer: '/leadAgencyId', message: 'No agency has this id.' }] },
  'rate-limited': { detail: 'More than 1200 requests in 60 s; retry in 1 minute.' },
  unauthorized: { detail: 'The API key has been revoked.' },
  forbidden: { detail: 'This operation needs one of the roles admin, coordinator; the caller has viewer.' },
  'precondition-failed': { detail: 'The task changed since the ETag "Xq3…" was issued; read it again and reapply the change.' },
  'precondition-required': { detail: 'Send If-Match with the ETag from GET (or * to overwrite whatever is there).' },
  internal: { detail: 'An unexpected error occurred.' },
  unavailable: { detail: 'The database is not reachable.' },
};

// A response header's schema; @fastify/swagger moves `description` out to the header object.
const count = (description: string) => ({ type: 'integer', format: 'int32', minimum: 0, maximum: 10_000_000, description });

/** Sent on every response while rate limiting is on (RATE_LIMIT_MAX > 0); IETF draft RateLimit headers. */
export const rateLimitHeaders = {
  'RateLimit-Limit': count('Requests allowed per window.'),
  'RateLimit-Remaining': count('Requests left in the current window.'),
  'RateLimit-Reset': count('Seconds until the window resets.'),
};

function problemResponse(status: number, rateLimited: boolean) {
  const kind = exampleKind[status]!;
  const example = {
    type: problemTypeUri(kind),
    title: problemTypes[kind].title,
    status,
    ...exampleDetail[kind],
    instance: '/v1/tasks',
    requestId: '6f1c2a4e-1b7d-4a8e-9f1e-2c3d4e5f6a7b',
  };
  const retryAfter = status === 429 || status === 503 ? { 'Retry-After': count('Seconds to wait.') } : {};
  const challenge = status === 401 || status === 403 ? { 'WWW-Authenticate': { type: 'string', maxLength: 500, description: 'RFC 6750 challenge.' } } : {};
  const headers = { ...(rateLimited ? rateLimitHeaders : {}), ...retryAfter, ...challenge };
  return {
    description: descriptions[status]!,
    headers,
    content: { 'application/problem+json': { schema: ProblemRef, example } },
  };
}

type Documented = boolean | string;

/**
 * The error responses of an operation: the ones its own logic can produce, plus those any operation can
 * (400 for a malformed request, 429 over the rate limit, 500 and 503). Bodies add 413 and 415; `preconditions`
 * (PATCH, DELETE) adds 412 and 428. A string instead of `true` says what the status means for this operation.
 */
export function errorResponses(
  options: {
    notFound?: Documented;
    forbidden?: Documented;
    conflict?: Documented;
    unprocessable?: Documented;
    body?: boolean;
    preconditions?: boolean;
    rateLimited?: boolean;
  } = {},
) {
  const rateLimited = options.rateLimited ?? true;
  const statuses: [number, Documented | undefined][] = [[400, true], [500, true], [503, true]];
  if (rateLimited) statuses.push([429, true]);
  statuses.push([403, options.forbidden], [404, options.notFound], [409, options.conflict], [422, options.unprocessable]);
  if (options.body) statuses.push([413, true], [415, true]);
  if (options.preconditions) statuses.push([412, true], [428, true]);
  return Object.fromEntries(
    statuses
      .filter(([, documented]) => documented)
      .sort(([a], [b]) => a - b)
      .map(([status, documented]) => {
        const response = problemResponse(status, rateLimited);
        return [status, typeof documented === 'string' ? { ...response, description: documented } : response];
      }),
  );
}

/** What a protected route adds: 401, and 403 when it needs a role. */
export function authErrorResponses(needsRole: boolean) {
  const statuses = needsRole ? [401, 403] : [401];
  return Object.fromEntries(statuses.map((status) => [status, problemResponse(status, true)]));
}

/** 200/201 with a JSON body and an example. Health routes are exempt from rate limiting: `rateLimited: false`. */
export function jsonResponse(description: string, schema: TSchema, example: unknown, options: { rateLimited?: boolean } = {}) {
  const headers = options.rateLimited === false ? {} : rateLimitHeaders;
  return { description, headers, content: { 'application/json': { schema, example } } };
}

export const noContent = { description: 'Deleted.', type: 'null', headers: rateLimitHeaders } as const;

/** The list envelope every collection returns. */
export function Page<T extends TSchema>(item: T, name: string) {
  return Type.Object(
    {
      items: Type.Array(item, { maxItems: 200 }),
      nextCursor: Type.Union([Type.String({ maxLength: maxCursorLength }), Type.Null()], {
        description: 'Pass as `cursor` to get the next page; null on the last page.',
      }),
    },
    { additionalProperties: false, title: `${name}Page` },
  );
}
