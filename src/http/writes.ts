// The one way a request writes: a single transaction that first records who acts and for which request (the audit
// triggers of migration 0003 read these settings), then runs the work. POSTs honour Idempotency-Key
// (draft-ietf-httpapi-idempotency-key-header): the answer is stored in the same transaction as the write, so a retry
// after a lost response replays it instead of writing twice; the same key with another payload is a 422, and a retry
// while the first request still runs is a 409. Keys belong to the caller and expire after IDEMPOTENCY_TTL_HOURS.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKeys } from '../db/schema/index.js';
import type { Queryable, Transaction } from '../db/types.js';
import { queryRows } from '../db/types.js';
import { checkIfMatch, lockedEntity } from './entity.js';
import { HttpProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** How long a stored answer to an Idempotency-Key is kept. */
    idempotencyTtlMs: number;
  }
}

/** An sf-string per the draft (`"…"`), or, as many clients send it, the bare value. */
const keyPattern = /^"?([\x21\x23-\x7e]{1,255})"?$/;

/** JSON with object keys sorted, so that the same payload written in another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined || request.method !== 'POST') return undefined;
  const match = typeof header === 'string' ? keyPattern.exec(header) : null;
  if (!match) {
    const message = 'must be 1–255 visible ASCII characters, optionally in double quotes';
    throw new HttpProblem('validation', `Idempotency-Key ${message}.`, [{ in: 'header', pointer: '/idempotency-key', message }]);
  }
  return match[1];
}

/**
 * Stored answers can hold a secret shown only once (an issued API key, a webhook signing secret), so the table keeps
 * neither the Idempotency-Key nor the answer in clear: the key as a hash, the answer sealed (AES-256-GCM) with a key
 * derived from the Idempotency-Key. The client that retries with its key gets its answer back; a reader of the
 * database (or of a logged query) does not. Clients should use random keys (UUIDs), as the draft recommends.
 */
const storedKeyOf = (key: string) => createHash('sha256').update(`plantrack:idempotency-key:${key}`).digest('base64url');
const sealingKey = (actorKey: string, key: string) => Buffer.from(hkdfSync('sha256', key, actorKey, 'plantrack:idempotent-answer:v1', 32));

function seal(text: string, secret: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

function unseal(stored: string, secret: Buffer): string {
  const [, iv, sealed, tag] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', secret, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8');
}

/** Records who acts, for which request and operation, for the audit triggers of this transaction. */
export async function setWriteContext(tx: Transaction, request: FastifyRequest): Promise<void> {
  const { actor } = request;
  const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId ?? '';
  await tx.execute(sql`select
    set_config('plantrack.actor', ${JSON.stringify({ type: actor.type, id: actor.id, name: actor.name, agencyId: actor.agencyId })}, true),
    set_config('plantrack.request_id', ${String(request.id)}, true),
    set_config('plantrack.operation_id', ${operationId}, true)`);
}

/**
 * Runs `work` as the request's one transaction and sets the answer's status. Returns what to send: the work's result,
 * or, for a retried POST, the stored answer to the first attempt (marked with `Idempotent-Replayed: true`).
 */
export async function runWrite<T>(request: FastifyRequest, reply: FastifyReply, work: (tx: Transaction) => Promise<T>, options: { status?: number } = {}): Promise<T> {
  const status = options.status ?? 200;
  const key = idempotencyKeyOf(request);
  const actorKey = `${request.actor.type}:${request.actor.id ?? ''}`;
  const fingerprint = key ? createHash('sha256').update(`${request.method} ${request.url}\n${canonical(request.body ?? null)}`).digest('base64url') : '';
  const outcome = await request.server.db.transaction(async (tx) => {
    await setWriteContext(tx, request);
    if (key) {
      const [lock] = await queryRows<{ acquired: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtextextended(${`idempotency:${actorKey}:${key}`}, 0)) as acquired`);
      if (!lock?.acquired) throw new HttpProblem('idempotency-in-progress', 'A request with this Idempotency-Key is still being processed; retry when it has finished.');
      const where = and(eq(idempotencyKeys.actorKey, actorKey), eq(idempotencyKeys.key, storedKeyOf(key)));
      const [stored] = await tx.select().from(idempotencyKeys).where(where);
      if (stored && stored.expiresAt.getTime() > Date.now()) {
        if (stored.fingerprint !== fingerprint) {
          throw new HttpProblem('idempotency-key-reused', 'This Idempotency-Key was used for a different request; use a new key for a new request.', [
            { in: 'header', pointer: '/idempotency-key', message: 'was used with another method, URL or body' },
          ]);
        }
        return { replayed: true as const, status: stored.responseStatus, body: JSON.parse(unseal(stored.responseBody, sealingKey(actorKey, key))) as T };
      }
      if (stored) await tx.delete(idempotencyKeys).where(where);
    }
    const result = await work(tx);
    if (key) {
      await tx.insert(idempotencyKeys).values({
        actorKey,
        key: storedKeyOf(key),
        fingerprint,
        responseStatus: status,
        responseBody: seal(JSON.stringify(result ?? null), sealingKey(actorKey, key)),
        expiresAt: new Date(Date.now() + request.server.idempotencyTtlMs),
      });
    }
    return { replayed: false as const, status, body: result };
  });
  // The write may have emitted events: deliver them now rather than at the worker's next poll.
  if (!outcome.replayed) request.server.webhooks.nudge();
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  void reply.code(outcome.status);
  return outcome.body;
}

/** Deletes stored answers past their expiry (the webhook worker's housekeeping calls it). */
export async function purgeExpiredIdempotencyKeys(db: { execute: Transaction['execute'] }): Promise<void> {
  await db.execute(sql`delete from idempotency_keys where expires_at < now()`);
}

/** The resource a conditional write changes: its table (for the row lock) and how to load its representation. */
export interface ExistingResource {
  table: { id: AnyPgColumn };
  id: string;
  /** What it is called in a 404 ("task"). */
  name: string;
  load: (tx: Queryable, id: string) => Promise<unknown>;
}

/** A write to an existing resource (PATCH, DELETE): locks it, checks If-Match against what it is now, then writes. */
export function runConditionalWrite<T>(request: FastifyRequest, reply: FastifyReply, resource: ExistingResource, work: (tx: Transaction) => Promise<T>, options: { status?: number } = {}): Promise<T> {
  return runWrite(
    request,
    reply,
    async (tx) => {
      checkIfMatch(request, await lockedEntity(tx, resource.table, resource.id, resource.name, resource.load));
      return work(tx);
    },
    options,
  );
}
