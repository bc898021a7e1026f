// Single resources carry a strong ETag: a hash of their representation, so it changes exactly when what a client
// would read changes. Writes that change or delete a resource must name the version they change in If-Match
// (428 without it, 412 when it is stale): two people editing the same task cannot silently overwrite each other.
// `If-Match: *` is the explicit "whatever is there now". Reads honour If-None-Match with 304.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/types.js';
import { HttpProblem, notFound } from './problem.js';

/** The representation as JSON decides the tag: the wire bytes are a function of it (the route's serializer). */
export const etagOf = (entity: unknown) => `"${createHash('sha256').update(JSON.stringify(entity)).digest('base64url').slice(0, 27)}"`;

/** The entity tags a conditional header lists (`"a", W/"b"`), or `*`. */
function listedTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.match(/(W\/)?"[^"]*"/g) ?? [];
}

/** Sets the ETag of a resource about to be sent, and returns it for sending. */
export function withEtag<T>(reply: FastifyReply, entity: T): T {
  void reply.header('etag', etagOf(entity));
  return entity;
}

/** A GET of a single resource: 304 without a body when the client's copy is current. */
export function sendEntity<T>(request: FastifyRequest, reply: FastifyReply, entity: T): T | FastifyReply {
  const etag = etagOf(entity);
  void reply.header('etag', etag);
  const header = request.headers['if-none-match'];
  if (header) {
    const tags = listedTags(header);
    // If-None-Match uses the weak comparison: W/"x" matches "x".
    if (tags === '*' || tags.some((tag) => tag.replace(/^W\//, '') === etag)) return reply.code(304).send();
  }
  return entity;
}

/** Checks If-Match against the current representation (read under a row lock, so it cannot change meanwhile). */
export function checkIfMatch(request: FastifyRequest, current: unknown): void {
  const header = request.headers['if-match'];
  if (header === undefined) {
    throw new HttpProblem('precondition-required', 'Send If-Match with the ETag from reading the resource (or `*` to change whatever is there now).', [
      { in: 'header', pointer: '/if-match', message: 'is required' },
    ]);
  }
  const tags = listedTags(header);
  if (tags === '*') return;
  // If-Match uses the strong comparison: a weak tag never matches.
  if (!tags.includes(etagOf(current))) {
    throw new HttpProblem('precondition-failed', 'The resource changed since this ETag was issued; read it again and reapply the change.', [
      { in: 'header', pointer: '/if-match', message: 'names a version that is no longer current' },
    ]);
  }
}

/**
 * Locks a row for the rest of the transaction and loads its representation, for a write that checks If-Match:
 * nobody can change the row between the check and the write.
 */
export async function lockedEntity<T>(tx: Queryable, table: { id: AnyPgColumn }, id: string, what: string, load: (tx: Queryable, id: string) => Promise<T>): Promise<T> {
  const [row] = await tx.select({ id: table.id }).from(table.id.table).where(eq(table.id, id)).for('update');
  if (!row) throw notFound(what, id);
  return load(tx, id);
}
