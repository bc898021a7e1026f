// Webhooks (admin only): subscriptions, the deliveries made to them with their log of attempts, and the outbox of
// events. The worker that delivers is src/webhooks/worker.ts; integrators read docs/webhooks.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rolesAccess } from '../../auth/roles.js';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { lockedEntity, sendEntity, withEtag } from '../../http/entity.js';
import { invalidField } from '../../http/problem.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { checkWebhookUrlResolved, RefusedUrl } from '../../webhooks/address-guard.js';
import {
  createSubscription,
  deleteSubscription,
  getDelivery,
  getSubscription,
  listDeliveries,
  listEvents,
  listSubscriptions,
  redeliver,
  rotateSubscriptionSecret,
  updateSubscription,
} from './repository.js';
import {
  deliveryDetailExample,
  deliveryExample,
  OutboxEvent,
  OutboxEventListQuery,
  outboxEventExample,
  subscriptionExample,
  subscriptionWithSecretExample,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryListQuery,
  WebhookSubscription,
  WebhookSubscriptionCreate,
  WebhookSubscriptionListQuery,
  WebhookSubscriptionPatch,
  WebhookSubscriptionWithSecret,
} from './schemas.js';

const tags = ['Webhooks'];
const admin = { access: rolesAccess('admin') };
const existing = (id: string) => ({ table: webhookSubscriptions, id, name: 'webhook subscription', load: getSubscription });
const refusedUrl =
  'The URL is refused: a scheme other than https (or http where allowed), credentials in it, or a host that is or resolves to a loopback, link-local, multicast, metadata-service or this service\'s own address (SSRF protection). `errors` points at `/url` and names the rule.';

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The address guard, before the transaction (it may resolve the host's name); a refusal is a 422 on /url. */
  async function checkUrl(url: string | undefined): Promise<void> {
    if (url === undefined) return;
    try {
      await checkWebhookUrlResolved(url, app.webhooks.addressPolicy);
    } catch (error) {
      if (error instanceof RefusedUrl) throw invalidField('invalid-value', '/url', error.message);
      throw error;
    }
  }

  app.get(
    '/webhook-subscriptions',
    {
      config: admin,
      schema: {
        operationId: 'listWebhookSubscriptions',
        tags,
        summary: 'List webhook subscriptions',
        description: 'Subscriptions with their URL, event types and state (never their secret), filtered by state and event type; oldest first by default.',
        querystring: WebhookSubscriptionListQuery,
        response: { 200: jsonResponse('A page of subscriptions.', Page(WebhookSubscription, 'WebhookSubscription'), { items: [subscriptionExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listSubscriptions(app.db, request.query),
  );

  app.post(
    '/webhook-subscriptions',
    {
      config: admin,
      schema: {
        operationId: 'createWebhookSubscription',
        tags,
        summary: 'Subscribe a URL to events',
        description:
          'From now on, every event of the given types is POSTed to the URL, signed with the subscription\'s secret (Standard Webhooks). The answer holds the secret (`secret`) once: store it to verify signatures. See docs/webhooks.md.',
        body: WebhookSubscriptionCreate,
        response: {
          201: jsonResponse('The subscription, with its secret.', WebhookSubscriptionWithSecret, subscriptionWithSecretExample),
          ...errorResponses({ unprocessable: refusedUrl, body: true }),
        },
      },
    },
    async (request, reply) => {
      await checkUrl(request.body.url);
      return runWrite(request, reply, (tx) => createSubscription(tx, request.body), { status: 201 });
    },
  );

  app.get(
    '/webhook-subscriptions/:id',
    {
      config: admin,
      schema: {
        operationId: 'getWebhookSubscription',
        tags,
        summary: 'Get a webhook subscription',
        description: 'One subscription, without its secret; `status` says whether it is paused after repeated failures.',
        params: IdParams,
        response: { 200: jsonResponse('The subscription.', WebhookSubscription, subscriptionExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getSubscription(app.db, request.params.id)),
  );

  app.patch(
    '/webhook-subscriptions/:id',
    {
      config: admin,
      schema: {
        operationId: 'updateWebhookSubscription',
        tags,
        summary: 'Change or resume a webhook subscription',
        description:
          'Changes the URL, description, event types or `active`. `active: true` on a paused subscription resumes it: the failure count starts again and the deliveries kept pending while it was paused go out now. `active: false` stops new deliveries (pending ones wait).',
        params: IdParams,
        body: WebhookSubscriptionPatch,
        response: {
          200: jsonResponse('The changed subscription.', WebhookSubscription, subscriptionExample),
          ...errorResponses({ notFound: true, unprocessable: refusedUrl, body: true }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await checkUrl(request.body.url);
      return withEtag(reply, await runConditionalWrite(request, reply, existing(id), (tx) => updateSubscription(tx, id, request.body)));
    },
  );

  app.delete(
    '/webhook-subscriptions/:id',
    {
      config: admin,
      schema: {
        operationId: 'deleteWebhookSubscription',
        tags,
        summary: 'Delete a webhook subscription',
        description: 'Deletes the subscription with its deliveries and their log; nothing more is sent to it. The events stay in the outbox.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true }) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await runConditionalWrite(request, reply, existing(id), (tx) => deleteSubscription(tx, id), { status: 204 });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhook-subscriptions/:id/rotate-secret',
    {
      config: admin,
      schema: {
        operationId: 'rotateWebhookSecret',
        tags,
        summary: 'Issue a new signing secret',
        description:
          'Replaces the secret (in the answer, once). Every attempt from now on, pending deliveries included, is signed with the new one; a receiver that still checks the old one answers non-2xx and gets the delivery again by retry once it has switched.',
        params: IdParams,
        response: {
          200: jsonResponse('The subscription, with its new secret.', WebhookSubscriptionWithSecret, subscriptionWithSecretExample),
          ...errorResponses({ notFound: true, body: true }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return runWrite(request, reply, async (tx) => {
        await lockedEntity(tx, webhookSubscriptions, id, 'webhook subscription', getSubscription);
        return rotateSubscriptionSecret(tx, id);
      });
    },
  );

  app.get(
    '/webhook-deliveries',
    {
      config: admin,
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'List webhook deliveries',
        description: 'One delivery per event and subscription, with its state and last attempt, newest first; filter by subscription, event and state.',
        querystring: WebhookDeliveryListQuery,
        response: { 200: jsonResponse('A page of deliveries.', Page(WebhookDelivery, 'WebhookDelivery'), { items: [deliveryExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listDeliveries(app.db, request.query),
  );

  app.get(
    '/webhook-deliveries/:id',
    {
      config: admin,
      schema: {
        operationId: 'getWebhookDelivery',
        tags,
        summary: 'Get a webhook delivery and its log',
        description: 'The delivery, the body it sends (`event`) and every attempt made: when, how long, the status answered or what went wrong.',
        params: IdParams,
        response: { 200: jsonResponse('The delivery with its attempts.', WebhookDeliveryDetail, deliveryDetailExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getDelivery(app.db, request.params.id)),
  );

  app.post(
    '/webhook-deliveries/:id/redeliver',
    {
      config: admin,
      schema: {
        operationId: 'redeliverWebhook',
        tags,
        summary: 'Send a delivery again',
        description:
          'A succeeded or failed delivery goes back to pending with a fresh count of attempts and is sent now (the same event id: receivers see a duplicate they can recognise); a pending one is sent now instead of after its backoff. A paused or inactive subscription gets it once resumed. Handy to test a receiver.',
        params: IdParams,
        response: {
          200: jsonResponse('The delivery, pending again.', WebhookDeliveryDetail, { ...deliveryDetailExample, status: 'pending', attemptCount: 0, nextAttemptAt: '2026-11-27T09:00:00.000Z', deliveredAt: null }),
          ...errorResponses({ notFound: true, body: true }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const delivery = await runWrite(request, reply, async (tx) => {
        await lockedEntity(tx, webhookDeliveries, id, 'webhook delivery', getDelivery);
        return redeliver(tx, id);
      });
      return withEtag(reply, delivery);
    },
  );

  app.get(
    '/events',
    {
      config: admin,
      schema: {
        operationId: 'listEvents',
        tags,
        summary: 'List events (the outbox)',
        description:
          'Every event the service has emitted, as receivers get it, with the request that caused it; newest first. For debugging an integration: an event is here exactly when its change was committed.',
        querystring: OutboxEventListQuery,
        response: { 200: jsonResponse('A page of events.', Page(OutboxEvent, 'OutboxEvent'), { items: [outboxEventExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listEvents(app.db, request.query),
  );
};
