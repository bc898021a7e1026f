// Webhooks end to end: real HTTP receivers on 127.0.0.1, the real worker, the real database. What is proven:
// signed deliveries of the subscribed events only; at-least-once delivery across a receiver outage (503s, then
// the receiver gone) with no event lost; timeouts of a slow receiver retried; pausing after repeated failures with
// nothing lost; giving up and redelivering; no delivery sent twice at once by two workers (PostgreSQL); the SSRF
// guard at the API and on connection; secrets never in answers or logs; admin only.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { FastifyServerOptions } from 'fastify';
import t from 'tap';
import { buildApp, type App } from '../src/app.js';
import { openPostgres, type DatabaseHandle } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { loadSeed } from '../src/seed/load.js';
import { verifySignature } from '../src/webhooks/signing.js';
import { retryDelayMs } from '../src/webhooks/worker.js';
import { createScratchDatabase, injectAs, issueBearer, json, openTestDatabase, postgresUrl, testConfig } from './helpers/app.js';

// ---------------------------------------------------------------------------------------------------------
// A receiver, helpers

interface Receipt {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** An HTTP server that records every request and answers what `answer` says (possibly after a while). */
class Receiver {
  readonly receipts: Receipt[] = [];
  answer: (receipt: Receipt) => number | Promise<number> = () => 204;
  /** The most requests for one delivery (path + webhook-id) that were ever open at the same time. */
  readonly mostAtOnce = new Map<string, number>();
  private readonly open = new Map<string, number>();
  private readonly server: Server;
  port = 0;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const receipt = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
        this.receipts.push(receipt);
        const key = `${receipt.path} ${String(receipt.headers['webhook-id'])}`;
        this.open.set(key, (this.open.get(key) ?? 0) + 1);
        this.mostAtOnce.set(key, Math.max(this.mostAtOnce.get(key) ?? 0, this.open.get(key)!));
        const status = await this.answer(receipt);
        this.open.set(key, this.open.get(key)! - 1);
        response.writeHead(status).end();
      });
    });
  }

  async start(t: { teardown(fn: () => unknown): void }): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    t.teardown(() => this.stop());
    return this;
  }

  /** Stops listening: deliveries meet "connection refused" until `start` again (on the same port). */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  url = (path: string) => `http://127.0.0.1:${this.port}${path}`;
  at = (path: string) => this.receipts.filter((r) => r.path === path);
}

/** Waits until `probe` returns something truthy; generous deadline, so a loaded machine is not a failure. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const webhookEnv = {
  WEBHOOKS_ENABLED: 'true',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '3000',
  WEBHOOK_MAX_ATTEMPTS: '100',
  WEBHOOK_PAUSE_AFTER_FAILURES: '1000',
};

/**
 * One database for the file (migrating and seeding is the slow part); each test starts an app on it with the
 * configuration it needs, and stops it at its end, so only one worker at a time delivers (except on purpose).
 * Subscriptions left by an earlier test are removed first.
 */
const database = await openTestDatabase(t);

async function startApp(t: { teardown(fn: () => unknown): void }, env: Record<string, string>, logger: FastifyServerOptions['logger'] = false): Promise<App> {
  await database.db.execute(sql`delete from webhook_subscriptions`);
  const app = await buildApp({ config: testConfig(env), database, logger });
  await app.ready();
  t.teardown(() => app.close());
  injectAs(app, await issueBearer(database, ['admin']));
  return app;
}

async function subscribe(app: App, body: object) {
  const response = await app.inject({ method: 'POST', url: '/v1/webhook-subscriptions', payload: body });
  if (response.statusCode !== 201) throw new Error(`subscribe: ${response.statusCode} ${response.body}`);
  return json(response);
}
const deliveriesOf = async (app: App, subscriptionId: string): Promise<any[]> => json(await app.inject(`/v1/webhook-deliveries?subscriptionId=${subscriptionId}&limit=200`)).items;
const allSucceeded = async (app: App, subscriptionId: string, count: number) => {
  const deliveries = await deliveriesOf(app, subscriptionId);
  return deliveries.length === count && deliveries.every((d) => d.status === 'succeeded') && deliveries;
};
/** Event ids of the outbox since `since` (ISO), of one type. */
async function outboxIds(app: App, type: string, since: string): Promise<string[]> {
  const events = json(await app.inject(`/v1/events?type=${type}&limit=200`)).items;
  return events.filter((e: any) => e.timestamp >= since).map((e: any) => e.id);
}
/** Moves a task to the other of two statuses: one `task.status_changed` event. */
async function changeStatus(app: App, taskId: string): Promise<void> {
  const task = json(await app.inject(`/v1/tasks/${taskId}`));
  const response = await app.inject({ method: 'PATCH', url: `/v1/tasks/${taskId}`, payload: { status: task.status === 'in_progress' ? 'not_started' : 'in_progress' } });
  if (response.statusCode !== 200) throw new Error(`PATCH task: ${response.statusCode} ${response.body}`);
}
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

// ---------------------------------------------------------------------------------------------------------

t.test('retry delays: full jitter under a ceiling that doubles up to WEBHOOK_RETRY_MAX_MS', async (t) => {
  const config = { retryBaseMs: 20, retryMaxMs: 200 };
  t.same([1, 2, 3, 4, 5, 6, 30].map((n) => retryDelayMs(n, config, () => 0.99999)), [19, 39, 79, 159, 199, 199, 199]);
  t.same([1, 4, 30].map((n) => retryDelayMs(n, config, () => 0)), [0, 0, 0]);
  t.same([1, 2, 3].map((n) => retryDelayMs(n, { retryBaseMs: 2000, retryMaxMs: 3_600_000 }, () => 0.5)), [1000, 2000, 4000]);
});

t.test('deliveries', async (t) => {
  const app = await startApp(t, webhookEnv);
  const receiver = await new Receiver().start(t);
  const tasks = json(await app.inject('/v1/tasks?limit=6')).items.map((task: any) => task.id as string);

  t.test('a signed delivery of the subscribed events only', async (t) => {
    const tasksOnly = await subscribe(app, { url: receiver.url('/tasks'), eventTypes: ['task.status_changed'], description: 'Hệ thống nhận' });
    const valuesOnly = await subscribe(app, { url: receiver.url('/values'), eventTypes: ['indicator_value.recorded'] });
    const inactive = await subscribe(app, { url: receiver.url('/inactive'), eventTypes: ['task.status_changed'], active: false });
    t.match(tasksOnly, { status: 'active', active: true, consecutiveFailures: 0, secret: /^whsec_/ });
    t.equal(inactive.status, 'inactive');

    await changeStatus(app, tasks[0]!);
    const [receipt] = await waitFor('the delivery', () => receiver.at('/tasks').length > 0 && receiver.at('/tasks'));
    const [event] = json(await app.inject(`/v1/events?type=task.status_changed&resourceId=${tasks[0]}`)).items;
    t.match(receipt!.headers, { 'content-type': 'application/json', 'user-agent': 'plantrack-webhooks/1', 'webhook-id': event.id });
    const timestamp = Number(receipt!.headers['webhook-timestamp']);
    t.ok(Math.abs(timestamp - receipt!.receivedAt / 1000) < 60, 'webhook-timestamp is the time of the attempt, in seconds');
    t.same(verifySignature({ secret: tasksOnly.secret, headers: receipt!.headers, body: receipt!.body }), { ok: true, id: event.id, timestamp });
    const key = Buffer.from(tasksOnly.secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${event.id}.${timestamp}.${receipt!.body}`).digest('base64');
    t.equal(receipt!.headers['webhook-signature'], `v1,${expected}`, 'an HMAC computed independently matches');
    t.notOk(verifySignature({ secret: valuesOnly.secret, headers: receipt!.headers, body: receipt!.body }).ok, "another subscription's secret does not verify");
    const body = JSON.parse(receipt!.body);
    t.same(Object.keys(body), ['id', 'type', 'timestamp', 'resource', 'data']);
    t.match(body, { id: event.id, type: 'task.status_changed', timestamp: event.timestamp, resource: { type: 'tasks', id: tasks[0] }, data: { taskId: tasks[0], from: 'not_started', to: 'in_progress' } });
    t.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const [delivery] = await waitFor('the delivery marked succeeded', () => allSucceeded(app, tasksOnly.id, 1));
    t.match(delivery, { eventId: event.id, eventType: 'task.status_changed', attemptCount: 1, lastStatusCode: 204, nextAttemptAt: null, deliveredAt: String });
    const detail = json(await app.inject(`/v1/webhook-deliveries/${delivery.id}`));
    t.same(detail.event, body, 'the delivery shows the body it sends');
    t.match(detail.attempts, [{ statusCode: 204, error: null, durationMs: Number }]);
    t.same(await deliveriesOf(app, valuesOnly.id), [], 'a subscription to other types gets no delivery');
    t.same(await deliveriesOf(app, inactive.id), [], 'an inactive subscription gets no delivery');

    const indicator = json(await app.inject('/v1/indicators?limit=1')).items[0];
    const recorded = await app.inject({ method: 'POST', url: '/v1/indicator-values', payload: { indicatorId: indicator.id, period: '2024', value: 7.5 } });
    t.equal(recorded.statusCode, 201);
    await waitFor('the indicator value delivery', () => allSucceeded(app, valuesOnly.id, 1));
    t.match(JSON.parse(receiver.at('/values')[0]!.body), { type: 'indicator_value.recorded', resource: { type: 'indicator-values', id: json(recorded).id }, data: { value: 7.5, previousValue: null } });
    t.equal(receiver.at('/tasks').length, 1, 'the task subscription did not get it');

    // In event order while the receiver is healthy.
    const since = new Date().toISOString();
    for (const task of tasks.slice(1, 5)) await changeStatus(app, task);
    await waitFor('four more deliveries', () => allSucceeded(app, tasksOnly.id, 5));
    t.same(receiver.at('/tasks').slice(1).map((r) => r.headers['webhook-id']), (await outboxIds(app, 'task.status_changed', since)).reverse(), 'delivered in the order of the events');
    t.equal(receiver.at('/inactive').length + receiver.at('/values').length, 1);

    const metrics = (await app.inject('/metrics')).body;
    t.match(metrics, /^plantrack_webhook_deliveries_total\{outcome="succeeded"\} 6$/m);
    t.match(metrics, /^plantrack_webhook_deliveries_total\{outcome="gave_up"\} 0$/m);
    t.match(metrics, /^plantrack_webhook_deliveries_pending 0$/m);
    for (const s of [tasksOnly, valuesOnly]) await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${s.id}`, payload: { active: false } });
  });

  t.test('at least once across a receiver outage: 503s, then no receiver at all, then recovery', async (t) => {
    const since = new Date().toISOString();
    const subscription = await subscribe(app, { url: receiver.url('/outage'), eventTypes: ['task.status_changed'] });
    receiver.answer = (r) => (r.path === '/outage' ? 503 : 204);
    /** Every state of a pending delivery seen while polling: (attempts made, wait scheduled after the last one). */
    const waits = new Map<string, { n: number; ms: number }>();
    const observe = async () => {
      const deliveries = await deliveriesOf(app, subscription.id);
      for (const d of deliveries.filter((d) => d.status === 'pending' && d.lastAttemptAt)) {
        waits.set(`${d.id} ${d.attemptCount}`, { n: d.attemptCount, ms: Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt) });
      }
      return deliveries;
    };
    for (const task of tasks.slice(0, 3)) await changeStatus(app, task);
    const failing = await waitFor('each delivery to have failed 6 times with 503', async () => {
      const deliveries = await observe();
      return deliveries.length === 3 && deliveries.every((d) => d.attemptCount >= 6 && d.lastStatusCode === 503) && deliveries;
    });
    await receiver.stop();
    for (const task of tasks.slice(3, 6)) await changeStatus(app, task);
    await waitFor('each delivery to have met a refused connection', async () => {
      const deliveries = await observe();
      return deliveries.length === 6 && deliveries.every((d) => d.status === 'pending' && /connection refused/.test(d.lastError ?? ''));
    });
    const during = receiver.at('/outage').length;
    t.ok(during >= 18, `${during} attempts reached the receiver while it answered 503`);
    const delivered = new Set<string>();
    receiver.answer = (r) => {
      delivered.add(String(r.headers['webhook-id']));
      return 204;
    };
    await receiver.start(t);
    const deliveries = await waitFor('every delivery to succeed after the receiver recovered', () => allSucceeded(app, subscription.id, 6));

    const outbox = sorted(await outboxIds(app, 'task.status_changed', since));
    t.equal(outbox.length, 6, 'six events were produced during the outage');
    t.same(sorted(delivered), outbox, 'every event of the outbox was answered 2xx: none lost');
    t.same(sorted(deliveries.map((d) => d.eventId)), outbox);
    const after = receiver.at('/outage').length - during;
    t.ok(after >= 6, `${after} receipts after recovery for 6 events (a duplicate would be allowed, a loss not)`);

    const log = json(await app.inject(`/v1/webhook-deliveries/${failing[0].id}`)).attempts;
    t.ok(log.filter((a: any) => a.statusCode === 503 && a.error === null).length >= 6, 'the 503 answers are in the log');
    t.ok(log.some((a: any) => a.statusCode === null && /^connection refused \(ECONNREFUSED\)$/.test(a.error)), 'so are the refused connections');
    t.match(log.at(-1), { statusCode: 204, error: null });
    t.ok(log.every((a: any, i: number) => i === 0 || Date.parse(a.attemptedAt) >= Date.parse(log[i - 1].attemptedAt)), 'in the order attempted');

    // Backoff: the wait scheduled after an attempt has a ceiling that doubles from 20 ms up to 200 ms (full jitter:
    // any value under it), so later attempts wait longer; and a pending delivery is always due after its last try.
    const observed = [...waits.values()];
    t.ok(observed.every((w) => w.ms >= 0), `next attempt after the last one (${observed.length} observations)`);
    const later = observed.filter((w) => w.n >= 4).map((w) => w.ms);
    t.ok(later.length >= 6 && Math.max(...later) > 40, `waits after 4 or more attempts reach past the second ceiling (longest ${Math.max(...later)} ms)`);
    t.equal(json(await app.inject(`/v1/webhook-subscriptions/${subscription.id}`)).consecutiveFailures, 0, 'the success reset the failure count');
    t.match((await app.inject('/metrics')).body, /^plantrack_webhook_deliveries_total\{outcome="failed_attempt"\} ([2-9]\d|\d{3,})$/m);
    await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${subscription.id}`, payload: { active: false } });
  });

  t.test('the address guard at the API and on connection (SSRF)', async (t) => {
    const refused: [string, RegExp][] = [
      ['http://169.254.169.254/latest/meta-data/', /cloud metadata service/],
      [`http://localhost:${receiver.port}/`, /loopback/],
      ['http://[::1]/', /loopback/],
      ['http://0.0.0.0/', /unspecified/],
      ['http://[::ffff:169.254.169.254]/', /metadata/],
      [`http://user:password@127.0.0.1:${receiver.port}/`, /credentials/],
      ['ftp://example.org/', /must start with/],
    ];
    for (const [url, message] of refused) {
      const response = await app.inject({ method: 'POST', url: '/v1/webhook-subscriptions', payload: { url, eventTypes: ['task.status_changed'] } });
      t.equal(response.statusCode, 422, url);
      t.match(json(response).errors, [{ in: 'body', pointer: '/url', message }], url);
    }
    const allowed = await subscribe(app, { url: receiver.url('/allowed'), eventTypes: ['report.submitted'] });
    t.equal(allowed.url, receiver.url('/allowed'), '127.0.0.1 is allowed by WEBHOOK_ALLOWED_HOSTS');
    const patched = await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${allowed.id}`, payload: { url: 'http://[fe80::1]/' } });
    t.match(json(patched), { status: 422, errors: [{ pointer: '/url', message: /link-local/ }] }, 'a PATCH is checked too');

    // A row written around the API (or a name that now resolves elsewhere) is refused when connecting.
    const [sneaked] = await queryRows<{ id: string }>(database.db, sql`
      insert into webhook_subscriptions (url, event_types, secret) values (${`http://localhost:${receiver.port}/sneaked`}, '{task.status_changed}', 'whsec_AAAA')
      returning id`);
    await changeStatus(app, tasks[0]!);
    const [delivery] = await waitFor('a failed attempt', async () => {
      const deliveries = await deliveriesOf(app, sneaked!.id);
      return deliveries[0]?.attemptCount >= 1 && deliveries;
    });
    t.match(delivery.lastError, /^refused by the address guard \(loopback\)/);
    t.equal(receiver.at('/sneaked').length, 0, 'the receiver never saw it');
    await app.inject({ method: 'DELETE', url: `/v1/webhook-subscriptions/${sneaked!.id}` });
  });

  t.test('lists page through every row once, rows of the same instant included', async (t) => {
    // One event fans out to three deliveries created at the same instant: the cursor must keep microseconds.
    for (let i = 0; i < 3; i++) await subscribe(app, { url: receiver.url(`/page${i}`), eventTypes: ['task.status_changed'] });
    for (const task of tasks.slice(0, 2)) await changeStatus(app, task);
    const walk = async (list: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = json(await app.inject(`${list}&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        ids.push(...page.items.map((item: any) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    for (const [list, all] of [
      ['/v1/webhook-deliveries?sort=-createdAt', '/v1/webhook-deliveries?limit=200'],
      ['/v1/webhook-deliveries?sort=createdAt', '/v1/webhook-deliveries?limit=200&sort=createdAt'],
      ['/v1/events?sort=-timestamp', '/v1/events?limit=200'],
      ['/v1/events?sort=timestamp', '/v1/events?limit=200&sort=timestamp'],
      ['/v1/webhook-subscriptions?sort=createdAt', '/v1/webhook-subscriptions?limit=200'],
    ]) {
      const walked = await walk(list!);
      t.same(walked, json(await app.inject(all!)).items.map((item: any) => item.id), `${list}: the walk is the single page`);
      t.equal(new Set(walked).size, walked.length, `${list}: none twice`);
    }
    const deliveries = json(await app.inject('/v1/webhook-deliveries?limit=200')).items;
    const sameInstant = deliveries.filter((d: any) => d.createdAt === deliveries[0].createdAt);
    t.ok(sameInstant.length >= 3, `${sameInstant.length} deliveries share one createdAt`);
    for (const s of json(await app.inject('/v1/webhook-subscriptions?status=active')).items) {
      await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${s.id}`, payload: { active: false } });
    }
  });

  t.test('secrets only at creation and rotation; admins only', async (t) => {
    const created = await subscribe(app, { url: receiver.url('/secret'), eventTypes: ['report.accepted'] });
    const rotated = await app.inject({ method: 'POST', url: `/v1/webhook-subscriptions/${created.id}/rotate-secret` });
    t.equal(rotated.statusCode, 200);
    t.not(json(rotated).secret, created.secret);
    const answers = [
      await app.inject(`/v1/webhook-subscriptions/${created.id}`),
      await app.inject('/v1/webhook-subscriptions?limit=200'),
      await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${created.id}`, payload: { description: 'đổi mô tả' } }),
    ];
    for (const answer of answers) {
      t.equal(answer.statusCode, 200);
      t.notMatch(answer.body, /whsec_|"secret"/, `${answer.raw.req.method} ${answer.raw.req.url}`);
    }
    const coordinator = await issueBearer(database, ['coordinator']);
    for (const url of ['/v1/webhook-subscriptions', `/v1/webhook-subscriptions/${created.id}`, '/v1/webhook-deliveries', '/v1/events']) {
      t.equal((await app.inject({ url, headers: { authorization: coordinator } })).statusCode, 403, `${url}: coordinator`);
      t.equal((await app.inject({ url, headers: { authorization: undefined } })).statusCode, 401, `${url}: no key`);
    }
    const post = { method: 'POST' as const, url: '/v1/webhook-subscriptions', payload: { url: receiver.url('/x'), eventTypes: ['report.accepted'] } };
    t.equal((await app.inject({ ...post, headers: { authorization: coordinator } })).statusCode, 403);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/webhook-subscriptions/${created.id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/webhook-subscriptions/${created.id}`)).statusCode, 404);
  });
});

t.test('a slow receiver: the attempt times out, is logged and retried; giving up, and redelivering', async (t) => {
  const app = await startApp(t, { ...webhookEnv, WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_MAX_ATTEMPTS: '3' });
  const receiver = await new Receiver().start(t);
  const task = json(await app.inject('/v1/tasks?limit=1')).items[0].id;
  let slowOnce = true;
  receiver.answer = async (r) => {
    if (r.path !== '/slow') return 500;
    if (!slowOnce) return 200;
    slowOnce = false;
    await sleep(4000);
    return 200;
  };
  const slow = await subscribe(app, { url: receiver.url('/slow'), eventTypes: ['task.status_changed'] });
  await changeStatus(app, task);
  const [delivery] = await waitFor('the retried delivery to succeed', () => allSucceeded(app, slow.id, 1));
  const { attempts } = json(await app.inject(`/v1/webhook-deliveries/${delivery.id}`));
  t.match(attempts[0], { statusCode: null, error: 'timed out: no answer within 1000 ms' });
  t.ok(attempts[0].durationMs >= 990 && attempts[0].durationMs < 4000, `the timed-out attempt took ${attempts[0].durationMs} ms`);
  t.match(attempts.at(-1), { statusCode: 200, error: null }, 'a later, fast answer succeeded');
  t.equal(attempts.length, 2);
  t.same(sorted(receiver.at('/slow').map((r) => String(r.headers['webhook-id']))), [delivery.eventId], 'the same event id both times');
  await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${slow.id}`, payload: { active: false } });

  // A receiver that always fails: after WEBHOOK_MAX_ATTEMPTS the delivery is failed; redelivering sends it again.
  const broken = await subscribe(app, { url: receiver.url('/broken'), eventTypes: ['task.status_changed'] });
  await changeStatus(app, task);
  const [failed] = await waitFor('the delivery to fail for good', async () => {
    const deliveries = await deliveriesOf(app, broken.id);
    return deliveries[0]?.status === 'failed' && deliveries;
  });
  t.match(failed, { attemptCount: 3, lastStatusCode: 500, nextAttemptAt: null, deliveredAt: null });
  t.match((await app.inject('/metrics')).body, /^plantrack_webhook_deliveries_total\{outcome="gave_up"\} 1$/m);
  receiver.answer = () => 204;
  const redelivered = await app.inject({ method: 'POST', url: `/v1/webhook-deliveries/${failed.id}/redeliver` });
  t.equal(redelivered.statusCode, 200);
  t.match(json(redelivered), { status: 'pending', attemptCount: 0 });
  await waitFor('the redelivery', () => allSucceeded(app, broken.id, 1));
  const detail = json(await app.inject(`/v1/webhook-deliveries/${failed.id}`));
  t.same(detail.attempts.map((a: any) => a.statusCode), [500, 500, 500, 204], 'the log keeps the earlier attempts');
  const again = json(await app.inject({ method: 'POST', url: `/v1/webhook-deliveries/${failed.id}/redeliver` }));
  t.equal(again.status, 'pending', 'a succeeded delivery can be sent again, e.g. to test a receiver');
  await waitFor('the second redelivery', () => receiver.at('/broken').length === 5);
  t.equal(new Set(receiver.at('/broken').map((r) => r.headers['webhook-id'])).size, 1, 'always the same event id');
  t.equal((await app.inject({ method: 'POST', url: '/v1/webhook-deliveries/00000000-0000-4000-8000-000000000000/redeliver' })).statusCode, 404);
});

t.test('pausing after consecutive failures keeps pending deliveries; resuming delivers them', async (t) => {
  const app = await startApp(t, { ...webhookEnv, WEBHOOK_PAUSE_AFTER_FAILURES: '3' });
  const receiver = await new Receiver().start(t);
  receiver.answer = () => 500;
  const tasks = json(await app.inject('/v1/tasks?limit=3')).items.map((task: any) => task.id as string);
  const since = new Date().toISOString();
  const subscription = await subscribe(app, { url: receiver.url('/pause'), eventTypes: ['task.status_changed'] });
  for (const task of tasks.slice(0, 2)) await changeStatus(app, task);
  const paused = await waitFor('the subscription to be paused', async () => {
    const s = json(await app.inject(`/v1/webhook-subscriptions/${subscription.id}`));
    return s.status === 'paused' && s;
  });
  t.match(paused, { active: true, pausedAt: String, pauseReason: /^3 consecutive failed attempts; the last: HTTP 500$/ });
  t.ok(paused.consecutiveFailures >= 3);
  await changeStatus(app, tasks[2]!);
  const pending = await deliveriesOf(app, subscription.id);
  t.equal(pending.length, 3, 'an event while paused is kept as a delivery');
  t.ok(pending.every((d) => d.status === 'pending'));
  t.match((await app.inject('/metrics')).body, /^plantrack_webhook_deliveries_pending 3$/m);
  // Nothing is tried while paused (one attempt may have been in flight when it paused).
  const tried = receiver.receipts.length;
  await sleep(500);
  t.ok(receiver.receipts.length <= tried + 1, 'no attempts while paused');

  const delivered = new Set<string>();
  receiver.answer = (r) => {
    delivered.add(String(r.headers['webhook-id']));
    return 204;
  };
  const resumed = json(await app.inject({ method: 'PATCH', url: `/v1/webhook-subscriptions/${subscription.id}`, payload: { active: true } }));
  t.match(resumed, { status: 'active', pausedAt: null, pauseReason: null, consecutiveFailures: 0 });
  await waitFor('the kept deliveries to go out', () => allSucceeded(app, subscription.id, 3));
  t.same(sorted(delivered), sorted(await outboxIds(app, 'task.status_changed', since)), 'every event, including the one while paused');
});

t.test('secrets never reach the logs', async (t) => {
  const logs: string[] = [];
  const app = await startApp(t, { ...webhookEnv, LOG_LEVEL: 'trace' }, { level: 'trace', stream: { write: (line: string) => void logs.push(line) } });
  const receiver = await new Receiver().start(t);
  const created = await subscribe(app, { url: receiver.url('/logged'), eventTypes: ['task.status_changed'] });
  const rotated = json(await app.inject({ method: 'POST', url: `/v1/webhook-subscriptions/${created.id}/rotate-secret` }));
  await changeStatus(app, json(await app.inject('/v1/tasks?limit=1')).items[0].id);
  await waitFor('the delivery', () => allSucceeded(app, created.id, 1));
  t.ok(verifySignature({ secret: rotated.secret, headers: receiver.receipts[0]!.headers, body: receiver.receipts[0]!.body }).ok, 'signed with the rotated secret');
  await waitFor('the delivery logged', () => logs.some((line) => line.includes('webhook delivered')));
  const text = logs.join('\n');
  for (const secret of [created.secret, rotated.secret]) {
    t.notOk(text.includes(secret), 'the secret is not in the log');
    t.notOk(text.includes(secret.slice(6, 30)), 'nor any part of it');
  }
  t.ok(logs.length > 10, `${logs.length} log lines captured at trace level`);
});

t.test('http:// receivers need WEBHOOK_ALLOW_HTTP; 127.0.0.1 needs WEBHOOK_ALLOWED_HOSTS', async (t) => {
  const app = await startApp(t, {});
  for (const [url, message] of [['http://example.org/hook', /WEBHOOK_ALLOW_HTTP/], ['https://127.0.0.1/hook', /loopback/]] as const) {
    const response = await app.inject({ method: 'POST', url: '/v1/webhook-subscriptions', payload: { url, eventTypes: ['task.status_changed'] } });
    t.match({ status: response.statusCode, ...json(response) }, { status: 422, errors: [{ pointer: '/url', message }] }, url);
  }
});

t.test('two workers over one database never send the same delivery at the same time', { skip: postgresUrl ? false : 'needs PostgreSQL (DATABASE_URL): PGlite is one process' }, async (t) => {
  const scratch = await createScratchDatabase(postgresUrl!);
  const open = () => openPostgres({ url: scratch.url, poolSize: 5, connectionTimeoutMs: 5000, statementTimeoutMs: 30000 });
  const databases: DatabaseHandle[] = [await open(), await open()];
  t.teardown(async () => {
    for (const handle of databases) await handle.close();
    await scratch.drop();
  });
  await databases[0]!.migrate();
  await loadSeed(databases[0]!.db);
  const apps: App[] = [];
  for (const handle of databases) {
    const app = await buildApp({ config: testConfig(webhookEnv), database: handle, logger: false });
    await app.ready();
    t.teardown(() => app.close());
    injectAs(app, await issueBearer(handle, ['admin']));
    apps.push(app);
  }
  const [first, second] = apps as [App, App];
  const receiver = await new Receiver().start(t);
  receiver.answer = async () => {
    await sleep(150);
    return 200;
  };
  // More subscriptions than one worker sends at once (10), so both always have work and compete for it.
  const subscriptions = [];
  for (let i = 0; i < 14; i++) subscriptions.push(await subscribe(first, { url: receiver.url(`/r${i}`), eventTypes: ['task.status_changed'] }));
  const tasks = json(await first.inject('/v1/tasks?limit=3')).items.map((task: any) => task.id as string);
  // Writes through both apps: each nudges its own worker.
  for (const [i, task] of tasks.entries()) await changeStatus(i % 2 ? second : first, task);
  for (const s of subscriptions) await waitFor(`deliveries of ${s.url}`, () => allSucceeded(second, s.id, tasks.length));
  const counts = [...receiver.mostAtOnce.values()];
  t.equal(counts.length, subscriptions.length * tasks.length, 'every delivery arrived');
  t.ok(counts.every((n) => n === 1), 'never two requests for one delivery at once');
  t.equal(receiver.receipts.length, subscriptions.length * tasks.length, 'and, with no failure, exactly once each');
  const succeeded = async (app: App) => Number(/^plantrack_webhook_deliveries_total\{outcome="succeeded"\} (\d+)$/m.exec((await app.inject('/metrics')).body)?.[1]);
  t.comment(`sent by the first worker: ${await succeeded(first)}, by the second: ${await succeeded(second)}`);
  t.equal((await succeeded(first)) + (await succeeded(second)), receiver.receipts.length);
});
