// Idempotent retries (Idempotency-Key on POST, src/http/writes.ts): the same key and request replays the first answer
// (status, body, ETag, `Idempotent-Replayed: true`) and writes nothing more; the same key with another request is a
// 422; keys belong to their caller; a failed attempt does not use the key up; an expired key is new again; a
// malformed key is a 400 naming the header; N concurrent retries make exactly one row (over real HTTP; truly
// concurrent on PostgreSQL). The stored answer holds neither the key nor the answer in clear.
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { queryRows } from '../src/db/types.js';
import { createTestApp, json, postgresUrl } from './helpers/app.js';

const problem = (kind: string) => `tag:plantrack,2026:problems/${kind}`;

t.test('Idempotency-Key', async (t) => {
  const { app, database, bearer } = await createTestApp(t);
  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(database.db, query))[0]!.n;
  const agencyRows = (code: string) => count(sql`select count(*)::int as n from agencies where code = ${code}`);
  const post = (url: string, payload: object, key: string | undefined, authorization?: string) =>
    app.inject({ method: 'POST', url, payload, headers: { 'idempotency-key': key, ...(authorization ? { authorization } : {}) } });

  await t.test('the same key and request: the first answer again, one row', async (t) => {
    const payload = { code: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department', shortName: 'STC' };
    const first = await post('/v1/agencies', payload, 'b7c1b2d4-6f1e-4d7e-9a51-2d8d6f1c0a01');
    t.equal(first.statusCode, 201, first.body);
    t.notOk(first.headers['idempotent-replayed'], 'the first answer is not a replay');
    const retry = await post('/v1/agencies', payload, 'b7c1b2d4-6f1e-4d7e-9a51-2d8d6f1c0a01');
    t.equal(retry.statusCode, 201, 'same status');
    t.equal(retry.headers['idempotent-replayed'], 'true');
    t.same(json(retry), json(first), 'same body');
    t.equal(retry.headers.etag, first.headers.etag, 'same ETag');
    const reordered = await post('/v1/agencies', { shortName: 'STC', kind: 'department', name: 'Sở Tài chính', code: 'so-tai-chinh' }, '"b7c1b2d4-6f1e-4d7e-9a51-2d8d6f1c0a01"');
    t.equal(reordered.headers['idempotent-replayed'], 'true', 'the same request with its fields in another order, and the key as an sf-string, is the same retry');
    t.same(json(reordered), json(first));
    t.equal(await agencyRows('so-tai-chinh'), 1, 'one row');
    const without = await post('/v1/agencies', payload, undefined);
    t.equal(without.statusCode, 409, 'without the key the same request is a new one (a duplicate)');

    const [stored] = await queryRows<Record<string, string>>(database.db, sql`select * from idempotency_keys`);
    t.not(stored!.key, 'b7c1b2d4-6f1e-4d7e-9a51-2d8d6f1c0a01', 'the stored key is not the key itself');
    t.notOk(JSON.stringify(stored).includes('b7c1b2d4-6f1e-4d7e-9a51-2d8d6f1c0a01'), 'the key is nowhere in the row');
    t.notOk(JSON.stringify(stored).includes('so-tai-chinh'), 'nor the answer in clear');
  });

  await t.test('an action replayed instead of refused', async (t) => {
    const program = json(await app.inject({ url: '/v1/programs' })).items[0];
    const industry = json(await app.inject({ url: '/v1/agencies?q=so%20cong%20thuong' })).items.find((a: any) => a.code === 'so-cong-thuong');
    const report = json(await post('/v1/reports', { programId: program.id, agencyId: industry.id, period: '2023', results: 'x' }, 'create-report-2023'));
    const submit = await post(`/v1/reports/${report.id}/submit`, {}, 'submit-report-2023');
    t.equal(submit.statusCode, 200, submit.body);
    const retry = await post(`/v1/reports/${report.id}/submit`, {}, 'submit-report-2023');
    t.equal(retry.statusCode, 200, 'a retried submission gets the answer to the first, not a 409');
    t.equal(retry.headers['idempotent-replayed'], 'true');
    t.same(json(retry), json(submit));
    const again = await post(`/v1/reports/${report.id}/submit`, {}, 'another-key');
    t.equal(again.statusCode, 409, 'a new submission (another key) is refused by the workflow');
    t.equal(await count(sql`select count(*)::int as n from report_transitions where report_id = ${report.id} and to_status = 'submitted'`), 1, 'submitted once');
  });

  await t.test('the same key with another request: 422 idempotency-key-reused, nothing written', async (t) => {
    const key = 'reused-key-1';
    t.equal((await post('/v1/agencies', { code: 'so-noi-vu-moi', name: 'Sở Nội vụ', kind: 'department' }, key)).statusCode, 201);
    const audit = await count(sql`select count(*)::int as n from audit_events`);
    for (const [name, url, payload] of [
      ['another body', '/v1/agencies', { code: 'so-noi-vu-khac', name: 'Sở Nội vụ', kind: 'department' }],
      ['another URL', '/v1/public-holidays', { date: '2031-01-01', name: 'Tết Dương lịch' }],
    ] as const) {
      const answer = await post(url, payload, key);
      t.equal(answer.statusCode, 422, `${name}: 422`);
      t.match(answer.headers['content-type'], /^application\/problem\+json/);
      t.match(json(answer), { type: problem('idempotency-key-reused'), errors: [{ in: 'header', pointer: '/idempotency-key' }] }, name);
    }
    t.equal(await agencyRows('so-noi-vu-khac'), 0, 'the other agency was not created');
    t.equal(await count(sql`select count(*)::int as n from public_holidays where date = '2031-01-01'`), 0, 'nor the holiday');
    t.equal(await count(sql`select count(*)::int as n from audit_events`), audit, 'no audit row');
  });

  await t.test('keys belong to their caller', async (t) => {
    const other = await bearer(['admin']);
    const key = 'shared-looking-key';
    const mine = await post('/v1/agencies', { code: 'so-mot', name: 'Sở Một', kind: 'department' }, key);
    const theirs = await post('/v1/agencies', { code: 'so-hai', name: 'Sở Hai', kind: 'department' }, key, other);
    t.equal(mine.statusCode, 201);
    t.equal(theirs.statusCode, 201, 'another caller\'s request with the same key is its own, not a 422');
    t.notOk(theirs.headers['idempotent-replayed'], 'and not a replay of mine');
    const theirRetry = await post('/v1/agencies', { code: 'so-hai', name: 'Sở Hai', kind: 'department' }, key, other);
    t.same([theirRetry.headers['idempotent-replayed'], json(theirRetry).id], ['true', json(theirs).id], 'each caller gets its own answer replayed');
    const myRetry = await post('/v1/agencies', { code: 'so-mot', name: 'Sở Một', kind: 'department' }, key);
    t.same([myRetry.headers['idempotent-replayed'], json(myRetry).id], ['true', json(mine).id]);
    t.same([await agencyRows('so-mot'), await agencyRows('so-hai')], [1, 1]);
  });

  await t.test('a failed attempt does not use the key up', async (t) => {
    const key = 'failed-first';
    const duplicate = await post('/v1/agencies', { code: 'so-xay-dung', name: 'Trùng mã', kind: 'department' }, key);
    t.equal(duplicate.statusCode, 409, 'the first attempt fails');
    const again = await post('/v1/agencies', { code: 'so-xay-dung', name: 'Trùng mã', kind: 'department' }, key);
    t.equal(again.statusCode, 409, 'the retry runs again (nothing stored for a failure)');
    t.notOk(again.headers['idempotent-replayed']);
    const fixed = await post('/v1/agencies', { code: 'so-xay-dung-2', name: 'Mã mới', kind: 'department' }, key);
    t.equal(fixed.statusCode, 201, 'the key is free for a corrected request');
  });

  await t.test('an expired key is a new key', async (t) => {
    const key = 'expiring-key';
    const payload = { name: 'Khóa dùng thử', roles: ['viewer'] };
    const first = await post('/v1/api-keys', payload, key);
    t.equal(first.statusCode, 201);
    t.equal((await post('/v1/api-keys', payload, key)).headers['idempotent-replayed'], 'true', 'replayed while fresh');
    await database.db.execute(sql`update idempotency_keys set expires_at = now() - interval '1 second'`);
    const afterExpiry = await post('/v1/api-keys', payload, key);
    t.equal(afterExpiry.statusCode, 201);
    t.notOk(afterExpiry.headers['idempotent-replayed'], 'not a replay once expired');
    t.not(json(afterExpiry).id, json(first).id, 'a new key was issued');
    t.equal(await count(sql`select count(*)::int as n from api_keys where name = 'Khóa dùng thử'`), 2);
    const differentAfterExpiry = await post('/v1/agencies', { code: 'so-sau-han', name: 'Sau hạn', kind: 'department' }, 'expiring-key-2');
    t.equal(differentAfterExpiry.statusCode, 201);
    await database.db.execute(sql`update idempotency_keys set expires_at = now() - interval '1 second'`);
    const reusedAfterExpiry = await post('/v1/agencies', { code: 'so-sau-han-2', name: 'Sau hạn 2', kind: 'department' }, 'expiring-key-2');
    t.equal(reusedAfterExpiry.statusCode, 201, 'an expired key may even be used for another request');
    const [{ hours }] = (await queryRows<{ hours: number }>(database.db, sql`select round(extract(epoch from expires_at - created_at) / 3600)::int as hours from idempotency_keys order by created_at desc limit 1`)) as [{ hours: number }];
    t.equal(hours, 24, 'keys are kept for IDEMPOTENCY_TTL_HOURS (24 by default)');
  });

  await t.test('a malformed key: 400 naming the header, nothing written', async (t) => {
    const audit = await count(sql`select count(*)::int as n from audit_events`);
    for (const [name, key] of [
      ['empty', ''],
      ['with a space', 'two words'],
      ['too long', 'k'.repeat(256)],
      ['not ASCII', 'khóa-một'],
      ['a quote inside', 'a"b'],
    ]) {
      const answer = await post('/v1/agencies', { code: 'so-khong-hop-le', name: 'x', kind: 'department' }, key);
      t.equal(answer.statusCode, 400, `${name}: 400`);
      t.match(json(answer), { type: problem('validation'), errors: [{ in: 'header', pointer: '/idempotency-key' }] }, `${name}: names the header`);
    }
    t.equal(await agencyRows('so-khong-hop-le'), 0);
    t.equal(await count(sql`select count(*)::int as n from audit_events`), audit);
  });

  await t.test(`N concurrent retries over HTTP make one row (${postgresUrl ? 'PostgreSQL: truly concurrent' : 'PGlite: one transaction at a time'})`, async (t) => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const authorization = await bearer(['admin']);
    for (let round = 0; round < 3; round += 1) {
      const code = `so-dong-thoi-${round}`;
      const body = JSON.stringify({ code, name: `Đồng thời ${round}`, kind: 'department' });
      const answers = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const response = await fetch(`${base}/v1/agencies`, { method: 'POST', headers: { authorization, 'content-type': 'application/json', 'idempotency-key': `concurrent-${round}` }, body });
          return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as any };
        }),
      );
      const created = answers.filter((a) => a.status === 201 && a.replayed === null);
      const replayed = answers.filter((a) => a.status === 201 && a.replayed === 'true');
      const inProgress = answers.filter((a) => a.status === 409);
      t.equal(created.length, 1, `round ${round}: one request created the agency (${answers.map((a) => `${a.status}${a.replayed ? 'r' : ''}`).join(' ')})`);
      t.equal(created.length + replayed.length + inProgress.length, answers.length, `round ${round}: every other answer is a replay or a 409`);
      for (const a of replayed) t.same(a.body, created[0]!.body, `round ${round}: a replay is the first answer`);
      for (const a of inProgress) t.equal(a.body.type, problem('idempotency-in-progress'), `round ${round}: 409 idempotency-in-progress`);
      t.equal(await agencyRows(code), 1, `round ${round}: one row`);
    }
  });
});
