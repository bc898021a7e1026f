// The typed client (clients/typescript) against a live server: the example script that uses nothing but the client
// runs end to end and prints, for 17/CTr-UBND and 2023, the indicator assessment and the overdue tasks by agency.
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import t from 'tap';
import { createPlantrackClient, PlantrackError, unwrap } from '../clients/typescript/src/index.js';
import { readFile } from 'node:fs/promises';
import { clientTypesFile, generateClientTypes } from '../scripts/client-types.js';
import { createTestApp, json } from './helpers/app.js';

const run = promisify(execFile);

t.test('the client\'s types are generated from the committed contract', async (t) => {
  t.equal(await readFile(clientTypesFile, 'utf8'), await generateClientTypes(), 'clients/typescript/src/schema.ts is stale: run `npm run client` and commit it');
});

t.test('the annual-summary example, through the typed client, against a live server', async (t) => {
  const { app, bearer } = await createTestApp(t, { clock: () => new Date('2024-01-10T03:00:00Z') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const grdp = json(await app.inject('/v1/indicators?programId=17/CTr-UBND&sort=position&limit=1')).items[0];
  for (const [period, value] of [['2021', -2.1], ['2022', 12.6], ['2023', 6.5]] as const) {
    await app.inject({ method: 'POST', url: '/v1/indicator-values', payload: { indicatorId: grdp.id, period, value, kind: 'official' } });
  }
  const token = (await bearer(['viewer'])).replace(/^Bearer /, '');

  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/examples/annual-summary.ts', '--url', url, '--token', token, '--program', '17/CTr-UBND', '--year', '2023']);
  t.equal(stderr, '');
  t.match(stdout, /^17\/CTr-UBND — 2023 \(as of 2023-12-14\)$/m, 'the program and the day tasks are judged on');
  t.match(stdout, /^ {2}1 {5}AT RISK {3}Tăng trưởng kinh tế \(GRDP\) bình quân giai đoạn 2021 - 2025$/m, 'indicator 1 with its assessment');
  t.match(stdout, /latest 6\.5 \(2023\); At risk: .* is 5\.6667/, 'its latest value and the reason');
  t.match(stdout, /^Overdue tasks by lead agency$/m);
  t.match(stdout, /^ {2}Sở Kế hoạch và Đầu tư \(\d+\)$/m, 'grouped by lead agency');
  t.match(stdout, /^ {4}01 due 2021-12-31, 0%: Kế hoạch về phục hồi, phát triển kinh tế$/m, 'task 01 is overdue since 2021');

  await t.test('the client itself: typed calls, pages, problems', async (t) => {
    const api = createPlantrackClient({ baseUrl: url, token });
    const page = unwrap(await api.GET('/v1/tasks', { params: { query: { programId: '17/CTr-UBND', dueYear: 2023 } } }));
    t.same(page.items.map((task) => task.code), ['09', '19', '12', '36'].sort(), 'GET with typed query parameters');
    const refused = await api.POST('/v1/agencies', { body: { code: 'x', name: 'X', kind: 'department' } });
    t.equal(refused.response.status, 403, 'a viewer cannot write');
    t.throws(() => unwrap(refused), { name: 'Error', status: 403, message: /^plantrack answered 403/ });
    t.ok((() => { try { unwrap(refused); } catch (error) { return error instanceof PlantrackError; } return false; })(), 'as a PlantrackError');
    t.match(refused.error, { type: 'tag:plantrack,2026:problems/forbidden' }, 'the problem document comes back typed');
  });
});
