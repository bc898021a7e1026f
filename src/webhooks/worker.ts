// The delivery worker. Every WEBHOOK_POLL_MS, and at once when a write nudges it, it:
//   1. claims due deliveries in one statement: pending, due, not claimed by anyone (or their claim expired), of an
//      active, unpaused subscription — at most one per subscription, the oldest event first, and none of a
//      subscription that already has one in flight (so a subscription's events go out in order while it is healthy).
//      Rows are locked FOR UPDATE SKIP LOCKED and `locked_until` is set to now + timeout + margin: another worker or
//      replica skips them, and a crashed worker's claim simply expires;
//   2. sends each outside any transaction (Node's http/https, the address guard on every connection, a timeout);
//   3. records the attempt in webhook_attempts and the outcome on the delivery, only while it still holds the claim:
//      2xx → succeeded; anything else → retried after a full-jitter exponential backoff, or `failed` after
//      WEBHOOK_MAX_ATTEMPTS. The subscription counts consecutive failures and is paused at
//      WEBHOOK_PAUSE_AFTER_FAILURES; its deliveries stay pending (nothing is lost) until an admin resumes it.
// At-least-once: a delivery is done only after a 2xx was recorded; if recording fails, it is sent again.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookConfig } from '../config.js';
import { queryRows, type Database } from '../db/types.js';
import { purgeExpiredIdempotencyKeys } from '../http/writes.js';
import { checkWebhookUrl, guardedLookup, RefusedUrl } from './address-guard.js';
import type { AttemptOutcome, WebhookPayload } from './events.js';
import { signatureHeaders } from './signing.js';

export interface WebhookWorker {
  /** Delivers what is due now instead of at the next poll (called after a write that emitted events). */
  nudge(): void;
  /** Stops polling and waits for deliveries in flight (each bounded by WEBHOOK_TIMEOUT_MS). */
  stop(): Promise<void>;
}

/** Sends at once per worker; a slow receiver holds one of them for at most WEBHOOK_TIMEOUT_MS. */
const maxInFlight = 10;
/** A claim outlives the send's timeout by this much: time to record the outcome before another worker may retry. */
const claimMarginMs = 10_000;
const housekeepingEveryMs = 10 * 60_000;
const userAgent = 'plantrack-webhooks/1';

/** Full jitter: a random delay up to base·2^(n−1), capped (AWS Architecture Blog, "Exponential Backoff and Jitter"). */
export function retryDelayMs(failedAttempts: number, config: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 40));
  return Math.floor(random() * ceiling);
}

interface Claimed {
  id: string;
  subscriptionId: string;
  url: string;
  secret: string;
  /** Attempts made before this one. */
  attempts: number;
  /** The claim's expiry, exactly as stored: recording the outcome requires it to be unchanged. */
  claim: string;
  eventId: string;
  eventType: string;
  occurredAt: string;
  resourceType: string;
  resourceId: string;
  data: string;
}

const isoMicros = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
const isoMillis = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

function claimDue(db: Database, limit: number, claimMs: number): Promise<Claimed[]> {
  return queryRows<Claimed>(
    db,
    sql`
    with candidates as (
      select d.id, d.subscription_id, e.occurred_at
      from webhook_deliveries d
      join webhook_subscriptions s on s.id = d.subscription_id
      join outbox_events e on e.id = d.event_id
      where d.status = 'pending' and d.next_attempt_at <= now()
        and (d.locked_until is null or d.locked_until < now())
        and s.active and s.paused_at is null
        and not exists (select 1 from webhook_deliveries busy
                        where busy.subscription_id = d.subscription_id and busy.status = 'pending' and busy.locked_until >= now())
      order by e.occurred_at, d.id
      limit ${limit * 5}
      for update of d skip locked
    ), oldest as (
      select distinct on (subscription_id) id, occurred_at from candidates order by subscription_id, occurred_at, id
    ), chosen as (
      select id from oldest order by occurred_at, id limit ${limit}
    )
    update webhook_deliveries d set locked_until = now() + ${claimMs} * interval '1 millisecond'
    from chosen, webhook_subscriptions s, outbox_events e
    where d.id = chosen.id and s.id = d.subscription_id and e.id = d.event_id
    returning d.id, d.subscription_id as "subscriptionId", s.url, s.secret, d.attempts, ${isoMicros('d.locked_until')} as claim,
      e.id as "eventId", e.type as "eventType", ${isoMillis('e.occurred_at')} as "occurredAt",
      e.resource_type as "resourceType", e.resource_id as "resourceId", e.data::text as data`,
  );
}

interface SendResult {
  statusCode?: number;
  error?: string;
}

function describeError(error: NodeJS.ErrnoException): string {
  if (error instanceof RefusedUrl) return `refused by the address guard (${error.rule}): ${error.message}`;
  const known: Record<string, string> = { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ENOTFOUND: 'host not found', EAI_AGAIN: 'host name lookup failed' };
  const text = (error.code && known[error.code]) ?? error.message;
  return `${text}${error.code && known[error.code] ? ` (${error.code})` : ''}`.slice(0, 1000);
}

/** One POST; resolves with the status code as soon as the receiver answers, or with what went wrong. */
function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, lookup: LookupFunction): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // A fresh connection each time (agent: false): nothing outlives the attempt, and every connection is looked up
    // (and so checked) anew. Redirects are not followed: a 3xx is a failed attempt.
    const request = send(url, { method: 'POST', headers, lookup, agent: false }, (response) => {
      settle({ statusCode: response.statusCode ?? 0 });
      response.destroy();
    });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`timed out: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    request.on('error', (error) => settle({ error: describeError(error) }));
    request.end(body);
  });
}

export function startWebhookWorker(options: { db: Database; config: WebhookConfig; logger: FastifyBaseLogger; onAttempt?: (outcome: AttemptOutcome) => void }): WebhookWorker {
  const { db, config, logger, onAttempt } = options;
  const policy = { allowHttp: config.allowHttp, allowedHosts: config.allowedHosts };
  const lookup = guardedLookup(policy);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<void> | undefined;
  let again = false;
  let lastHousekeeping = 0;

  async function deliver(delivery: Claimed): Promise<void> {
    const payload: WebhookPayload = {
      id: delivery.eventId,
      type: delivery.eventType,
      timestamp: delivery.occurredAt,
      resource: { type: delivery.resourceType, id: delivery.resourceId },
      data: JSON.parse(delivery.data) as Record<string, unknown>,
    };
    const body = JSON.stringify(payload);
    const startedAt = new Date();
    const started = performance.now();
    let result: SendResult;
    try {
      const { url } = checkWebhookUrl(delivery.url, policy);
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': userAgent,
        ...signatureHeaders(delivery.secret, delivery.eventId, body),
      };
      result = await post(url, headers, body, config.timeoutMs, lookup);
    } catch (error) {
      result = { error: describeError(error as NodeJS.ErrnoException) };
    }
    const durationMs = Math.round(performance.now() - started);
    const succeeded = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    if (result.statusCode !== undefined && !succeeded && result.statusCode >= 300 && result.statusCode < 400) result.error = 'redirects are not followed';
    const outcome = await record(delivery, { ...result, succeeded, startedAt, durationMs });
    if (!outcome) return;
    onAttempt?.(outcome);
    const fields = {
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      subscriptionId: delivery.subscriptionId,
      attempt: delivery.attempts + 1,
      statusCode: result.statusCode ?? null,
      error: result.error ?? null,
      durationMs,
      outcome,
    };
    if (succeeded) logger.info(fields, 'webhook delivered');
    else logger.warn(fields, outcome === 'gave_up' ? 'webhook delivery failed for good' : 'webhook delivery attempt failed');
  }

  /** Writes the attempt and the outcome; undefined when the claim was lost meanwhile (another worker owns it now). */
  async function record(delivery: Claimed, attempt: SendResult & { succeeded: boolean; startedAt: Date; durationMs: number }): Promise<AttemptOutcome | undefined> {
    const at = attempt.startedAt.toISOString();
    const statusCode = attempt.statusCode ?? null;
    const error = attempt.error ?? null;
    const delayMs = retryDelayMs(delivery.attempts + 1, config);
    const pauseReason = `${config.pauseAfterFailures} consecutive failed attempts; the last: ${error ?? `HTTP ${statusCode}`}`.slice(0, 1000);
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(sql`
          insert into webhook_attempts (delivery_id, attempted_at, duration_ms, status_code, error)
          select ${delivery.id}, ${at}::timestamptz, ${attempt.durationMs}, ${statusCode}, ${error}
          where exists (select 1 from webhook_deliveries where id = ${delivery.id})`);
        const owned = sql`id = ${delivery.id} and locked_until = ${delivery.claim}::timestamptz`;
        if (attempt.succeeded) {
          const updated = await queryRows(tx, sql`
            update webhook_deliveries set status = 'succeeded', attempts = attempts + 1, delivered_at = now(), last_attempt_at = ${at}::timestamptz,
              last_status_code = ${statusCode}, last_error = null, locked_until = null
            where ${owned} returning id`);
          if (!updated.length) return undefined;
          await tx.execute(sql`update webhook_subscriptions set consecutive_failures = 0 where id = ${delivery.subscriptionId} and consecutive_failures <> 0`);
          return 'succeeded';
        }
        const [updated] = await queryRows<{ status: string }>(tx, sql`
          update webhook_deliveries set attempts = attempts + 1,
            status = case when attempts + 1 >= ${config.maxAttempts} then 'failed' else 'pending' end,
            next_attempt_at = now() + ${delayMs} * interval '1 millisecond',
            last_attempt_at = ${at}::timestamptz, last_status_code = ${statusCode}, last_error = ${error}, locked_until = null
          where ${owned} returning status`);
        if (!updated) return undefined;
        const pausing = sql`paused_at is null and consecutive_failures + 1 >= ${config.pauseAfterFailures}`;
        const [subscription] = await queryRows<{ pausedNow: boolean }>(tx, sql`
          update webhook_subscriptions set consecutive_failures = consecutive_failures + 1,
            paused_at = case when ${pausing} then now() else paused_at end,
            pause_reason = case when ${pausing} then ${pauseReason} else pause_reason end,
            updated_at = case when ${pausing} then now() else updated_at end
          where id = ${delivery.subscriptionId}
          returning coalesce(paused_at = now(), false) as "pausedNow"`);
        if (subscription?.pausedNow) logger.warn({ subscriptionId: delivery.subscriptionId, reason: pauseReason }, 'webhook subscription paused');
        return updated.status === 'failed' ? 'gave_up' : 'failed_attempt';
      });
    } catch (error) {
      // The claim expires and the delivery is sent again: a duplicate at worst, never a loss.
      logger.error({ err: error, deliveryId: delivery.id }, 'could not record a webhook delivery attempt');
      return undefined;
    }
  }

  async function housekeeping(): Promise<void> {
    if (Date.now() - lastHousekeeping < housekeepingEveryMs) return;
    lastHousekeeping = Date.now();
    await purgeExpiredIdempotencyKeys(db).catch((error: unknown) => logger.warn({ err: error }, 'could not purge expired idempotency keys'));
  }

  async function runCycle(): Promise<void> {
    try {
      await housekeeping();
      const room = maxInFlight - inFlight.size;
      if (room <= 0 || stopped) return;
      const claimed = await claimDue(db, room, config.timeoutMs + claimMarginMs);
      // A full batch may have left more behind: look again straight away.
      if (claimed.length === room) again = true;
      for (const delivery of claimed) {
        const sending: Promise<void> = deliver(delivery)
          .catch((error: unknown) => logger.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed unexpectedly'))
          .finally(() => {
            inFlight.delete(sending);
            // The subscription may have its next event waiting.
            wake();
          });
        inFlight.add(sending);
      }
    } catch (error) {
      logger.error({ err: error }, 'webhook delivery cycle failed');
    }
  }

  function wake(): void {
    if (stopped) return;
    if (cycle) {
      again = true;
      return;
    }
    clearTimeout(timer);
    cycle = runCycle().finally(() => {
      cycle = undefined;
      if (stopped) return;
      if (again) {
        again = false;
        wake();
      } else {
        timer = setTimeout(wake, config.pollMs);
        timer.unref();
      }
    });
  }

  wake();
  return {
    nudge: wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await cycle;
      await Promise.allSettled([...inFlight]);
    },
  };
}
