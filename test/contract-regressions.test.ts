// Regression cases from contract fuzzing (contract-fuzz.test.ts): the shrunk counterexample of every failure
// the fuzzer found, as a plain request with the answer the contract requires.
//
// A case whose bug is not fixed yet passes `bug: 'bug: …'` to expectContract (and `{ todo: 'bug: …' }` to its
// other assertions): they run and are reported as TODO, so the suite stays green while the failure stays
// visible ("not ok … # TODO bug: …"). With the fix they turn "ok": then drop the mark, and the matching entry of
// `knownBugs` in contract-fuzz.test.ts. Every case below passes today (each was a bug when the fuzzer found it).
import t from 'tap';
import { ContractChecker, contract, operations, type FuzzRequest } from './helpers/contract.js';
import { createTestApp, json } from './helpers/app.js';

const checker = new ContractChecker(contract);
const problemSchema = { $ref: '#/components/schemas/Problem' };

function operation(method: string, path: string) {
  const found = operations(contract).find((op) => op.method === method && op.path === path);
  if (!found) throw new Error(`the contract has no ${method} ${path}`);
  return found;
}


t.test('contract regressions', async (t) => {
  const { app } = await createTestApp(t);
  const send = (request: FuzzRequest) =>
    app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload }) });
  const first = async (list: string) => json(await app.inject(`${list}?limit=1`)).items[0].id as string;
  const programId = await first('/v1/programs');

  /** Sends `request` to the operation `method path`: the status must lie in `statuses`, and the answer be the documented one. */
  async function expectContract(t: Tap, method: string, path: string, request: FuzzRequest, statuses: [number, number], bug?: string) {
    const extra = bug ? { todo: bug } : {};
    const response = await send(request);
    t.ok(response.statusCode >= statuses[0] && response.statusCode <= statuses[1], `${method} ${path}: status ${response.statusCode} in ${statuses.join('–')}`, extra);
    t.same(checker.check(operation(method, path), request, response), [], `${method} ${path}: the answer is the one documented`, extra);
    return response;
  }
  type Tap = typeof t;

  t.test('a path parameter over 2000 characters: the problem stays within its schema', async (t) => {
    const json = { 'content-type': 'application/json' };
    await expectContract(t, 'GET', '/v1/programs/{id}', { method: 'GET', url: `/v1/programs/${'x'.repeat(5000)}`, headers: {} }, [400, 499]);
    await expectContract(t, 'PATCH', '/v1/agencies/{id}', { method: 'PATCH', url: `/v1/agencies/${'x'.repeat(5000)}`, headers: json, payload: '{"kind":"peoples_committee"}' }, [400, 499]);
    await expectContract(t, 'GET', '/v1/agencies/{id}/tasks', { method: 'GET', url: `/v1/agencies/${'x'.repeat(5000)}/tasks`, headers: {} }, [400, 499]);
    const unrouted = await send({ method: 'GET', url: `/v1/nothing/${'x'.repeat(2100)}`, headers: {} });
    t.equal(unrouted.statusCode, 404);
    t.equal(checker.validator.errors(problemSchema, JSON.parse(unrouted.body)), undefined, 'an unknown route: the problem stays within its schema');
  });

  t.test('an unknown field or query parameter with a 2000-character name: the pointer stays within its schema', async (t) => {
    const body = { programId, code: '!', title: 'x', position: 1, ['x'.repeat(2000)]: false };
    await expectContract(t, 'POST', '/v1/task-groups', { method: 'POST', url: '/v1/task-groups', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }, [400, 400]);
    await expectContract(t, 'GET', '/v1/agencies', { method: 'GET', url: `/v1/agencies?${'x'.repeat(2000)}=`, headers: {} }, [400, 400]);
  });

  t.test('a pointer clipped to 1024 characters is still a JSON Pointer, of well-formed text', async (t) => {
    const headers = { 'content-type': 'application/json' };
    // '/' + 'x😀' × 400: the cut at 1023 UTF-16 units falls between the two halves of an emoji.
    const surrogate = await expectContract(t, 'POST', '/v1/agency-groups', { method: 'POST', url: '/v1/agency-groups', headers, payload: JSON.stringify({ code: 'g', name: 'n', ['x😀'.repeat(400)]: 1 }) }, [400, 400]);
    t.ok(json(surrogate).errors[0].pointer.isWellFormed(), 'no lone surrogate');
    // '/' + 'a~/' × 400 escapes to 'a~0~1' × 400: the cut falls inside '~0'.
    const tilde = await expectContract(t, 'POST', '/v1/agency-groups', { method: 'POST', url: '/v1/agency-groups', headers, payload: JSON.stringify({ code: 'g', name: 'n', ['a~/'.repeat(400)]: 1 }) }, [400, 400]);
    t.match(json(tilde).errors[0].pointer, /^(\/([^~]|~[01])*)*$/, 'a JSON Pointer');
  });

  t.test('field names with / and ~ are escaped in errors[].pointer (RFC 6901)', async (t) => {
    const request: FuzzRequest = { method: 'POST', url: '/v1/agency-groups', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ code: 'g', name: 'n', 'a/b': 1, '~x': 2 }) };
    const response = await expectContract(t, 'POST', '/v1/agency-groups', request, [400, 400]);
    t.same(json(response).errors.map((e: { pointer: string }) => e.pointer).sort(), ['/a~1b', '/~0x'], 'the pointers');
    const query = await send({ method: 'GET', url: '/v1/programs?a~b=1', headers: {} });
    t.same(json(query).errors.map((e: { pointer: string }) => e.pointer), ['/a~0b'], 'a query parameter');
  });

  t.test('DELETE with a body answers a documented status', async (t) => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const path of ['/v1/programs/{id}', '/v1/tasks/{id}', '/v1/indicator-values/{id}']) {
      const url = path.replace('{id}', id);
      await expectContract(t, 'DELETE', path, { method: 'DELETE', url, headers: { 'content-type': 'text/plain' } }, [400, 499]);
      const large = `{"a":"${'x'.repeat(1024 * 1024)}"}`;
      await expectContract(t, 'DELETE', path, { method: 'DELETE', url, headers: { 'content-type': 'application/json' }, payload: large }, [400, 499]);
    }
  });

  t.test('a page ending on a row with a long title has a cursor the service answers and accepts', async (t) => {
    const headers = { 'content-type': 'application/json' };
    // 2000 code points: ASCII; astral (4 bytes of UTF-8 each); control characters (6 characters each in JSON).
    const titles: [string, string][] = [
      ['ascii', 'x'.repeat(2000)],
      ['astral', '😀'.repeat(2000)],
      ['control', '\u0001'.repeat(2000)],
    ];
    for (const [name, title] of titles) {
      // Text may refuse control characters; if it takes them, their pages must work.
      const create: FuzzRequest = { method: 'POST', url: '/v1/programs', headers, payload: JSON.stringify({ code: `long-${name}`, title, startYear: 2026, endYear: 2030 }) };
      const created = await expectContract(t, 'POST', '/v1/programs', create, name === 'control' ? [201, 400] : [201, 201]);
      if (created.statusCode !== 201) continue;
      // A page that ends on the new row, with a row after it (the order depends on the database's collation).
      const all = json(await app.inject('/v1/programs?sort=title&limit=200'));
      t.equal(all.nextCursor, null, `${name}: all programs in one page`);
      const position = all.items.findIndex((p: { id: string }) => p.id === json(created).id) + 1;
      const [sort, limit] = position < all.items.length ? ['title', position] : ['-title', 1];
      const page = await expectContract(t, 'GET', '/v1/programs', { method: 'GET', url: `/v1/programs?sort=${sort}&limit=${limit}`, headers: {} }, [200, 200]);
      const cursor = page.statusCode === 200 ? json(page).nextCursor : null;
      t.type(cursor, 'string', `${name}: a next page`);
      await expectContract(t, 'GET', '/v1/programs', { method: 'GET', url: `/v1/programs?sort=${sort}&limit=${limit}&cursor=${cursor}`, headers: {} }, [200, 200]);
      t.equal((await app.inject({ method: 'DELETE', url: `/v1/programs/${json(created).id}` })).statusCode, 204, `${name}: deleted`);
    }
  });

  // Last: it stores tasks due in 2200 (when this broke, such a task broke every list that included it).
  t.test('a deadline in 2200 (a year the schema allows) is answered as documented, and the lists still work', async (t) => {
    const taskId = await first('/v1/tasks');
    const task = json(await app.inject(`/v1/tasks/${taskId}`));
    const create = { programId, groupId: task.group.id, code: 'fuzz-2200', title: 'Due in 2200', kind: 'plan', leadAgencyId: task.leadAgency.id, deadline: { kind: 'year', fromYear: 2200 } };
    const headers = { 'content-type': 'application/json' };
    await expectContract(t, 'POST', '/v1/tasks', { method: 'POST', url: '/v1/tasks', headers, payload: JSON.stringify(create) }, [201, 499]);
    const patch = '{"deadline":{"kind":"year_range","fromYear":2199,"toYear":2200}}';
    await expectContract(t, 'PATCH', '/v1/tasks/{id}', { method: 'PATCH', url: `/v1/tasks/${taskId}`, headers, payload: patch }, [200, 499]);
    await expectContract(t, 'GET', '/v1/tasks', { method: 'GET', url: '/v1/tasks?limit=200', headers: {} }, [200, 200]);
    await expectContract(t, 'GET', '/v1/tasks/{id}', { method: 'GET', url: `/v1/tasks/${taskId}`, headers: {} }, [200, 200]);
  });
});
