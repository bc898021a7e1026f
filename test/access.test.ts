// Who may do what, proven against the running app. Bad credentials of every kind are a 401 with an RFC 6750
// challenge and valid credentials without the role a 403 `insufficient_scope`, all problem+json, and a refused
// request writes nothing. Then authorisation from one place: the committed OpenAPI document (and any operation the code serves beyond it) is walked, every /v1
// operation must declare its security, roles and 401/403, and EVERY write operation in it is called with keys that
// lack its roles (403) and with none (401). Then the OWASP API Security cases: an agency officer confined to its
// own agency's tasks and drafts (API1), to the task fields it may set (API3), and kept off coordinator and admin
// operations (API5). Reads are public only when PUBLIC_READS says so.
import { readFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { roles as allRoles, type Role } from '../src/auth/roles.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { createTestApp, json, testConfig } from './helpers/app.js';

type Assert = Pick<typeof t, 'equal' | 'match' | 'same' | 'ok' | 'notOk'>;

const problem = (kind: string) => `tag:plantrack,2026:problems/${kind}`;
const bare = 'Bearer realm="plantrack"';
const invalidToken = /^Bearer realm="plantrack", error="invalid_token", error_description="[^"]+"$/;
const insufficientScope = 'Bearer realm="plantrack", error="insufficient_scope"';

/** Row counts of every table: a refused request must leave each one as it was. */
async function rowCounts(database: DatabaseHandle): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
    counts[name] = row!.n;
  }
  return counts;
}

function expect401(t: Assert, answer: { statusCode: number; headers: Record<string, unknown>; body: string }, challenge: string | RegExp, name: string) {
  t.equal(answer.statusCode, 401, `${name}: 401`);
  if (typeof challenge === 'string') t.equal(answer.headers['www-authenticate'], challenge, `${name}: challenge`);
  else t.match(answer.headers['www-authenticate'], challenge, `${name}: challenge`);
  t.match(answer.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
  t.match(JSON.parse(answer.body), { type: problem('unauthorized'), status: 401 }, `${name}: unauthorized problem`);
}

function expect403(t: Assert, answer: { statusCode: number; headers: Record<string, unknown>; body: string }, name: string) {
  t.equal(answer.statusCode, 403, `${name}: 403 (${answer.body.slice(0, 200)})`);
  t.equal(answer.headers['www-authenticate'], insufficientScope, `${name}: insufficient_scope`);
  t.match(answer.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
  t.match(JSON.parse(answer.body), { type: problem('forbidden'), status: 403 }, `${name}: forbidden problem`);
}

t.test('access control', async (t) => {
  const { app, database, bearer } = await createTestApp(t);
  const agencies: any[] = json(await app.inject({ url: '/v1/agencies?limit=200' })).items;
  const agency = (code: string) => agencies.find((a) => a.code === code);
  const [industry, construction, dpi] = ['so-cong-thuong', 'so-xay-dung', 'so-ke-hoach-va-dau-tu'].map(agency);
  const tasks: any[] = json(await app.inject({ url: '/v1/tasks?limit=200' })).items;
  const industryTask = tasks.find((x) => x.leadAgency.id === industry.id);
  const constructionTask = tasks.find((x) => x.leadAgency.id === construction.id);
  const program = json(await app.inject({ url: '/v1/programs' })).items[0];
  const viewer = await bearer(['viewer']);
  const officer = { industry: await bearer(['agency_officer'], industry.id), construction: await bearer(['agency_officer'], construction.id) };
  const coordinator = await bearer(['coordinator'], dpi.id);
  const send = (method: string, url: string, authorization: string | undefined, payload?: object) =>
    app.inject({ method: method as 'GET', url, headers: { authorization }, ...(payload ? { payload } : {}) });

  await t.test('bad credentials: 401 with a challenge, problem+json, and nothing written', async (t) => {
    // An expired and a revoked key, changed in the database before their first use (so no cache is involved).
    const expired = await bearer(['admin', 'coordinator']);
    const revoked = await bearer(['admin', 'coordinator']);
    const prefixOf = (authorization: string) => authorization.slice('Bearer '.length, 'Bearer '.length + 15);
    await database.db.execute(sql`update api_keys set expires_at = now() - interval '1 second' where prefix = ${prefixOf(expired)}`);
    await database.db.execute(sql`update api_keys set revoked_at = now() where prefix = ${prefixOf(revoked)}`);
    const before = await rowCounts(database);
    const newAgency = { code: 'so-tai-chinh-moi', name: 'Sở Tài chính (mới)', kind: 'department' };
    const tryAll = async (authorization: string | undefined) => [
      await send('GET', '/v1/tasks', authorization),
      await send('POST', '/v1/agencies', authorization, newAgency),
      await send('PATCH', `/v1/tasks/${industryTask.id}`, authorization, { progress: 99 }),
      await send('DELETE', `/v1/tasks/${industryTask.id}`, authorization),
    ];
    for (const answer of await tryAll(undefined)) expect401(t, answer, bare, 'no credentials');
    const cases: [string, string, RegExp][] = [
      ['Basic credentials', 'Basic dXNlcjpwYXNzd29yZA==', /Bearer <API key or token>/],
      ['Bearer alone', 'Bearer', /Bearer <API key or token>/],
      ['Bearer and a space', 'Bearer ', /Bearer <API key or token>/],
      ['two tokens', 'Bearer pt_aaaaaaaaaaaa x', /Bearer <API key or token>/],
      ['a token with a control character', 'Bearer pt_\u0001', /Bearer <API key or token>/],
      ['an empty header', '', /Bearer <API key or token>/],
      ['a malformed key', 'Bearer pt_123', /malformed/],
      ['an unknown key', `Bearer pt_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`, /not known/],
      ['a known prefix with a wrong secret', `${viewer.slice(0, 'Bearer pt_'.length + 12)}_${randomBytes(32).toString('base64url')}`, /not known/],
      ['a JWT with no OIDC provider configured', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', /no OIDC provider/],
    ];
    for (const [name, authorization, detail] of cases) {
      for (const answer of await tryAll(authorization)) {
        expect401(t, answer, invalidToken, name);
        t.match(json(answer).detail, detail, `${name}: says why`);
      }
    }
    for (const answer of await tryAll(expired)) {
      expect401(t, answer, invalidToken, 'an expired key');
      t.match(json(answer).detail, /expired/);
    }
    for (const answer of await tryAll(revoked)) {
      expect401(t, answer, invalidToken, 'a revoked key');
      t.match(json(answer).detail, /revoked/);
    }
    // Valid credentials without the role.
    for (const answer of (await tryAll(viewer)).slice(1)) expect403(t, answer, 'a viewer writing');
    t.same(await rowCounts(database), before, 'no table gained or lost a row');
    t.match(json(await app.inject({ url: `/v1/tasks/${industryTask.id}` })), { progress: industryTask.progress, status: industryTask.status }, 'the task is as it was');
    t.same(json(await app.inject({ url: '/v1/agencies?q=so%20tai%20chinh%20moi' })).items, [], 'no agency was created');
  });

  await t.test('reads need credentials by default; with PUBLIC_READS anyone reads, and writes still need a key', async (t) => {
    t.equal((await send('GET', '/v1/tasks', undefined)).statusCode, 401, 'default: GET without credentials is 401');
    t.equal((await send('GET', '/v1/tasks', viewer)).statusCode, 200, 'default: a viewer reads');
    const open = await buildApp({ config: testConfig({ PUBLIC_READS: 'true' }), database, logger: false });
    await open.ready();
    t.teardown(() => open.close());
    const anonymous = (method: string, url: string, payload?: object, headers: Record<string, string> = {}) =>
      open.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
    for (const url of ['/v1/tasks', `/v1/tasks/${industryTask.id}`, '/v1/agencies', '/v1/programs', '/v1/indicators']) {
      t.equal((await anonymous('GET', url)).statusCode, 200, `public read ${url}`);
    }
    t.same(json(await anonymous('GET', '/v1/me')), { type: 'anonymous', id: null, name: 'anonymous', agency: null, roles: [] }, 'GET /v1/me: anonymous');
    const before = await rowCounts(database);
    expect401(t, await anonymous('POST', '/v1/agencies', { code: 'x-y', name: 'X', kind: 'department' }), bare, 'public reads: POST');
    expect401(t, await anonymous('PATCH', `/v1/tasks/${industryTask.id}`, { progress: 1 }, { 'if-match': '*' }), bare, 'public reads: PATCH');
    expect401(t, await anonymous('DELETE', `/v1/tasks/${industryTask.id}`, undefined, { 'if-match': '*' }), bare, 'public reads: DELETE');
    expect401(t, await anonymous('GET', '/v1/audit-events'), bare, 'public reads: a role-protected read');
    expect401(t, await anonymous('GET', '/v1/tasks', undefined, { authorization: 'Bearer pt_nonsense' }), invalidToken, 'public reads: bad credentials are still refused, not read as anonymous');
    t.same(await rowCounts(database), before, 'nothing written');
  });

  await t.test('the OpenAPI document declares every operation\'s access, and every write refuses callers without its roles', async (t) => {
    const committed = JSON.parse(await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
    // Operations the code serves but the committed document does not have yet (work in progress) are walked too.
    const served = json(await app.inject({ url: '/openapi.json', headers: { authorization: undefined } }));
    for (const [path, item] of Object.entries<any>(served.paths)) {
      committed.paths[path] ??= {};
      for (const [method, op] of Object.entries<any>(item)) committed.paths[path][method] ??= op;
    }
    const schemes = Object.keys(committed.components?.securitySchemes ?? {});
    t.ok(schemes.length >= 2, `security schemes declared: ${schemes.join(', ')}`);
    const writes: { method: string; path: string; operationId: string; roles: Role[] }[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries<any>(committed.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, op] of Object.entries<any>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations += 1;
        const name = `${method.toUpperCase()} ${path} (${op.operationId})`;
        t.ok(Array.isArray(op.security) && op.security.length > 0, `${name}: declares security`);
        for (const requirement of op.security ?? []) for (const scheme of Object.keys(requirement)) t.ok(schemes.includes(scheme), `${name}: scheme ${scheme} exists`);
        t.ok(op.responses?.['401'], `${name}: documents 401`);
        const required: Role[] | undefined = op['x-required-roles'];
        if (required !== undefined) {
          t.ok(Array.isArray(required) && required.length > 0 && required.every((r) => (allRoles as readonly string[]).includes(r)), `${name}: x-required-roles are known roles`);
          t.ok(op.responses?.['403'], `${name}: documents 403`);
          t.match(op.description, /Access: /, `${name}: says who may call it`);
        }
        if (method !== 'get') {
          t.ok(required, `${name}: a write needs a role`);
          t.notOk(required?.includes('viewer'), `${name}: a viewer never writes`);
          writes.push({ method: method.toUpperCase(), path, operationId: op.operationId, roles: required ?? [] });
        }
      }
    }
    t.ok(operations > 60 && writes.length > 35, `${operations} operations, ${writes.length} writes walked`);

    // Keys holding every role except the ones an operation needs (plus a plain viewer), for the same agency.
    const keysFor = new Map<string, string>();
    const keyWithout = async (required: Role[]) => {
      const held = allRoles.filter((r) => !required.includes(r));
      const id = held.join('+');
      if (!keysFor.has(id)) keysFor.set(id, await bearer(held, industry.id));
      return keysFor.get(id)!;
    };
    const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'period' ? '2023' : randomUUID()));
    for (const { roles } of writes) await keyWithout(roles);
    const before = await rowCounts(database);
    for (const { method, path, operationId, roles } of writes) {
      const url = fill(path);
      const headers = method === 'PATCH' || method === 'DELETE' ? { 'if-match': '*' } : {};
      const call = (authorization: string | undefined) =>
        app.inject({ method: method as 'POST', url, headers: { ...headers, authorization }, ...(method === 'DELETE' ? {} : { payload: {} }) });
      expect401(t, await call(undefined), bare, `${operationId} without credentials`);
      expect403(t, await call(viewer), `${operationId} as a viewer`);
      expect403(t, await call(await keyWithout(roles)), `${operationId} with every role but ${roles.join('/')}`);
    }
    t.same(await rowCounts(database), before, 'the sweep wrote nothing');

    // Role-protected reads too.
    for (const [path, item] of Object.entries<any>(committed.paths)) {
      const op = item.get;
      if (!path.startsWith('/v1/') || !op) continue;
      const url = fill(path);
      expect401(t, await app.inject({ url, headers: { authorization: undefined } }), bare, `${op.operationId} without credentials`);
      if (op['x-required-roles']) expect403(t, await app.inject({ url, headers: { authorization: await keyWithout(op['x-required-roles']) } }), `${op.operationId} without its roles`);
      else t.not((await app.inject({ url, headers: { authorization: viewer } })).statusCode, 403, `${op.operationId}: a viewer may read`);
    }
  });

  await t.test('OWASP API1: an agency officer writes only its own agency\'s tasks and reports', async (t) => {
    const before = json(await app.inject({ url: `/v1/tasks/${constructionTask.id}` }));
    const foreign = await send('PATCH', `/v1/tasks/${constructionTask.id}`, officer.industry, { status: 'in_progress', progress: 10 });
    t.equal(foreign.statusCode, 403, 'another agency\'s task: 403');
    t.match(json(foreign), { type: problem('forbidden'), detail: /own agency/ });
    t.same(json(await app.inject({ url: `/v1/tasks/${constructionTask.id}` })), before, 'unchanged');
    t.equal((await send('PATCH', `/v1/tasks/${randomUUID()}`, officer.industry, { progress: 10 })).statusCode, 404, 'no such task: 404');

    const draft = await send('POST', '/v1/reports', officer.industry, { programId: program.id, agencyId: industry.id, period: '2023', results: 'Bản nháp của Sở Công Thương.' });
    t.equal(draft.statusCode, 201, draft.body);
    const report = json(draft);
    const counts = await rowCounts(database);
    t.equal((await send('GET', `/v1/reports/${report.id}`, officer.construction)).statusCode, 404, 'another agency cannot read the draft');
    t.equal((await send('PATCH', `/v1/reports/${report.id}`, officer.construction, { results: 'Sửa trái phép.' })).statusCode, 404, 'nor change it');
    t.equal((await send('DELETE', `/v1/reports/${report.id}`, officer.construction)).statusCode, 404, 'nor delete it');
    t.equal((await send('POST', `/v1/reports/${report.id}/submit`, officer.construction)).statusCode, 404, 'nor submit it');
    t.notOk(json(await send('GET', '/v1/reports?period=2023', officer.construction)).items.some((r: any) => r.id === report.id), 'nor see it listed');
    t.equal((await send('POST', '/v1/reports', officer.construction, { programId: program.id, agencyId: industry.id, period: '2022' })).statusCode, 403, 'nor start one for that agency');
    t.same(await rowCounts(database), counts, 'nothing written');
    t.match(json(await send('GET', `/v1/reports/${report.id}`, officer.industry)), { results: 'Bản nháp của Sở Công Thương.', status: 'draft' }, 'the draft is as its agency wrote it');
    t.equal((await send('GET', `/v1/reports/${report.id}`, coordinator)).statusCode, 200, 'coordinators see every draft');
  });

  await t.test('OWASP API3: an agency officer sets only status, progress and completedOn of its own tasks', async (t) => {
    const before = await app.inject({ url: `/v1/tasks/${industryTask.id}` });
    const counts = await rowCounts(database);
    const attempt = await send('PATCH', `/v1/tasks/${industryTask.id}`, officer.industry, {
      progress: 50,
      deadline: { kind: 'year', fromYear: 2030, text: '2030' },
      leadAgencyId: construction.id,
      title: 'Tiêu đề bị sửa',
    });
    t.equal(attempt.statusCode, 403, attempt.body);
    t.match(json(attempt), { type: problem('forbidden') });
    t.same(json(attempt).errors.map((e: any) => [e.in, e.pointer]).sort(), [['body', '/deadline'], ['body', '/leadAgencyId'], ['body', '/title']], 'each field it may not set is named, and only those');
    t.same(json(await app.inject({ url: `/v1/tasks/${industryTask.id}` })), json(before), 'the task is unchanged: not even the allowed progress was written');
    t.same(await rowCounts(database), counts, 'no audit row, nothing written');
    for (const field of [{ supporters: [] }, { isKey: true }, { kind: 'plan' }, { code: '99' }, { groupId: industryTask.group?.id ?? randomUUID() }]) {
      const one = await send('PATCH', `/v1/tasks/${industryTask.id}`, officer.industry, field);
      t.equal(one.statusCode, 403, `${Object.keys(field)[0]}: 403`);
      t.same(json(one).errors?.map((e: any) => e.pointer), [`/${Object.keys(field)[0]}`]);
    }
    const progress = await send('PATCH', `/v1/tasks/${industryTask.id}`, officer.industry, { status: 'in_progress', progress: 35 });
    t.equal(progress.statusCode, 200, progress.body);
    t.match(json(progress), { status: 'in_progress', progress: 35, title: industryTask.title, leadAgency: { id: industry.id } });
    const done = await send('PATCH', `/v1/tasks/${industryTask.id}`, officer.industry, { status: 'completed', completedOn: '2024-06-30' });
    t.equal(done.statusCode, 200, done.body);
    t.match(json(done), { status: 'completed', progress: 100, completedOn: '2024-06-30' });
    const byCoordinator = await send('PATCH', `/v1/tasks/${industryTask.id}`, coordinator, { title: `${industryTask.title} (sửa)` });
    t.equal(byCoordinator.statusCode, 200, 'a coordinator may set any field');
    const both = await bearer(['agency_officer', 'coordinator'], industry.id);
    t.equal((await send('PATCH', `/v1/tasks/${industryTask.id}`, both, { title: industryTask.title })).statusCode, 200, 'an officer who is also a coordinator is not confined');
  });

  await t.test('OWASP API5: an agency officer cannot call coordinator or admin operations', async (t) => {
    const submitted = json(await send('POST', '/v1/reports', officer.construction, { programId: program.id, agencyId: construction.id, period: '2022', results: 'Báo cáo năm 2022.' }));
    t.equal((await send('POST', `/v1/reports/${submitted.id}/submit`, officer.construction)).statusCode, 200);
    const counts = await rowCounts(database);
    const calls: [string, string, object | undefined][] = [
      ['POST', `/v1/reports/${submitted.id}/return`, { reason: 'Thiếu số liệu.' }],
      ['POST', `/v1/reports/${submitted.id}/accept`, undefined],
      ['POST', `/v1/reports/${submitted.id}/reopen`, { reason: 'x' }],
      ['GET', '/v1/audit-events', undefined],
      ['POST', '/v1/tasks', { programId: program.id }],
      ['DELETE', `/v1/tasks/${constructionTask.id}`, undefined],
      ['POST', '/v1/indicator-values', {}],
      ['POST', '/v1/api-keys', { name: 'tự cấp', roles: ['admin'] }],
      ['GET', '/v1/api-keys', undefined],
      ['POST', '/v1/agencies', { code: 'x', name: 'X', kind: 'department' }],
      ['POST', '/v1/programs', {}],
      ['POST', '/v1/webhook-subscriptions', {}],
    ];
    for (const [method, url, payload] of calls) {
      expect403(t, await app.inject({ method: method as 'GET', url, headers: { authorization: officer.construction, 'if-match': '*' }, ...(payload ? { payload } : {}) }), `officer ${method} ${url.replace(/[0-9a-f-]{36}/, ':id')}`);
    }
    for (const [method, url, payload] of calls.slice(7)) {
      expect403(t, await app.inject({ method: method as 'GET', url, headers: { authorization: coordinator }, ...(payload ? { payload } : {}) }), `coordinator ${method} ${url}: admin only`);
    }
    t.same(await rowCounts(database), counts, 'nothing written');
    t.equal(json(await send('GET', `/v1/reports/${submitted.id}`, coordinator)).status, 'submitted', 'the report is still submitted');
  });

  await t.test('a valid key with no role at all for an operation is a 403 even before its body is read', async (t) => {
    // The refusal comes from onRequest: a body that is not even JSON gets a 403, not a 400.
    const answer = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { authorization: viewer, 'content-type': 'application/json' }, payload: '{not json' });
    expect403(t, answer, 'a malformed body from a viewer');
    const anonymous = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { authorization: undefined, 'content-type': 'application/json' }, payload: '{not json' });
    expect401(t, anonymous, bare, 'a malformed body without credentials');
  });

  await t.test('keys issued for the test default keep their roles', async (t) => {
    // A sanity check of the suite's own default credentials, so a 403 above cannot come from them.
    const me = json(await app.inject({ url: '/v1/me' }));
    t.same(me.roles, ['admin', 'coordinator']);
    const officerMe = json(await send('GET', '/v1/me', officer.industry));
    t.match(officerMe, { type: 'api_key', roles: ['agency_officer'], agency: { id: industry.id, code: 'so-cong-thuong' } });
  });
});
