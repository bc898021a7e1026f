// Safe concurrent writes (src/http/entity.ts): every single resource is served with a strong ETag that changes
// exactly when its representation does; If-None-Match answers 304; PATCH and DELETE need If-Match — without it 428,
// with a stale or weak tag 412, and in both cases nothing changes; the current tag (or `*`) writes and the answer
// carries the new tag. Two clients that read the same version and both write: exactly one wins, the other gets 412
// (truly concurrent on PostgreSQL; PGlite runs one transaction at a time, so there the race is sequential).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { queryRows } from '../src/db/types.js';
import { createTestApp, json, postgresUrl } from './helpers/app.js';

const strongTag = /^"[A-Za-z0-9_-]{10,}"$/;
const problem = (kind: string) => `tag:plantrack,2026:problems/${kind}`;

t.test('ETags and conditional writes', async (t) => {
  const { app, database } = await createTestApp(t);
  const auditCount = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events`))[0]!.n;
  const program = json(await app.inject({ url: '/v1/programs' })).items[0];
  const tasks: any[] = json(await app.inject({ url: '/v1/tasks?limit=200' })).items;
  const indicators: any[] = json(await app.inject({ url: '/v1/indicators?limit=200' })).items;
  const industry = json(await app.inject({ url: '/v1/agencies?q=so%20cong%20thuong' })).items.find((a: any) => a.code === 'so-cong-thuong');
  // Make sure lists that start empty have something to read.
  t.equal((await app.inject({ method: 'POST', url: '/v1/indicator-values', payload: { indicatorId: indicators[0].id, period: '2022', value: 7.1, kind: 'official' } })).statusCode, 201);
  t.equal((await app.inject({ method: 'POST', url: '/v1/reports', payload: { programId: program.id, agencyId: industry.id, period: '2023', results: 'x' } })).statusCode, 201);
  const task = tasks[0];
  const url = `/v1/tasks/${task.id}`;
  const get = () => app.inject({ url });

  await t.test('every single resource GET has a strong ETag and honours If-None-Match', async (t) => {
    const served = json(await app.inject({ url: '/openapi.json' }));
    const covered: string[] = [];
    for (const path of Object.keys(served.paths)) {
      const match = /^(\/v1\/[a-z-]+)\/\{id\}$/.exec(path);
      if (!match || !served.paths[path].get || !served.paths[match[1]!]?.get) continue;
      const items = json(await app.inject({ url: `${match[1]}?limit=1` })).items ?? [];
      if (items.length === 0) continue;
      const one = `${match[1]}/${items[0].id}`;
      const first = await app.inject({ url: one });
      t.equal(first.statusCode, 200, one);
      const etag = first.headers.etag as string;
      t.match(etag, strongTag, `${path}: a strong ETag`);
      t.equal((await app.inject({ url: one })).headers.etag, etag, `${path}: the same tag while nothing changes`);
      const fresh = await app.inject({ url: one, headers: { 'if-none-match': etag } });
      t.equal(fresh.statusCode, 304, `${path}: If-None-Match with the current tag: 304`);
      t.equal(fresh.body, '', `${path}: 304 has no body`);
      t.equal(fresh.headers.etag, etag, `${path}: 304 names the tag`);
      t.equal((await app.inject({ url: one, headers: { 'if-none-match': `W/${etag}` } })).statusCode, 304, `${path}: weak comparison for If-None-Match`);
      t.equal((await app.inject({ url: one, headers: { 'if-none-match': `"other", ${etag}` } })).statusCode, 304, `${path}: a list holding the tag`);
      t.equal((await app.inject({ url: one, headers: { 'if-none-match': '"other"' } })).statusCode, 200, `${path}: another tag: 200`);
      covered.push(match[1]!.slice(4));
    }
    for (const must of ['programs', 'task-groups', 'tasks', 'indicators', 'indicator-values', 'agencies', 'agency-groups', 'public-holidays', 'reports', 'api-keys']) {
      t.ok(covered.includes(must), `${must} covered`);
    }
  });

  await t.test('PATCH without If-Match: 428, nothing changes', async (t) => {
    const before = await get();
    const audit = await auditCount();
    const answer = await app.inject({ method: 'PATCH', url, payload: { progress: 77 }, headers: { 'if-match': undefined } });
    t.equal(answer.statusCode, 428);
    t.match(json(answer), { type: problem('precondition-required'), errors: [{ in: 'header', pointer: '/if-match' }] });
    t.equal((await get()).body, before.body, 'unchanged');
    t.equal(await auditCount(), audit, 'no audit row');
  });

  await t.test('PATCH with a stale or weak tag: 412, nothing changes; with the current tag: 200 and a new tag', async (t) => {
    const before = await get();
    const etag = before.headers.etag as string;
    const changed = await app.inject({ method: 'PATCH', url, payload: { status: 'in_progress', progress: 20 }, headers: { 'if-match': etag } });
    t.equal(changed.statusCode, 200, changed.body);
    const newTag = changed.headers.etag as string;
    t.match(newTag, strongTag, 'the answer carries the new tag');
    t.not(newTag, etag, 'a different one');
    const after = await get();
    t.equal(after.headers.etag, newTag, 'the same tag GET gives now');
    t.equal(after.body, changed.body, 'for the same representation');

    const audit = await auditCount();
    for (const [name, ifMatch] of [
      ['the old tag', etag],
      ['the current tag, weak', `W/${newTag}`],
      ['an unrelated tag', '"nonsense"'],
      ['a list of stale tags', `${etag}, "nonsense"`],
      ['a tag without quotes', newTag.slice(1, -1)],
    ]) {
      const stale = await app.inject({ method: 'PATCH', url, payload: { progress: 90 }, headers: { 'if-match': ifMatch } });
      t.equal(stale.statusCode, 412, `${name}: 412`);
      t.match(json(stale), { type: problem('precondition-failed'), errors: [{ in: 'header', pointer: '/if-match' }] });
    }
    t.equal((await get()).body, after.body, 'unchanged by any of them');
    t.equal(await auditCount(), audit, 'no audit row');

    const listed = await app.inject({ method: 'PATCH', url, payload: { progress: 25 }, headers: { 'if-match': `"nonsense", ${newTag}` } });
    t.equal(listed.statusCode, 200, 'a list holding the current tag matches');
    const star = await app.inject({ method: 'PATCH', url, payload: { progress: 30 }, headers: { 'if-match': '*' } });
    t.equal(star.statusCode, 200, 'If-Match: * changes whatever is there');
    t.match(json(star), { progress: 30 });
    t.equal((await get()).headers.etag, star.headers.etag);
  });

  await t.test('a write that fails after the precondition leaves the tag as it was', async (t) => {
    const before = await get();
    const refused = await app.inject({ method: 'PATCH', url, payload: { leadAgencyId: randomUUID() }, headers: { 'if-match': before.headers.etag as string } });
    t.equal(refused.statusCode, 422, 'an unknown lead agency');
    t.equal((await get()).headers.etag, before.headers.etag, 'the same version');
  });

  await t.test('DELETE: 428 without If-Match, 412 with a stale tag, nothing deleted; 204 with the current one', async (t) => {
    const served = json(await app.inject({ url: '/openapi.json' }));
    // Every DELETE the service has, on a resource that exists.
    for (const path of Object.keys(served.paths)) {
      const match = /^(\/v1\/[a-z-]+)\/\{id\}$/.exec(path);
      if (!match || !served.paths[path].delete) continue;
      const items = json(await app.inject({ url: `${match[1]}?limit=1` })).items ?? [];
      if (items.length === 0) continue;
      const one = `${match[1]}/${items[0].id}`;
      const before = await app.inject({ url: one });
      const audit = await auditCount();
      const missing = await app.inject({ method: 'DELETE', url: one, headers: { 'if-match': undefined } });
      t.equal(missing.statusCode, 428, `DELETE ${path} without If-Match: 428`);
      const stale = await app.inject({ method: 'DELETE', url: one, headers: { 'if-match': '"stale"' } });
      t.equal(stale.statusCode, 412, `DELETE ${path} with a stale tag: 412`);
      const after = await app.inject({ url: one });
      t.equal(after.statusCode, 200, `${path}: still there`);
      t.equal(after.headers.etag, before.headers.etag, `${path}: unchanged`);
      t.equal(await auditCount(), audit, `${path}: no audit row`);
    }
    const created = await app.inject({ method: 'POST', url: '/v1/public-holidays', payload: { date: '2031-09-02', name: 'Quốc khánh' } });
    t.equal(created.statusCode, 201, created.body);
    const holiday = `/v1/public-holidays/${json(created).id}`;
    const etag = (await app.inject({ url: holiday })).headers.etag as string;
    t.equal((await app.inject({ method: 'PATCH', url: holiday, payload: { name: 'Nghỉ Quốc khánh' }, headers: { 'if-match': etag } })).statusCode, 200);
    t.equal((await app.inject({ method: 'DELETE', url: holiday, headers: { 'if-match': etag } })).statusCode, 412, 'the tag before the rename is stale');
    const current = (await app.inject({ url: holiday })).headers.etag as string;
    t.equal((await app.inject({ method: 'DELETE', url: holiday, headers: { 'if-match': current } })).statusCode, 204, 'the current tag deletes');
    t.equal((await app.inject({ url: holiday })).statusCode, 404, 'gone');
  });

  await t.test('other resources follow the same rules (agencies, API keys)', async (t) => {
    for (const [one, payload] of [
      [`/v1/agencies/${industry.id}`, { shortName: 'SCT' }],
      [`/v1/api-keys/${json(await app.inject({ url: '/v1/api-keys?limit=1' })).items[0].id}`, { name: 'renamed' }],
    ] as const) {
      const etag = (await app.inject({ url: one })).headers.etag as string;
      t.equal((await app.inject({ method: 'PATCH', url: one, payload, headers: { 'if-match': undefined } })).statusCode, 428, `${one}: 428`);
      t.equal((await app.inject({ method: 'PATCH', url: one, payload, headers: { 'if-match': '"stale"' } })).statusCode, 412, `${one}: 412`);
      t.equal((await app.inject({ url: one })).headers.etag, etag, `${one}: unchanged`);
      const changed = await app.inject({ method: 'PATCH', url: one, payload, headers: { 'if-match': etag } });
      t.equal(changed.statusCode, 200, `${one}: 200`);
      t.match(changed.headers.etag, strongTag);
      t.not(changed.headers.etag, etag);
    }
  });

  await t.test(`two clients with the same version: exactly one wins (${postgresUrl ? 'concurrently, PostgreSQL' : 'PGlite: one transaction at a time'})`, async (t) => {
    const target = `/v1/tasks/${tasks[1].id}`;
    for (let round = 0; round < 5; round += 1) {
      const etag = (await app.inject({ url: target })).headers.etag as string;
      const clients = [0, 1, 2, 3].map((i) => 10 * round + i + 1);
      const answers = await Promise.all(
        clients.map((progress) => app.inject({ method: 'PATCH', url: target, payload: { progress }, headers: { 'if-match': etag } })),
      );
      const statuses = answers.map((a) => a.statusCode);
      t.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: one 200 (${statuses.join(' ')})`);
      t.equal(statuses.filter((s) => s === 412).length, clients.length - 1, `round ${round}: the others 412`);
      const winner = answers.find((a) => a.statusCode === 200)!;
      const now = await app.inject({ url: target });
      t.equal(now.body, winner.body, `round ${round}: the winner's write is what is there`);
      t.equal(now.headers.etag, winner.headers.etag);
    }
  });
});
