// Runs the webhook delivery worker for as long as the app runs (WEBHOOKS_ENABLED), and lets writes nudge it so a
// delivery does not wait for the next poll. Several replicas may each run one: deliveries are claimed with
// FOR UPDATE SKIP LOCKED, so none is sent twice at the same time.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WebhookConfig } from '../config.js';
import type { AddressPolicy } from '../webhooks/address-guard.js';
import { startWebhookWorker, type WebhookWorker } from '../webhooks/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** `nudge` after a write; `addressPolicy` for the routes that check subscription URLs (the worker checks again). */
    webhooks: Pick<WebhookWorker, 'nudge'> & { addressPolicy: AddressPolicy };
  }
}

export const webhookWorkerPlugin = fp(
  async (app: FastifyInstance, options: { config: WebhookConfig }) => {
    let worker: WebhookWorker | undefined;
    const addressPolicy = { allowHttp: options.config.allowHttp, allowedHosts: options.config.allowedHosts };
    app.decorate('webhooks', { nudge: () => worker?.nudge(), addressPolicy });
    if (!options.config.enabled) return;
    app.addHook('onReady', async () => {
      // Attempts are counted in /metrics when the metrics plugin is there (it is, in buildApp).
      const metrics = app.hasDecorator('webhookMetrics') ? app.webhookMetrics : undefined;
      worker = startWebhookWorker({
        db: app.db,
        config: options.config,
        logger: app.log.child({ component: 'webhooks' }),
        onAttempt: (outcome) => metrics?.recordAttempt(outcome),
      });
    });
    // After in-flight requests are answered (app.close), before the database closes.
    app.addHook('onClose', async () => {
      await worker?.stop();
    });
  },
  { name: 'webhook-worker', dependencies: ['database'] },
);
