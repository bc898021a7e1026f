// Credentials, idempotent retries and the audit trail (the integration-and-security layer).
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { roles } from '../../auth/roles.js';
import { bookkeeping, id } from './common.js';
import { agencies } from './program.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Machine clients' keys. Only a hash of the secret is kept; the prefix identifies the key in lists and logs. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    name: text('name').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    roles: text('roles').array().notNull(),
    expiresAt: at('expires_at'),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
    rotatedFromId: uuid('rotated_from_id').references((): AnyPgColumn => apiKeys.id, { onDelete: 'set null' }),
    createdBy: text('created_by'),
    ...bookkeeping(),
  },
  (t) => [
    unique('api_keys_prefix_key').on(t.prefix),
    check('api_keys_roles_check', sql`cardinality(${t.roles}) between 1 and ${sql.raw(String(roles.length))} and ${t.roles} <@ array[${sql.raw(roles.map((r) => `'${r}'`).join(', '))}]::text[]`),
    check('api_keys_officer_agency_check', sql`not ('agency_officer' = any(${t.roles})) or ${t.agencyId} is not null`),
    index('api_keys_agency_idx').on(t.agencyId),
  ],
);

/**
 * Responses to POSTs sent with an Idempotency-Key, stored in the same transaction as the write they answer, so a
 * retry replays the answer instead of writing twice. Keys are scoped to the caller.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorKey: text('actor_key').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    responseStatus: integer('response_status').notNull(),
    // The JSON text as produced, not jsonb: jsonb would reorder keys and the replay must be the same document.
    responseBody: text('response_body').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pkey', columns: [t.actorKey, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

/**
 * One row per changed record, written by database triggers (migration 0002) in the transaction of the change:
 * no code path can write without leaving a trace. The actor and request come from transaction settings the
 * write path sets (src/http/writes.ts). Agency ids are kept as they were: history is never rewritten.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: at('occurred_at').notNull().defaultNow(),
    requestId: text('request_id'),
    operationId: text('operation_id'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    actorAgencyId: uuid('actor_agency_id'),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    action: text('action').notNull(),
    changes: jsonb('changes').notNull(),
  },
  (t) => [
    index('audit_events_resource_idx').on(t.resourceId, t.id),
    index('audit_events_type_idx').on(t.resourceType, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.id),
    index('audit_events_occurred_idx').on(t.occurredAt, t.id),
    index('audit_events_request_idx').on(t.requestId),
  ],
);
