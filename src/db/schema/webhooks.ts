// Webhooks: events are written to an outbox in the transaction of the change they describe, fanned out to one
// delivery per matching subscription, and delivered by a background worker (src/webhooks/worker.ts), which logs
// every attempt. At-least-once: a delivery is only marked done after the receiver answered 2xx.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { deliveryStatuses } from '../../webhooks/events.js';
import { bookkeeping, id, oneOf } from './common.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    url: text('url').notNull(),
    description: text('description'),
    eventTypes: text('event_types').array().notNull(),
    // Needed in clear to sign each delivery; never returned after creation and never logged.
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    pausedAt: at('paused_at'),
    pauseReason: text('pause_reason'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    ...bookkeeping(),
  },
  (t) => [check('webhook_subscriptions_event_types_check', sql`cardinality(${t.eventTypes}) >= 1`)],
);

export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: id(),
    type: text('type').notNull(),
    occurredAt: at('occurred_at').notNull().defaultNow(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    data: jsonb('data').notNull(),
    requestId: text('request_id'),
  },
  (t) => [index('outbox_events_occurred_idx').on(t.occurredAt, t.id)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    // A worker that claimed the delivery holds it until then; after a crash another worker takes it over.
    lockedUntil: at('locked_until'),
    lastAttemptAt: at('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: at('delivered_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('webhook_deliveries_subscription_event_key').on(t.subscriptionId, t.eventId),
    check('webhook_deliveries_status_check', oneOf(t.status, deliveryStatuses)),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

/** The delivery log: one row per attempt, kept for the people who debug an integration. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: at('attempted_at').notNull().defaultNow(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
