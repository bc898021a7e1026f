import Type, { type Static } from 'typebox';
import { ListQuery } from '../../http/pagination.js';
import { Int32, Nullable, PatchBody, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';
import { deliveryStatuses, eventTypeDescriptions, eventTypes } from '../../webhooks/events.js';

const Timestamp = (description: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description });

const eventTypeList = eventTypes.map((type) => `\`${type}\`: ${eventTypeDescriptions[type]}`).join(' ');
const EventType = StringEnum(eventTypes, { description: 'An event type (see docs/webhooks.md for each one\'s `data`).' });
const EventTypes = Type.Array(EventType, { minItems: 1, maxItems: eventTypes.length, uniqueItems: true, description: `The events to receive. ${eventTypeList}` });

// Any scheme passes the schema so that a refused one (ftp://) is explained by the address guard, as a 422 on /url.
// (`https?` is spelled out so that generated URLs — the contract fuzzer's — often use the schemes that can succeed.)
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '^(https?|[A-Za-z][A-Za-z0-9+.-]*)://[^\\s\\u0000-\\u001F\\u007F]+$',
  description:
    'Where deliveries are POSTed: https:// (http:// only when the deployment allows it), no credentials, and not an address of this service, loopback, link-local, multicast or a cloud metadata service (private intranet addresses are fine).',
});
const subscriptionStatuses = ['active', 'paused', 'inactive'] as const;
const secretDescription =
  'The signing secret (`whsec_` + base64 of 32 bytes; the HMAC key is the decoded bytes). Shown only in this answer: store it now.';

export const WebhookSubscription = Type.Object(
  {
    id: Uuid(),
    url: Type.String({ maxLength: 2000 }),
    description: Nullable(Type.String({ maxLength: 1000 })),
    eventTypes: EventTypes,
    active: Type.Boolean({ description: 'Set by an admin: an inactive subscription gets no new deliveries.' }),
    status: StringEnum(subscriptionStatuses, {
      description: '`active`; `paused` after too many consecutive failed attempts (set `active: true` to resume); `inactive` when switched off.',
    }),
    pausedAt: Nullable(Timestamp('When deliveries were paused after repeated failures; null: not paused.')),
    pauseReason: Nullable(Type.String({ maxLength: 1000, description: 'Why it was paused, with the last failure.' })),
    consecutiveFailures: Int32({ minimum: 0, maximum: 2_147_483_647, description: 'Failed attempts since the last success.' }),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'WebhookSubscription' },
);
export type WebhookSubscription = Static<typeof WebhookSubscription>;

export const WebhookSubscriptionWithSecret = Type.Object(
  { ...WebhookSubscription.properties, secret: Type.String({ maxLength: 100, description: secretDescription }) },
  { additionalProperties: false, title: 'WebhookSubscriptionWithSecret' },
);

export const subscriptionExample = {
  id: '7d3f2a10-4b5c-4e6d-8f70-a1b2c3d4e5f6',
  url: 'https://baocao.cantho.gov.vn/hooks/plantrack',
  description: 'Hệ thống báo cáo của Sở Kế hoạch và Đầu tư',
  eventTypes: ['task.status_changed', 'indicator_value.recorded'],
  active: true,
  status: 'active',
  pausedAt: null,
  pauseReason: null,
  consecutiveFailures: 0,
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};
export const subscriptionWithSecretExample = { ...subscriptionExample, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7Qh5BDQLeBI=' };

const writable = {
  url: Url,
  description: Nullable(Text(1000, 'What the subscription is for, e.g. the receiving system.')),
  eventTypes: EventTypes,
  active: Type.Boolean({ description: 'false: no new deliveries. Setting true on a paused subscription resumes it: its pending deliveries go out now.' }),
};

export const WebhookSubscriptionCreate = Type.Object(
  {
    url: writable.url,
    eventTypes: writable.eventTypes,
    description: Type.Optional(writable.description),
    active: Type.Optional(Type.Boolean({ default: true, description: 'false: create it switched off.' })),
  },
  {
    additionalProperties: false,
    title: 'WebhookSubscriptionCreate',
    examples: [{ url: subscriptionExample.url, eventTypes: subscriptionExample.eventTypes, description: subscriptionExample.description }],
  },
);
export type WebhookSubscriptionCreate = Static<typeof WebhookSubscriptionCreate>;

export const WebhookSubscriptionPatch = PatchBody(writable, 'WebhookSubscriptionPatch', { active: true });
export type WebhookSubscriptionPatch = Static<typeof WebhookSubscriptionPatch>;

export const WebhookSubscriptionListQuery = ListQuery(
  {
    status: Type.Optional(StringEnum(subscriptionStatuses, { description: 'Only subscriptions in this state.' })),
    eventType: Type.Optional(StringEnum(eventTypes, { description: 'Only subscriptions that receive this event type.' })),
  },
  ['createdAt', '-createdAt'] as const,
  'createdAt',
);
export type WebhookSubscriptionListQuery = Static<typeof WebhookSubscriptionListQuery>;

/** The body of every delivery, and an event as the outbox holds it. */
const eventProperties = {
  id: Uuid('The event id, also sent as `webhook-id`: the same on every attempt, so receivers can deduplicate.'),
  type: EventType,
  timestamp: Timestamp('When the change happened.'),
  resource: Type.Object(
    {
      type: Type.String({ maxLength: 100, description: 'The resource, named as its API path segment (`tasks`, `indicator-values`).' }),
      id: Type.String({ maxLength: 200, description: 'Its id: GET /v1/{type}/{id} reads it.' }),
    },
    { additionalProperties: false },
  ),
  data: Type.Object({}, { additionalProperties: true, maxProperties: 100, description: 'What changed; its fields depend on the event type (docs/webhooks.md).' }),
};
export const WebhookEventPayload = Type.Object(eventProperties, { additionalProperties: false, title: 'WebhookEventPayload' });

export const OutboxEvent = Type.Object(
  { ...eventProperties, requestId: Nullable(Type.String({ maxLength: 128, description: 'The request that made the change (`x-request-id`).' })) },
  { additionalProperties: false, title: 'OutboxEvent' },
);

export const eventExample = {
  id: '2f8e6c4a-1b3d-4f5e-9a7b-8c9d0e1f2a3b',
  type: 'task.status_changed',
  timestamp: '2026-11-27T08:15:30.123Z',
  resource: { type: 'tasks', id: '0b7c1f8e-2d0a-4a51-9a53-5d1f6f0a9b11' },
  data: {
    taskId: '0b7c1f8e-2d0a-4a51-9a53-5d1f6f0a9b11',
    programId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    code: '04',
    from: 'not_started',
    to: 'in_progress',
    progress: 30,
    completedOn: null,
  },
};
export const outboxEventExample = { ...eventExample, requestId: '6f1c2a4e-1b7d-4a8e-9f1e-2c3d4e5f6a7b' };

export const OutboxEventListQuery = ListQuery(
  {
    type: Type.Optional(StringEnum(eventTypes, { description: 'Only events of this type.' })),
    resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only events about this resource (its id).' })),
  },
  ['-timestamp', 'timestamp'] as const,
  '-timestamp',
);
export type OutboxEventListQuery = Static<typeof OutboxEventListQuery>;

const deliveryProperties = {
  id: Uuid(),
  subscriptionId: Uuid(),
  eventId: Uuid('The event delivered (`webhook-id`).'),
  eventType: EventType,
  status: StringEnum(deliveryStatuses, { description: '`pending` until a 2xx answer (`succeeded`) or the last allowed attempt failed (`failed`).' }),
  attemptCount: Int32({ minimum: 0, maximum: 2_147_483_647, description: 'Attempts since it was created or last redelivered.' }),
  nextAttemptAt: Nullable(Timestamp('When a pending delivery is next tried (later, while its subscription is paused or inactive); null otherwise.')),
  lastAttemptAt: Nullable(Timestamp('When it was last tried.')),
  lastStatusCode: Nullable(Int32({ minimum: 0, maximum: 999, description: 'The HTTP status of the last answer; null when there was none.' })),
  lastError: Nullable(Type.String({ maxLength: 1000, description: 'Why the last attempt failed without a usable answer (timeout, connection refused, refused address).' })),
  deliveredAt: Nullable(Timestamp('When a 2xx answer was received.')),
  createdAt: Timestamp('When the event was queued for this subscription.'),
};
export const WebhookDelivery = Type.Object(deliveryProperties, { additionalProperties: false, title: 'WebhookDelivery' });

export const WebhookAttempt = Type.Object(
  {
    attemptedAt: Timestamp('When the attempt started.'),
    durationMs: Int32({ minimum: 0, maximum: 2_147_483_647, description: 'Until the answer, or the failure.' }),
    statusCode: Nullable(Int32({ minimum: 0, maximum: 999, description: 'The HTTP status answered; null when there was no answer.' })),
    error: Nullable(Type.String({ maxLength: 1000, description: 'What went wrong, when there was no usable answer.' })),
  },
  { additionalProperties: false, title: 'WebhookAttempt' },
);

export const WebhookDeliveryDetail = Type.Object(
  {
    ...deliveryProperties,
    event: WebhookEventPayload,
    attempts: Type.Array(WebhookAttempt, { maxItems: 200, description: 'The delivery log: every attempt (the latest 200), oldest first.' }),
  },
  { additionalProperties: false, title: 'WebhookDeliveryDetail' },
);

export const deliveryExample = {
  id: 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f',
  subscriptionId: subscriptionExample.id,
  eventId: eventExample.id,
  eventType: 'task.status_changed',
  status: 'succeeded',
  attemptCount: 2,
  nextAttemptAt: null,
  lastAttemptAt: '2026-11-27T08:15:33.517Z',
  lastStatusCode: 204,
  lastError: null,
  deliveredAt: '2026-11-27T08:15:33.604Z',
  createdAt: '2026-11-27T08:15:30.123Z',
};
export const deliveryDetailExample = {
  ...deliveryExample,
  event: eventExample,
  attempts: [
    { attemptedAt: '2026-11-27T08:15:30.201Z', durationMs: 3, statusCode: null, error: 'connection refused (ECONNREFUSED)' },
    { attemptedAt: '2026-11-27T08:15:33.517Z', durationMs: 87, statusCode: 204, error: null },
  ],
};

export const WebhookDeliveryListQuery = ListQuery(
  {
    subscriptionId: Type.Optional(Uuid('Only deliveries to this subscription.')),
    eventId: Type.Optional(Uuid('Only deliveries of this event.')),
    status: Type.Optional(StringEnum(deliveryStatuses, { description: 'Only deliveries in this state.' })),
  },
  ['-createdAt', 'createdAt'] as const,
  '-createdAt',
);
export type WebhookDeliveryListQuery = Static<typeof WebhookDeliveryListQuery>;
