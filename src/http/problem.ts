// RFC 9457 problem details: the one shape of every 4xx/5xx answer. Each kind of error has a stable `type`
// URI (a tag URI: stable and unique, not meant to be fetched; docs/errors.md describes each).
import Type, { type Static } from 'typebox';
import { StringEnum, Int32 } from './schemas.js';

export const problemTypes = {
  validation: { status: 400, title: 'The request is not valid' },
  'malformed-body': { status: 400, title: 'The request body cannot be read' },
  unauthorized: { status: 401, title: 'Credentials are missing or not valid' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'route-not-found': { status: 404, title: 'No such route' },
  duplicate: { status: 409, title: 'Already exists' },
  'in-use': { status: 409, title: 'Still referenced' },
  'invalid-transition': { status: 409, title: 'Not allowed in the current state' },
  conflict: { status: 409, title: 'Conflicts with the current state' },
  'idempotency-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still running' },
  'precondition-failed': { status: 412, title: 'The resource has changed' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'unknown-reference': { status: 422, title: 'Refers to something that does not exist' },
  'invalid-value': { status: 422, title: 'A value breaks a rule' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused for a different request' },
  'precondition-required': { status: 428, title: 'If-Match is required' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;
export type ProblemKind = keyof typeof problemTypes;

export function problemTypeUri(kind: ProblemKind): string {
  return `tag:plantrack,2026:problems/${kind}`;
}

export const FieldError = Type.Object(
  {
    in: StringEnum(['body', 'query', 'path', 'header'], { description: 'Which part of the request holds the field.' }),
    pointer: Type.String({ maxLength: 1024, description: 'JSON Pointer (RFC 6901) to the field within that part, e.g. `/deadline/toYear`; `` for the part as a whole.' }),
    message: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type FieldError = Static<typeof FieldError>;

export const Problem = Type.Object(
  {
    type: Type.String({ maxLength: 200, description: 'Stable URI naming the kind of error; see docs/errors.md.' }),
    title: Type.String({ maxLength: 200 }),
    status: Int32({ minimum: 400, maximum: 599 }),
    detail: Type.String({ maxLength: 2000 }),
    instance: Type.String({ maxLength: 2048, description: 'The request path that failed.' }),
    requestId: Type.String({ maxLength: 128, description: 'Also sent as `x-request-id`; quote it when reporting a problem.' }),
    errors: Type.Optional(Type.Array(FieldError, { maxItems: 100, description: 'Every field at fault, for validation and rule errors.' })),
  },
  {
    $id: 'Problem',
    additionalProperties: false,
    description: 'RFC 9457 problem details.',
  },
);
export type Problem = Static<typeof Problem>;

/** An error a route throws on purpose; the error handler renders it as problem+json. */
export class HttpProblem extends Error {
  readonly kind: ProblemKind;
  readonly errors: FieldError[] | undefined;
  /** Response headers that belong to the problem (WWW-Authenticate on a 401). */
  readonly headers: Record<string, string>;
  constructor(kind: ProblemKind, detail: string, errors?: FieldError[], headers: Record<string, string> = {}) {
    super(detail);
    this.kind = kind;
    this.errors = errors;
    this.headers = headers;
  }
  get status(): number {
    return problemTypes[this.kind].status;
  }
}

export const notFound = (what: string, id: string) => new HttpProblem('not-found', `No ${what} has id ${id}.`);

/** A rule about a body field, found by the service rather than the schema. */
export const invalidField = (kind: 'invalid-value' | 'unknown-reference' | 'duplicate', pointer: string, message: string) =>
  new HttpProblem(kind, message, [{ in: 'body', pointer, message }]);
