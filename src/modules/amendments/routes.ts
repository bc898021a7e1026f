// Placeholder: the amendment routes are being written.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const amendmentRoutes: FastifyPluginAsyncTypebox = async () => {};
