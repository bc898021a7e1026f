// Agencies change: the 2025 restructuring of the agencies 17/CTr-UBND names, recorded by the optional seed step,
// then asked about through the API on days before, on and after each event — who leads task 01, what the
// Department of Finance is responsible for, which agencies report for 2024 and for 2026 — and every kind of bad
// event refused with the field at fault and nothing changed.
import t from 'tap';
import { loadRestructuring2025 } from '../src/seed/restructuring.js';
import { createTestApp, json } from './helpers/app.js';

t.test('the 2025 restructuring of 17/CTr-UBND', async (t) => {
  const { app, database, bearer } = await createTestApp(t);
  const loaded = await loadRestructuring2025(database.db);
  t.same(loaded, { agencies: 6, events: 14 }, 'three departments the program never names, three new ones, fourteen events');
  t.same(await loadRestructuring2025(database.db), { agencies: 0, events: 0 }, 'loading again changes nothing');
  const get = async (url: string) => json(await app.inject(url));
  const agency = async (code: string) => (await get(`/v1/agencies?q=${encodeURIComponent(code)}&limit=200`)).items.find((a: any) => a.code === code);
  const [dpi, finance, labour, education, home] = await Promise.all(['so-ke-hoach-va-dau-tu', 'so-tai-chinh', 'so-lao-dong-thuong-binh-va-xa-hoi', 'so-giao-duc-va-dao-tao', 'so-noi-vu'].map(agency));
  const tasks: any[] = (await get('/v1/tasks?programId=17/CTr-UBND&limit=200')).items;
  const task = (code: string) => tasks.find((x) => x.code === code);
  const codes = (page: any) => page.items.map((x: any) => x.code);

  await t.test('who leads task 01 on a given day', async (t) => {
    const cases: [string, string][] = [
      ['2022-06-01', 'so-ke-hoach-va-dau-tu'],
      ['2025-02-28', 'so-ke-hoach-va-dau-tu'],
      ['2025-03-01', 'so-tai-chinh'],
      ['2026-01-01', 'so-tai-chinh'],
    ];
    for (const [day, code] of cases) {
      const answer = await get(`/v1/tasks/${task('01').id}?asOf=${day}`);
      t.equal(answer.responsibleAgency.code, code, `on ${day}: ${code}`);
      t.equal(answer.leadAgency.code, 'so-ke-hoach-va-dau-tu', 'the lead the program names never changes');
    }
  });

  await t.test('what an agency is responsible for, with asOf', async (t) => {
    const dpiTasks = ['01', '02', '08', '09', '10', '19', '20', '21', '22', '35'];
    t.same(codes(await get('/v1/tasks?leadAgencyId=so-tai-chinh&asOf=2026-01-01&limit=200')), dpiTasks, 'the Department of Finance leads what DPI led');
    t.same(codes(await get('/v1/tasks?leadAgencyId=so-tai-chinh&asOf=2025-02-28&limit=200')), [], 'not the day before the merger');
    t.same(codes(await get('/v1/tasks?leadAgencyId=so-ke-hoach-va-dau-tu&asOf=2026-01-01&limit=200')), [], 'DPI leads nothing after it');
    t.same(codes(await get('/v1/tasks?leadAgencyId=so-ke-hoach-va-dau-tu&limit=200')), dpiTasks, 'without asOf: the lead the program names');
    // Labour split on 2025-03-01: its tasks went where their function went.
    t.same(codes(await get('/v1/tasks?leadAgencyId=so-lao-dong-thuong-binh-va-xa-hoi&asOf=2024-12-31&limit=200')), ['28', '29', '30', '31']);
    t.same(codes(await get('/v1/tasks?leadAgencyId=so-noi-vu&asOf=2025-03-01&limit=200')), ['31'], 'employment went to Home Affairs');
    const educationBefore = codes(await get('/v1/tasks?leadAgencyId=so-giao-duc-va-dao-tao&asOf=2025-02-28&limit=200'));
    const educationAfter = codes(await get('/v1/tasks?leadAgencyId=so-giao-duc-va-dao-tao&asOf=2025-03-01&limit=200'));
    t.same(educationAfter, [...educationBefore, '28', '29', '30'].sort(), 'vocational training went to Education, which keeps its own');
    const financeTasks = await get(`/v1/agencies/${finance.id}/tasks?asOf=2026-01-01&role=lead&limit=200`);
    t.same(codes(financeTasks), dpiTasks);
    t.ok(financeTasks.items.every((x: any) => x.responsibleAgency.code === 'so-tai-chinh' && x.leadAgency.code === 'so-ke-hoach-va-dau-tu'));
    const supporting = await get(`/v1/agencies/${finance.id}/tasks?asOf=2026-01-01&role=supporting&limit=200`);
    t.equal(supporting.items.length, 34, 'and supports what DPI supported, through the city departments group');
    t.ok(supporting.items.every((x: any) => x.via.includes('city_departments_and_boards')));
    t.same(codes(await get(`/v1/agencies/${home.id}/tasks?asOf=2024-01-01&role=lead`)), [], 'Home Affairs led nothing of the program before');
    t.ok(codes(await get(`/v1/tasks?supportingAgencyId=so-y-te&asOf=2026-01-01&limit=200`)).length > 0, 'Health supports, as a successor of Labour (a city department)');
  });

  await t.test('agencies on a day, and lineage both ways', async (t) => {
    const on = async (day: string) => new Set((await get(`/v1/agencies?asOf=${day}&limit=200`)).items.map((a: any) => a.code));
    const before = await on('2024-06-01');
    const after = await on('2026-01-01');
    t.ok(before.has('so-ke-hoach-va-dau-tu') && !before.has('so-tai-chinh'), 'DPI in 2024, not the new department');
    t.ok(!after.has('so-ke-hoach-va-dau-tu') && after.has('so-tai-chinh'), 'the new department in 2026, not DPI');
    t.ok(before.has('ubnd-quan-ninh-kieu') && !after.has('ubnd-quan-ninh-kieu'), 'districts until 2025-06-30');
    t.match(await get(`/v1/agencies/${dpi.id}`), { validFrom: null, validTo: '2025-02-28' });
    t.match(await get(`/v1/agencies/${finance.id}`), { validFrom: '2025-03-01', validTo: null });
    const dpiLineage = await get(`/v1/agencies/${dpi.id}/lineage`);
    t.same(dpiLineage.successors.map((l: any) => [l.agency.code, l.event.kind, l.event.effectiveOn, l.distance]), [['so-tai-chinh', 'merge', '2025-03-01', 1]]);
    t.same(dpiLineage.predecessors, []);
    const financeLineage = await get(`/v1/agencies/${finance.id}/lineage`);
    t.same(financeLineage.predecessors.map((l: any) => l.agency.code).sort(), ['so-ke-hoach-va-dau-tu', 'so-tai-chinh-cu']);
    const labourLineage = await get(`/v1/agencies/${labour.id}/lineage`);
    t.same(labourLineage.successors.map((l: any) => l.agency.code).sort(), ['so-giao-duc-va-dao-tao', 'so-noi-vu', 'so-nong-nghiep-va-moi-truong', 'so-y-te']);
    const split = (await get(`/v1/lineage-events?agencyId=${labour.id}`)).items[0];
    t.match(split, { kind: 'split', effectiveOn: '2025-03-01', predecessors: [{ code: 'so-lao-dong-thuong-binh-va-xa-hoi' }] });
    t.same(split.taskAssignments.map((a: any) => [a.task.code, a.agency.code]), [['28', education.code], ['29', education.code], ['30', education.code], ['31', 'so-noi-vu']]);
    t.match(split.legalBasis, /Nghị định/);
    t.equal((await get('/v1/lineage-events?limit=200')).items.length, 14);
  });

  await t.test('the consolidated report uses the agencies of its period', async (t) => {
    // The program ran 2021–2025; let it run one more year, to have a 2026 period to report on.
    const program = (await get('/v1/programs')).items[0];
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/programs/${program.id}`, payload: { endYear: 2026 } })).statusCode, 200);
    const expected = async (period: string) => new Set((await get(`/v1/programs/${program.id}/consolidated-reports/${period}`)).submissions.map((s: any) => s.agency.code));
    const in2024 = await expected('2024');
    const in2026 = await expected('2026');
    t.ok(in2024.has('so-ke-hoach-va-dau-tu') && !in2024.has('so-tai-chinh'), '2024: DPI reports');
    t.ok(in2024.has('so-lao-dong-thuong-binh-va-xa-hoi') && in2024.has('ubnd-quan-ninh-kieu'), '2024: Labour and the districts too');
    t.ok(!in2026.has('so-ke-hoach-va-dau-tu') && in2026.has('so-tai-chinh'), '2026: the Department of Finance in DPI\'s place');
    t.ok(!in2026.has('so-lao-dong-thuong-binh-va-xa-hoi') && in2026.has('so-noi-vu') && in2026.has('so-y-te'), '2026: Labour\'s successors');
    t.ok(!in2026.has('ubnd-quan-ninh-kieu'), '2026: no district');
    t.ok(in2026.has('so-nong-nghiep-va-moi-truong') && !in2026.has('so-tai-nguyen-va-moi-truong'), '2026: Agriculture and Environment');

    const officerOf = async (a: any) => bearer(['agency_officer'], a.id);
    const report = (who: any, period: string) =>
      officerOf(who).then((authorization) => app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization }, payload: { programId: program.id, agencyId: who.id, period } }));
    t.equal((await report(dpi, '2024')).statusCode, 201, 'DPI reports for 2024');
    t.equal((await report(dpi, '2026')).statusCode, 422, 'not for 2026: it no longer exists');
    const financeReport = await report(finance, '2026');
    t.equal(financeReport.statusCode, 201, 'the Department of Finance does');
    // The program's coordinator is DPI as the document says; its successor answers for the indicators it collected.
    const grdp = (await get('/v1/indicators?programId=17/CTr-UBND&q=GRDP&sort=position&limit=1')).items[0];
    const withValue = await app.inject({
      method: 'PATCH',
      url: `/v1/reports/${json(financeReport).id}`,
      headers: { authorization: await officerOf(finance) },
      payload: { indicatorValues: [{ indicatorId: grdp.id, value: 7.8 }], taskUpdates: [{ taskId: task('01').id, status: 'in_progress', progress: 80 }] },
    });
    t.equal(withValue.statusCode, 200, withValue.body);
    t.equal((await report(dpi, '2024')).statusCode, 409, 'a second DPI report for 2024 is a conflict, not a new report');
    const dpiReport = (await get(`/v1/reports?agencyId=${dpi.id}&period=2024`)).items[0];
    t.equal(dpiReport.agency.code, 'so-ke-hoach-va-dau-tu', 'history is never rewritten: DPI\'s report stays DPI\'s');
  });
});

t.test('rename, merge and a chain of them, day by day; and bad events refused', async (t) => {
  const { app } = await createTestApp(t);
  const get = async (url: string) => json(await app.inject(url));
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const create = async (code: string, validFrom?: string) => json(await post('/v1/agencies', { code, name: `Cơ quan ${code}`, kind: 'department', ...(validFrom ? { validFrom } : {}) }));
  const [a, b, c, d] = [await create('co-quan-a'), await create('co-quan-b', '2024-01-01'), await create('co-quan-c'), await create('co-quan-d', '2024-07-01')];
  const program = (await get('/v1/programs')).items[0];
  const group = (await get('/v1/task-groups?programId=17/CTr-UBND&limit=1')).items[0];
  const led = json(await post('/v1/tasks', { programId: program.id, groupId: group.id, code: '70', title: 'Nhiệm vụ của A', kind: 'plan', leadAgencyId: a.id, deadline: { kind: 'year', fromYear: 2025 } }));
  const ledByC = json(await post('/v1/tasks', { programId: program.id, groupId: group.id, code: '71', title: 'Nhiệm vụ của C', kind: 'plan', leadAgencyId: c.id, deadline: { kind: 'year', fromYear: 2025 } }));
  t.equal((await post('/v1/lineage-events', { kind: 'rename', effectiveOn: '2024-01-01', predecessorIds: [a.id], successorIds: [b.id] })).statusCode, 201);
  t.equal((await post('/v1/lineage-events', { kind: 'merge', effectiveOn: '2024-07-01', predecessorIds: [b.id, c.id], successorIds: [d.id] })).statusCode, 201);
  const cases: [string, string, string][] = [
    [led.id, '2023-12-31', 'co-quan-a'],
    [led.id, '2024-01-01', 'co-quan-b'],
    [led.id, '2024-06-30', 'co-quan-b'],
    [led.id, '2024-07-01', 'co-quan-d'],
    [ledByC.id, '2024-06-30', 'co-quan-c'],
    [ledByC.id, '2024-07-01', 'co-quan-d'],
  ];
  for (const [id, day, code] of cases) t.equal((await get(`/v1/tasks/${id}?asOf=${day}`)).responsibleAgency.code, code, `${day}: ${code}`);
  t.same((await get('/v1/tasks?leadAgencyId=co-quan-d&asOf=2024-07-01')).items.map((x: any) => x.code), ['70', '71'], 'D inherits through the rename and the merger');
  t.same((await get('/v1/tasks?leadAgencyId=co-quan-b&asOf=2024-07-01')).items, []);
  t.match(await get(`/v1/agencies/${a.id}`), { validTo: '2023-12-31' });
  t.match(await get(`/v1/agencies/${b.id}`), { validFrom: '2024-01-01', validTo: '2024-06-30' });
  t.equal((await get(`/v1/agencies/${d.id}/lineage`)).predecessors.length, 3, 'D descends from B and C directly, from A through B');

  // A split needs a successor for each task; one more agency to split into.
  const e = await create('co-quan-e');
  const f = await create('co-quan-f');
  const other = json(await post('/v1/tasks', { programId: program.id, groupId: group.id, code: '72', title: 'Nhiệm vụ thứ hai', kind: 'plan', leadAgencyId: d.id, deadline: { kind: 'year', fromYear: 2026 } }));
  const countEvents = async () => (await get('/v1/lineage-events?limit=200')).items.length;
  const eventsBefore = await countEvents();
  const agenciesBefore = (await get('/v1/agencies?limit=200')).items;
  const bad: [string, object, string[]][] = [
    ['a cycle', { kind: 'rename', effectiveOn: '2025-01-01', predecessorIds: [d.id], successorIds: [a.id] }, ['/successorIds/0']],
    ['merging an agency into itself', { kind: 'merge', effectiveOn: '2025-01-01', predecessorIds: [d.id, e.id], successorIds: [e.id] }, ['/successorIds/0']],
    ['an event before the agency existed', { kind: 'rename', effectiveOn: '2024-05-01', predecessorIds: [d.id], successorIds: [e.id] }, ['/predecessorIds/0']],
    ['closing an agency twice (overlapping validity)', { kind: 'rename', effectiveOn: '2025-01-01', predecessorIds: [c.id], successorIds: [e.id] }, ['/predecessorIds/0']],
    ['a split that does not place every task', { kind: 'split', effectiveOn: '2025-01-01', predecessorIds: [d.id], successorIds: [e.id, f.id], taskAssignments: [{ taskId: led.id, agencyId: e.id }] }, ['/taskAssignments']],
    ['a split assigning to an agency that is not a successor', { kind: 'split', effectiveOn: '2025-01-01', predecessorIds: [d.id], successorIds: [e.id, f.id], taskAssignments: [{ taskId: led.id, agencyId: e.id }, { taskId: ledByC.id, agencyId: e.id }, { taskId: other.id, agencyId: c.id }] }, ['/taskAssignments/2/agencyId']],
    ['a rename to two agencies', { kind: 'rename', effectiveOn: '2025-01-01', predecessorIds: [d.id], successorIds: [e.id, f.id] }, ['/successorIds']],
  ];
  for (const [name, body, pointers] of bad) {
    const refused = await post('/v1/lineage-events', body);
    t.equal(refused.statusCode, 422, `${name}: 422`);
    const found = json(refused).errors.map((x: any) => x.pointer);
    for (const pointer of pointers) t.ok(found.includes(pointer), `${name}: names ${pointer} (got ${JSON.stringify(json(refused).errors)})`);
  }
  const unplaced = json(await post('/v1/lineage-events', bad[4]![1]));
  t.match(unplaced.errors.find((x: any) => x.pointer === '/taskAssignments').message, new RegExp(`still to assign: .*${ledByC.id}`), 'the tasks still to assign are listed');
  t.equal(await countEvents(), eventsBefore, 'no event was recorded');
  t.same((await get('/v1/agencies?limit=200')).items, agenciesBefore, 'no agency changed');
  const viewer = await app.inject({ method: 'POST', url: '/v1/lineage-events', headers: { authorization: undefined }, payload: bad[0]![1] });
  t.equal(viewer.statusCode, 401);

  const split = await post('/v1/lineage-events', { kind: 'split', effectiveOn: '2025-01-01', predecessorIds: [d.id], successorIds: [e.id, f.id], taskAssignments: [{ taskId: led.id, agencyId: e.id }, { taskId: ledByC.id, agencyId: f.id }, { taskId: other.id, agencyId: f.id }] });
  t.equal(split.statusCode, 201, split.body);
  t.same((await get('/v1/tasks?leadAgencyId=co-quan-f&asOf=2025-01-01')).items.map((x: any) => x.code), ['71', '72'], 'after a split each task is where it was assigned');
  t.equal((await get(`/v1/tasks/${led.id}?asOf=2025-01-01`)).responsibleAgency.code, 'co-quan-e', 'A → B → D → E: a chain of three events');
});
