import { and, desc, eq, isNotNull, isNull, not, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { outboxEvents, webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { notFound } from '../../http/problem.js';
import type { DeliveryStatus, EventType, WebhookPayload } from '../../webhooks/events.js';
import { generateSecret } from '../../webhooks/signing.js';
import type { OutboxEventListQuery, WebhookDeliveryListQuery, WebhookSubscriptionCreate, WebhookSubscriptionListQuery, WebhookSubscriptionPatch } from './schemas.js';

const subscriptions = webhookSubscriptions;
const deliveries = webhookDeliveries;
const events = outboxEvents;

/** A timestamp to the microsecond, as a cursor key: a key cut to milliseconds would skip rows of the same millisecond. */
const exactTime = (column: AnyPgColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A page without the cursor keys its rows carried. */
function withoutKeys<T extends { key: string }>(page: { items: T[]; nextCursor: string | null }) {
  return { items: page.items.map(({ key: _key, ...item }) => item), nextCursor: page.nextCursor };
}

// ---------------------------------------------------------------------------------------------------------
// Subscriptions (the secret is selected only where it is handed out)

type SubscriptionStatus = 'active' | 'paused' | 'inactive';
const subscriptionStatus = sql<SubscriptionStatus>`case when not ${subscriptions.active} then 'inactive' when ${subscriptions.pausedAt} is not null then 'paused' else 'active' end`;

function selectSubscriptions(db: Queryable) {
  return db
    .select({
      id: subscriptions.id,
      url: subscriptions.url,
      description: subscriptions.description,
      eventTypes: sql<EventType[]>`${subscriptions.eventTypes}`,
      active: subscriptions.active,
      status: subscriptionStatus,
      pausedAt: subscriptions.pausedAt,
      pauseReason: subscriptions.pauseReason,
      consecutiveFailures: subscriptions.consecutiveFailures,
      createdAt: subscriptions.createdAt,
      updatedAt: subscriptions.updatedAt,
      key: exactTime(subscriptions.createdAt),
    })
    .from(subscriptions);
}
type SubscriptionRow = Awaited<ReturnType<ReturnType<typeof selectSubscriptions>['execute']>>[number];

const subscriptionSorts: Record<string, SortSpec<SubscriptionRow>> = sortBothWays('createdAt', [subscriptions.createdAt, subscriptions.id], (r) => [r.key, r.id]);

const statusFilter: Record<string, SQL> = {
  inactive: not(subscriptions.active),
  paused: and(subscriptions.active, isNotNull(subscriptions.pausedAt))!,
  active: and(subscriptions.active, isNull(subscriptions.pausedAt))!,
};

export async function listSubscriptions(db: Queryable, query: WebhookSubscriptionListQuery) {
  const page = paginate(subscriptionSorts, query.sort ?? 'createdAt', query);
  const rows = await selectSubscriptions(db)
    .where(
      and(
        query.status ? statusFilter[query.status] : undefined,
        query.eventType ? sql`${query.eventType} = any(${subscriptions.eventTypes})` : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return withoutKeys(page.finish(rows));
}

export async function getSubscription(db: Queryable, id: string) {
  const [row] = await selectSubscriptions(db).where(eq(subscriptions.id, id));
  if (!row) throw notFound('webhook subscription', id);
  const { key: _key, ...subscription } = row;
  return subscription;
}

/** Creates a subscription with a new secret; the answer is the only place the secret is ever shown. */
export async function createSubscription(db: Queryable, body: WebhookSubscriptionCreate) {
  const secret = generateSecret();
  const [created] = await db
    .insert(subscriptions)
    .values({ url: body.url, description: body.description ?? null, eventTypes: body.eventTypes, active: body.active ?? true, secret })
    .returning({ id: subscriptions.id });
  return { ...(await getSubscription(db, created!.id)), secret };
}

/**
 * Changes a subscription. `active: true` also resumes a paused one: the failure count starts again and its
 * pending deliveries, which waited while it was paused or inactive, are due at once.
 */
export async function updateSubscription(db: Queryable, id: string, patch: WebhookSubscriptionPatch) {
  const before = await getSubscription(db, id);
  const resume = patch.active === true ? { pausedAt: null, pauseReason: null, consecutiveFailures: 0 } : {};
  await db
    .update(subscriptions)
    .set({ ...patch, ...resume, updatedAt: sql`now()` })
    .where(eq(subscriptions.id, id));
  if (patch.active === true && before.status !== 'active') {
    await db
      .update(deliveries)
      .set({ nextAttemptAt: sql`least(${deliveries.nextAttemptAt}, now())` })
      .where(and(eq(deliveries.subscriptionId, id), eq(deliveries.status, 'pending')));
  }
  return getSubscription(db, id);
}

/** Deletes a subscription with its deliveries and their log. */
export async function deleteSubscription(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(subscriptions).where(eq(subscriptions.id, id)).returning({ id: subscriptions.id });
  if (!deleted) throw notFound('webhook subscription', id);
}

/** A new secret, used from the next attempt on (pending deliveries included); the old one stops at once. */
export async function rotateSubscriptionSecret(db: Queryable, id: string) {
  const secret = generateSecret();
  await db.update(subscriptions).set({ secret, updatedAt: sql`now()` }).where(eq(subscriptions.id, id));
  return { ...(await getSubscription(db, id)), secret };
}

// ---------------------------------------------------------------------------------------------------------
// Events (the outbox) and deliveries

function selectEvents(db: Queryable) {
  return db
    .select({
      id: events.id,
      type: sql<EventType>`${events.type}`,
      occurredAt: events.occurredAt,
      resourceType: events.resourceType,
      resourceId: events.resourceId,
      data: events.data,
      requestId: events.requestId,
      key: exactTime(events.occurredAt),
    })
    .from(events);
}
type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number];

/** An outbox row as receivers get it: the delivery body. */
function payloadOf(row: EventRow): Omit<WebhookPayload, 'timestamp'> & { type: EventType; timestamp: Date } {
  return { id: row.id, type: row.type, timestamp: row.occurredAt, resource: { type: row.resourceType, id: row.resourceId }, data: row.data as Record<string, unknown> };
}

const eventSorts: Record<string, SortSpec<EventRow>> = sortBothWays('timestamp', [events.occurredAt, events.id], (r) => [r.key, r.id]);

export async function listEvents(db: Queryable, query: OutboxEventListQuery) {
  const page = paginate(eventSorts, query.sort ?? '-timestamp', query);
  const rows = await selectEvents(db)
    .where(and(query.type ? eq(events.type, query.type) : undefined, query.resourceId ? eq(events.resourceId, query.resourceId) : undefined, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  const { items, nextCursor } = page.finish(rows);
  return { items: items.map((row) => ({ ...payloadOf(row), requestId: row.requestId })), nextCursor };
}

function selectDeliveries(db: Queryable) {
  return db
    .select({
      id: deliveries.id,
      subscriptionId: deliveries.subscriptionId,
      eventId: deliveries.eventId,
      eventType: sql<EventType>`${events.type}`,
      status: sql<DeliveryStatus>`${deliveries.status}`,
      attemptCount: deliveries.attempts,
      nextAttemptAt: sql<Date | null>`case when ${deliveries.status} = 'pending' then ${deliveries.nextAttemptAt} end`.mapWith(deliveries.nextAttemptAt),
      lastAttemptAt: deliveries.lastAttemptAt,
      lastStatusCode: deliveries.lastStatusCode,
      lastError: deliveries.lastError,
      deliveredAt: deliveries.deliveredAt,
      createdAt: deliveries.createdAt,
      key: exactTime(deliveries.createdAt),
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId));
}
type DeliveryRow = Awaited<ReturnType<ReturnType<typeof selectDeliveries>['execute']>>[number];

const deliverySorts: Record<string, SortSpec<DeliveryRow>> = sortBothWays('createdAt', [deliveries.createdAt, deliveries.id], (r) => [r.key, r.id]);

export async function listDeliveries(db: Queryable, query: WebhookDeliveryListQuery) {
  const page = paginate(deliverySorts, query.sort ?? '-createdAt', query);
  const rows = await selectDeliveries(db)
    .where(
      and(
        query.subscriptionId ? eq(deliveries.subscriptionId, query.subscriptionId) : undefined,
        query.eventId ? eq(deliveries.eventId, query.eventId) : undefined,
        query.status ? eq(deliveries.status, query.status) : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return withoutKeys(page.finish(rows));
}

/** Shown attempts per delivery: enough to debug an integration, bounded however often it was redelivered. */
const attemptsShown = 200;

/** A delivery with the body it sends and its log of attempts. */
export async function getDelivery(db: Queryable, id: string) {
  const [row] = await selectDeliveries(db).where(eq(deliveries.id, id));
  if (!row) throw notFound('webhook delivery', id);
  const [event] = await selectEvents(db).where(eq(events.id, row.eventId));
  const attempts = await db
    .select({ attemptedAt: webhookAttempts.attemptedAt, durationMs: webhookAttempts.durationMs, statusCode: webhookAttempts.statusCode, error: webhookAttempts.error })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, id))
    .orderBy(desc(webhookAttempts.id))
    .limit(attemptsShown);
  const { key: _key, ...delivery } = row;
  return { ...delivery, event: payloadOf(event!), attempts: attempts.reverse() };
}

/**
 * Sends a delivery again: a succeeded or failed one goes back to pending with a fresh count of attempts; a pending
 * one is made due now. Its log keeps every earlier attempt.
 */
export async function redeliver(db: Queryable, id: string) {
  await db
    .update(deliveries)
    .set({
      status: 'pending',
      nextAttemptAt: sql`now()`,
      attempts: sql`case when ${deliveries.status} = 'pending' then ${deliveries.attempts} else 0 end`,
      deliveredAt: sql`case when ${deliveries.status} = 'pending' then ${deliveries.deliveredAt} end`,
    })
    .where(eq(deliveries.id, id));
  return getDelivery(db, id);
}
