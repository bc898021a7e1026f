// Writes an event to the outbox in the caller's transaction, with one pending delivery per active subscription to its
// type: the event exists exactly when the change it describes was committed. The worker (worker.ts) delivers.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/types.js';
import type { EventType } from './events.js';

export interface OutboxEvent {
  type: EventType;
  /** The resource the event is about, as its API path segment names it (`tasks`, `reports` …). */
  resourceType: string;
  resourceId: string;
  /** What a receiver needs to act without calling back: the changed fields, before and after where it matters. */
  data: Record<string, unknown>;
}

export async function emitEvent(tx: Queryable, event: OutboxEvent): Promise<void> {
  await tx.execute(sql`
    with event as (
      insert into outbox_events (type, resource_type, resource_id, data, request_id)
      values (${event.type}, ${event.resourceType}, ${event.resourceId}, ${JSON.stringify(event.data)}::jsonb, nullif(current_setting('plantrack.request_id', true), ''))
      returning id)
    insert into webhook_deliveries (subscription_id, event_id)
    select s.id, event.id from webhook_subscriptions s, event
    where s.active and ${event.type} = any(s.event_types)`);
}
