// Cross-cutting HTTP behaviour: problem+json for every kind of bad request, request ids, health checks.
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { createTestApp, json, openTestDatabase, testConfig } from './helpers/app.js';

t.test('http', async (t) => {
  const { app, database } = await createTestApp(t);
  const problemType = (kind: string) => `tag:plantrack,2026:problems/${kind}`;
  const countPrograms = async () => json(await app.inject('/v1/programs')).items.length;
  const before = await countPrograms();

  t.test('malformed and oversize bodies', async (t) => {
    const cases: [string, InjectOptions, number, string][] = [
      ['invalid JSON', { method: 'POST', url: '/v1/programs', headers: { 'content-type': 'application/json' }, payload: '{"code": ' }, 400, 'malformed-body'],
      ['invalid UTF-8', { method: 'POST', url: '/v1/programs', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }, 400, 'malformed-body'],
      ['not JSON', { method: 'POST', url: '/v1/programs', headers: { 'content-type': 'text/plain' }, payload: 'code=1' }, 415, 'unsupported-media-type'],
      ['oversize', { method: 'POST', url: '/v1/programs', payload: { code: 'big', title: 'x'.repeat(1024 * 1024 + 10), startYear: 2026, endYear: 2030 } }, 413, 'body-too-large'],
      ['a NUL character', { method: 'POST', url: '/v1/programs', payload: { code: 'nul', title: 'a\u0000b', startYear: 2026, endYear: 2030 } }, 400, 'validation'],
      ['an escaped lone surrogate', { method: 'POST', url: '/v1/programs', headers: { 'content-type': 'application/json' }, payload: '{"code": "s", "title": "a\\ud800b", "startYear": 2026, "endYear": 2030}' }, 400, 'malformed-body'],
      ['a year-0000 date', { method: 'POST', url: '/v1/programs', payload: { code: 'd', title: 't', startYear: 2026, endYear: 2030, issuedOn: '0000-06-01' } }, 400, 'validation'],
      ['blank text', { method: 'POST', url: '/v1/programs', payload: { code: 'b', title: '   ', startYear: 2026, endYear: 2030 } }, 400, 'validation'],
      ['prototype poisoning', { method: 'POST', url: '/v1/programs', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}, "code": "p", "title": "t", "startYear": 2026, "endYear": 2030}' }, 400, 'malformed-body'],
    ];
    for (const [name, request, status, kind] of cases) {
      const response = await app.inject(request);
      t.equal(response.statusCode, status, `${name}: status`);
      t.match(response.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
      const problem = json(response);
      t.match(problem, { type: problemType(kind), status, title: String, detail: String, instance: '/v1/programs', requestId: String }, name);
      t.notMatch(response.body, /at .*\.(ts|js):\d+|error: |violates|syntax error/i, `${name}: no internals`);
    }
    t.equal(await countPrograms(), before, 'nothing was written');
  });

  t.test('a refused text names its field', async (t) => {
    const nul = json(await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: 'nul', title: 'a\u0000b', startYear: 2026, endYear: 2030 } }));
    t.same(nul.errors.map((e: any) => e.pointer), ['/title']);
    const query = json(await app.inject('/v1/tasks?q=%00'));
    t.same(query.errors.map((e: any) => [e.in, e.pointer]), [['query', '/q']]);
  });

  t.test('forged cursors are 400s naming the cursor, never 500s or empty pages', async (t) => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const issued = json(await app.inject('/v1/indicators?limit=2')).nextCursor;
    const decoded = JSON.parse(Buffer.from(issued, 'base64url').toString());
    const forged = [
      ['integer overflow', '/v1/indicators', cursor({ ...decoded, k: [decoded.k[0], 1e20, decoded.k[2]] })],
      ['not a uuid', '/v1/tasks', cursor({ c: 'tasks', s: 'code', k: ['01', 'zzz'] })],
      ['nulls', '/v1/tasks', cursor({ c: 'tasks', s: 'code', k: [null, null] })],
      ['objects', '/v1/tasks', cursor({ c: 'tasks', s: 'code', k: [{}, '00000000-0000-4000-8000-000000000000'] })],
      ['another list', '/v1/agencies?sort=code', cursor({ c: 'tasks', s: 'code', k: ['01', '00000000-0000-4000-8000-000000000000'] })],
      ['not base64 JSON', '/v1/tasks', '%%%'],
    ];
    for (const [name, url, value] of forged) {
      const response = await app.inject(`${url}${url!.includes('?') ? '&' : '?'}cursor=${value}`);
      t.equal(response.statusCode, 400, `${name}: 400`);
      t.same(json(response).errors?.map((e: any) => e.pointer), ['/cursor'], `${name}: names the cursor`);
    }
    t.equal((await app.inject(`/v1/indicators?limit=2&cursor=${issued}`)).statusCode, 200, 'the issued cursor works');
  });

  t.test('a malformed URL is a problem too', async (t) => {
    const response = await app.inject('/v1/tasks/%E0%A4%A');
    t.equal(response.statusCode, 400);
    t.match(response.headers['content-type'], /^application\/problem\+json/);
    t.match(json(response), { type: problemType('validation'), status: 400 });
  });

  t.test('field errors are one per field and capped', async (t) => {
    const many = Array.from({ length: 300 }, (_, i) => `x${i}=1`).join('&');
    const response = json(await app.inject(`/v1/tasks?${many}`));
    t.equal(response.errors.length, 100);
    const twice = json(await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: 'x', title: 'x', startYear: 2026, endYear: 2030, issuedOn: '0000-99-99' } }));
    t.equal(twice.errors.length, 1, 'two broken rules of one field are one entry');
    t.equal(twice.detail, '1 field is not valid.');
  });

  t.test('validation lists every field at fault', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: '', startYear: 'soon', endYear: 99999, color: 'red' } });
    t.equal(response.statusCode, 400);
    const pointers = json(response).errors.map((e: any) => e.pointer).sort();
    t.same(pointers, ['/code', '/color', '/endYear', '/startYear', '/title']);
    const query = await app.inject('/v1/tasks?limit=500&sort=deadline&colour=red');
    t.same(
      json(query).errors.map((e: any) => [e.in, e.pointer]).sort(),
      [['query', '/colour'], ['query', '/limit'], ['query', '/sort']],
    );
  });

  t.test('unknown routes and methods answer in the same shape', async (t) => {
    const route = await app.inject('/v1/nothing-here');
    t.equal(route.statusCode, 404);
    t.match(json(route), { type: problemType('route-not-found'), status: 404 });
    const method = await app.inject({ method: 'PUT', url: '/v1/programs' });
    t.equal(method.statusCode, 404);
    t.match(method.headers['content-type'], /^application\/problem\+json/);
  });

  t.test('request ids are honoured when plain and echoed', async (t) => {
    const given = await app.inject({ url: '/v1/programs/00000000-0000-4000-8000-000000000000', headers: { 'x-request-id': 'city-erp-42' } });
    t.equal(given.headers['x-request-id'], 'city-erp-42');
    t.equal(json(given).requestId, 'city-erp-42');
    const unsafe = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'bad id\nforged log line' } });
    t.match(unsafe.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unsafe id is replaced');
  });

  t.test('health', async (t) => {
    t.same(json(await app.inject('/health/live')), { status: 'ok' });
    const ready = await app.inject('/health/ready');
    t.equal(ready.statusCode, 200);
    t.same(json(ready), { status: 'ok', checks: { database: 'ok', migrations: 'ok' } });
  });

  t.test('readiness fails when the database is gone', async (t) => {
    await database.close();
    const ready = await app.inject('/health/ready');
    t.equal(ready.statusCode, 503);
    t.match(ready.headers['content-type'], /^application\/problem\+json/);
    t.match(json(ready), { type: 'tag:plantrack,2026:problems/unavailable', status: 503, checks: { database: 'unreachable', migrations: 'unknown' } });
  });
});

t.test('readiness reports pending migrations', async (t) => {
  const { app } = await createTestApp(t, { seed: false });
  await app.database.db.execute('delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)' as never);
  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 503);
  t.same(json(ready).checks, { database: 'ok', migrations: 'pending' });
});

t.test('rate limiting: headers on every response, 429 problem over budget, health exempt', async (t) => {
  const database = await openTestDatabase(t, { seed: false });
  const app = await buildApp({ config: testConfig({ RATE_LIMIT_MAX: '3', PUBLIC_READS: 'true' }), database, logger: false });
  t.teardown(() => app.close());
  const first = await app.inject('/v1/programs');
  t.equal(first.headers['ratelimit-limit'], '3');
  t.equal(first.headers['ratelimit-remaining'], '2');
  await app.inject('/v1/programs');
  await app.inject('/v1/programs');
  const over = await app.inject('/v1/programs');
  t.equal(over.statusCode, 429);
  t.match(over.headers['content-type'], /^application\/problem\+json/);
  t.match(json(over), { type: 'tag:plantrack,2026:problems/rate-limited', status: 429 });
  t.ok(Number(over.headers['retry-after']) > 0, 'Retry-After');
  t.equal((await app.inject('/health/live')).statusCode, 200, 'health is never limited');
  t.equal((await app.inject('/health/ready')).statusCode, 200);
});
