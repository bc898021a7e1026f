// Placeholder: the webhook subscription and delivery routes are being written (see src/webhooks/).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const webhookRoutes: FastifyPluginAsyncTypebox = async () => {};
