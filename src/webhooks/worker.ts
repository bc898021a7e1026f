// Placeholder: the delivery worker is being written.
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookConfig } from '../config.js';
import type { Database } from '../db/types.js';

export interface WebhookWorker {
  /** Delivers what is due now instead of at the next poll (called after a write that emitted events). */
  nudge(): void;
  /** Stops polling and waits for deliveries in flight. */
  stop(): Promise<void>;
}

export function startWebhookWorker(_options: { db: Database; config: WebhookConfig; logger: FastifyBaseLogger }): WebhookWorker {
  return { nudge() {}, async stop() {} };
}
