// The audit trail (migration 0003's triggers, src/http/writes.ts, GET /v1/audit-events): every write records who
// (key id and name, agency), when, in which request (the caller's own x-request-id), which operation, the action, the
// resource, and each changed field before and after — in the write's own transaction, so a refused or failed write
// (also one that fails half-way, after rows were already changed) leaves no row. The list filters by resource, actor,
// request, action and time range and pages without loss or repetition; only coordinators and admins read it; no
// secret (a key's hash, a webhook's signing secret) is ever recorded.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { queryRows } from '../src/db/types.js';
import { createTestApp, json } from './helpers/app.js';

t.test('audit trail', async (t) => {
  const { app, database, bearer } = await createTestApp(t, { env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
  const auditRows = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events`))[0]!.n;
  const events = async (query: string) => {
    const answer = await app.inject({ url: `/v1/audit-events?${query}` });
    if (answer.statusCode !== 200) throw new Error(answer.body);
    return json(answer).items as any[];
  };
  const agencies: any[] = json(await app.inject({ url: '/v1/agencies?limit=200' })).items;
  const industry = agencies.find((a) => a.code === 'so-cong-thuong');
  const construction = agencies.find((a) => a.code === 'so-xay-dung');
  const tasks: any[] = json(await app.inject({ url: '/v1/tasks?limit=200' })).items;
  const industryTask = tasks.find((x) => x.leadAgency.id === industry.id);
  const officer = await bearer(['agency_officer'], industry.id);
  const officerKey = json(await app.inject({ url: '/v1/me', headers: { authorization: officer } }));

  await t.test('a write records actor, time, request, operation, action, resource and the changed fields', async (t) => {
    const before = new Date();
    const answer = await app.inject({
      method: 'PATCH',
      url: `/v1/tasks/${industryTask.id}`,
      headers: { authorization: officer, 'x-request-id': 'audit-test-0001' },
      payload: { status: 'in_progress', progress: 45 },
    });
    t.equal(answer.statusCode, 200, answer.body);
    t.equal(answer.headers['x-request-id'], 'audit-test-0001', 'the caller\'s request id is kept');
    const after = new Date();
    const found = await events('requestId=audit-test-0001');
    t.equal(found.length, 1, 'one event for the one changed row');
    const [event] = found;
    t.same(
      { ...event, id: undefined, occurredAt: undefined },
      {
        id: undefined,
        occurredAt: undefined,
        requestId: 'audit-test-0001',
        operationId: 'updateTask',
        actor: { type: 'api_key', id: officerKey.id, name: officerKey.name, agencyId: industry.id },
        resourceType: 'tasks',
        resourceId: industryTask.id,
        action: 'update',
        changes: { status: { before: industryTask.status, after: 'in_progress' }, progress: { before: industryTask.progress, after: 45 } },
      },
      'exactly the changed fields, before and after; bookkeeping (updatedAt) is not a change',
    );
    const at = new Date(event.occurredAt).getTime();
    t.ok(at >= before.getTime() - 1000 && at <= after.getTime() + 1000, `at the time of the write (${event.occurredAt})`);
  });

  await t.test('inserts, child rows and deletes', async (t) => {
    const created = await app.inject({ method: 'POST', url: '/v1/agencies', headers: { 'x-request-id': 'audit-test-0002' }, payload: { code: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' } });
    t.equal(created.statusCode, 201);
    const agency = json(created);
    const me = json(await app.inject({ url: '/v1/me' }));
    const [insert] = await events('requestId=audit-test-0002');
    t.match(insert, {
      operationId: 'createAgency',
      action: 'insert',
      resourceType: 'agencies',
      resourceId: agency.id,
      actor: { type: 'api_key', id: me.id, name: 'test admin+coordinator', agencyId: null },
      changes: { id: { before: null, after: agency.id }, code: { before: null, after: 'so-tai-chinh' }, name: { before: null, after: 'Sở Tài chính' } },
    });
    t.notOk('searchText' in insert.changes || 'createdAt' in insert.changes || 'updatedAt' in insert.changes, 'generated and bookkeeping columns are left out');

    const supported = await app.inject({ method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, headers: { 'x-request-id': 'audit-test-0003' }, payload: { supporters: [{ agencyId: construction.id }] } });
    t.equal(supported.statusCode, 200, supported.body);
    const supporterEvents = await events('requestId=audit-test-0003&resourceType=task_supporters');
    t.ok(supporterEvents.length >= 1, 'supporters are recorded');
    t.ok(supporterEvents.every((e) => e.resourceId === industryTask.id), 'under the task\'s id');
    t.ok(supporterEvents.some((e) => e.action === 'insert' && JSON.stringify(e.changes).includes(construction.id)), 'naming the new supporter');

    const etag = (await app.inject({ url: `/v1/agencies/${agency.id}` })).headers.etag as string;
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agencies/${agency.id}`, headers: { 'x-request-id': 'audit-test-0004', 'if-match': etag } })).statusCode, 204);
    const [deletion] = await events('requestId=audit-test-0004');
    t.match(deletion, { operationId: 'deleteAgency', action: 'delete', resourceId: agency.id, changes: { code: { before: 'so-tai-chinh', after: null } } });
    const history = await events(`resourceId=${agency.id}&sort=id`);
    t.same(history.map((e) => e.action), ['insert', 'delete'], 'the agency\'s whole history, oldest first');
  });

  await t.test('a refused or failed write leaves no audit row', async (t) => {
    const rows = await auditRows();
    const etag = (await app.inject({ url: `/v1/tasks/${industryTask.id}` })).headers.etag as string;
    const attempts: [string, number, any][] = [
      ['no credentials', 401, { method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, payload: { progress: 1 }, headers: { authorization: undefined } }],
      ['no role', 403, { method: 'POST', url: '/v1/agencies', payload: { code: 'x-1', name: 'x', kind: 'department' }, headers: { authorization: officer } }],
      ['a field the officer may not set', 403, { method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, payload: { progress: 1, title: 'x' }, headers: { authorization: officer } }],
      ['a stale ETag', 412, { method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, payload: { progress: 1 }, headers: { 'if-match': '"stale"' } }],
      ['no If-Match', 428, { method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, payload: { progress: 1 }, headers: { 'if-match': undefined } }],
      ['an invalid body', 400, { method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, payload: { progress: 101 } }],
      ['a duplicate code', 409, { method: 'POST', url: '/v1/agencies', payload: { code: 'so-xay-dung', name: 'x', kind: 'department' } }],
      // Half-way: the task row is updated, then a supporter that does not exist fails the transaction.
      ['an unknown supporter after a change', 422, { method: 'PATCH', url: `/v1/tasks/${industryTask.id}`, payload: { progress: 2, title: 'Đổi tên', supporters: [{ agencyId: '00000000-0000-4000-8000-000000000000' }] }, headers: { 'if-match': etag } }],
      ['a database rule broken', 409, { method: 'DELETE', url: `/v1/agencies/${industry.id}` }],
    ];
    for (const [index, [name, status, request]] of attempts.entries()) {
      const requestId = `audit-refused-${index}`;
      const answer = await app.inject({ ...request, headers: { ...request.headers, 'x-request-id': requestId } });
      t.equal(answer.statusCode, status, `${name}: ${status}`);
      t.same(await events(`requestId=${requestId}`), [], `${name}: no event`);
    }
    t.equal(await auditRows(), rows, 'no audit row at all');
    t.match(json(await app.inject({ url: `/v1/tasks/${industryTask.id}` })), { progress: 45, title: industryTask.title }, 'and the half-done change was rolled back');
  });

  await t.test('filters and pagination', async (t) => {
    const other = await bearer(['coordinator'], construction.id);
    const otherKey = json(await app.inject({ url: '/v1/me', headers: { authorization: other } }));
    const from = new Date();
    await sleep(5); // the transaction clock has millisecond precision; make `from` strictly earlier than the writes
    const writes: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const id = `audit-page-${i}`;
      const answer = await app.inject({ method: 'PATCH', url: `/v1/tasks/${tasks[i + 2].id}`, headers: { authorization: other, 'x-request-id': id }, payload: { progress: 10 + i } });
      t.equal(answer.statusCode, 200);
      writes.push(id);
    }
    await sleep(5);
    const to = new Date();
    const mine = await events(`actorId=${otherKey.id}&limit=200`);
    t.same(mine.map((e) => e.requestId), [...writes].reverse(), 'by actor, newest first');
    t.same((await events(`actorId=${otherKey.id}&sort=id`)).map((e) => e.requestId), writes, 'oldest first with sort=id');
    t.same((await events(`resourceType=tasks&resourceId=${tasks[4].id}`)).map((e) => [e.requestId, e.action]), [['audit-page-2', 'update'], [null, 'insert']], 'by resource: the write, and the seed\'s insert');
    t.same((await events(`resourceId=${tasks[4].id.toUpperCase()}&action=update`)).map((e) => e.requestId), ['audit-page-2'], 'by resource and action; resource ids are case-insensitive');
    t.equal((await events('resourceType=agencies&action=update')).length, 0, 'by action');
    const window = await events(`from=${from.toISOString()}&to=${to.toISOString()}&limit=200`);
    t.same(window.map((e) => e.requestId), [...writes].reverse(), 'by time range: the writes in it and nothing else');
    t.same(await events(`to=${from.toISOString()}&actorId=${otherKey.id}`), [], 'nothing of them before `from`');
    t.same(await events(`from=${to.toISOString()}&actorId=${otherKey.id}`), [], 'nothing of them from `to` on');

    const paged: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = json(await app.inject({ url: `/v1/audit-events?actorId=${otherKey.id}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` }));
      t.ok(page.items.length <= 3);
      paged.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    t.equal(pages, 3, '7 events in pages of 3');
    t.same(paged, mine, 'the pages together are the whole list, nothing repeated or lost');
    const bad = await app.inject({ url: '/v1/audit-events?from=yesterday' });
    t.equal(bad.statusCode, 400, 'a time that is not ISO 8601');
    t.match(json(bad).errors, [{ in: 'query', pointer: '/from' }]);
  });

  await t.test('coordinators and admins only', async (t) => {
    for (const roles of [['viewer'], ['agency_officer'], ['approver']] as const) {
      const answer = await app.inject({ url: '/v1/audit-events', headers: { authorization: await bearer([...roles], industry.id) } });
      t.equal(answer.statusCode, 403, `${roles.join('+')}: 403`);
    }
    t.equal((await app.inject({ url: '/v1/audit-events', headers: { authorization: undefined } })).statusCode, 401, 'nobody: 401');
    t.equal((await app.inject({ url: '/v1/audit-events', headers: { authorization: await bearer(['coordinator']) } })).statusCode, 200, 'coordinator: 200');
    t.equal((await app.inject({ url: '/v1/audit-events', headers: { authorization: await bearer(['admin']) } })).statusCode, 200, 'admin: 200');
  });

  await t.test('secrets are never recorded', async (t) => {
    const issued = json(await app.inject({ method: 'POST', url: '/v1/api-keys', headers: { 'x-request-id': 'audit-secret-1' }, payload: { name: 'Khóa bí mật', roles: ['viewer'] } }));
    const rotated = json(await app.inject({ method: 'POST', url: `/v1/api-keys/${issued.id}/rotate`, headers: { 'x-request-id': 'audit-secret-2' }, payload: { overlapSeconds: 60 } }));
    t.equal((await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${rotated.key}` } })).statusCode, 200);
    await app.inject({ method: 'PATCH', url: `/v1/api-keys/${rotated.id}`, headers: { 'x-request-id': 'audit-secret-3' }, payload: { name: 'Khóa bí mật (mới)' } });
    await app.inject({ method: 'POST', url: `/v1/api-keys/${issued.id}/revoke`, headers: { 'x-request-id': 'audit-secret-4' } });
    const hook = await app.inject({ method: 'POST', url: '/v1/webhook-subscriptions', headers: { 'x-request-id': 'audit-secret-5' }, payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['report.submitted'] } });
    t.equal(hook.statusCode, 201, hook.body);
    const webhookSecret = json(hook).secret as string;
    t.match(webhookSecret, /^whsec_/);
    const rotatedHook = await app.inject({ method: 'POST', url: `/v1/webhook-subscriptions/${json(hook).id}/rotate-secret`, headers: { 'x-request-id': 'audit-secret-6' } });
    const newWebhookSecret = json(rotatedHook).secret as string | undefined;

    const recorded = [];
    for (let i = 1; i <= 6; i += 1) recorded.push(...(await events(`requestId=audit-secret-${i}`)));
    t.ok(recorded.filter((e) => e.resourceType === 'api_keys').length >= 4, 'the key\'s issue, rotation, change and revocation are recorded');
    t.ok(recorded.some((e) => e.resourceType === 'webhook_subscriptions'), 'the subscription is recorded');
    const [[hashRow]] = [await queryRows<{ secret_hash: string }>(database.db, sql`select secret_hash from api_keys where id = ${issued.id}`)];
    const text = JSON.stringify(recorded);
    for (const [name, secret] of [
      ['the issued key', issued.key],
      ['the issued key\'s secret part', issued.key.slice(16)],
      ['the rotated key', rotated.key],
      ['the stored hash', hashRow!.secret_hash],
      ['the hash of the rotated key', createHash('sha256').update(rotated.key).digest('hex')],
      ['the webhook secret', webhookSecret],
      ...(newWebhookSecret ? [['the rotated webhook secret', newWebhookSecret]] : []),
    ]) {
      t.notOk(text.includes(secret!), `${name} is not in the audit trail`);
    }
    t.notOk(recorded.some((e) => 'secretHash' in e.changes || 'secret' in e.changes || 'lastUsedAt' in e.changes), 'no secret field, nor the last-use bookkeeping');
    const [{ n }] = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events where changes ? 'secret_hash' or changes ? 'secret' or changes::text like ${`%${webhookSecret}%`}`)) as [{ n: number }];
    t.equal(n, 0, 'nor anywhere in the table');
  });
});
