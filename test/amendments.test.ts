// Amendments to 17/CTr-UBND through the API, on a set clock: every kind proposed by an agency, recommended by DPI and
// approved by the Chairman's office, changing the program with its before/after, history, event and audit trail;
// declined and rejected proposals that change nothing; proposals overtaken by a direct edit; and every kind of bad
// input, each refused with the field at fault and nothing half-applied.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { queryRows } from '../src/db/types.js';
import { createTestApp, json } from './helpers/app.js';

/** A test, as t.test hands it to its callback. */
type Tap = NonNullable<ReturnType<typeof t.test>['subtest']>;

const vn = (local: string) => new Date(`${local}+07:00`); // a moment in Vietnam time
const decision = 'Quyết định số 123/QĐ-UBND ngày 15/3/2024';

/** A seeded service on a set clock, with the keys of an agency officer, DPI and the Chairman's office. */
async function world(t: Tap) {
  const clock = { now: vn('2024-02-20T09:00:00') };
  const { app, database, bearer } = await createTestApp(t, { clock: () => clock.now });
  const get = async (url: string, authorization?: string) => json(await app.inject({ url, ...(authorization ? { headers: { authorization } } : {}) }));
  const agencies: any[] = (await get('/v1/agencies?limit=200')).items;
  const agency = (code: string) => agencies.find((a) => a.code === code);
  const [industry, dpi, construction, ict, office] = ['so-cong-thuong', 'so-ke-hoach-va-dau-tu', 'so-xay-dung', 'so-thong-tin-va-truyen-thong', 'van-phong-ubnd-tp-can-tho'].map(agency);
  const keys = {
    industry: await bearer(['agency_officer'], industry.id),
    dpiOfficer: await bearer(['agency_officer'], dpi.id),
    coordinator: await bearer(['coordinator'], dpi.id),
    approver: await bearer(['approver'], office.id),
    viewer: await bearer(['viewer']),
  };
  const program = (await get('/v1/programs')).items[0];
  const tasks = async (): Promise<any[]> => (await get('/v1/tasks?programId=17/CTr-UBND&limit=200')).items;
  const indicators = async (): Promise<any[]> => (await get('/v1/indicators?programId=17/CTr-UBND&limit=200')).items;
  const initialTasks = await tasks();
  const task = (code: string) => initialTasks.find((x) => x.code === code);
  const post = (url: string, authorization: string | undefined, payload?: object) =>
    app.inject({ method: 'POST', url, headers: { authorization }, ...(payload ? { payload } : {}) });
  const rows = <T = any>(query: string) => queryRows<T>(database.db, sql.raw(query));
  /** The program as readers see it, and how many audit rows its tables have: equal before and after a refusal. */
  const programState = async () => ({
    tasks: await tasks(),
    indicators: await indicators(),
    audited: (await rows<{ n: number }>("select count(*)::int as n from audit_events where resource_type in ('tasks', 'task_supporters', 'indicators')"))[0]!.n,
  });
  return { app, clock, get, post, rows, agencies, agency, industry, dpi, construction, ict, office, keys, program, tasks, indicators, task, programState };
}
type World = Awaited<ReturnType<typeof world>>;

/** Proposes as `proposer` on 20/2, DPI recommends on 1/3, the approver approves on 15/3/2024. */
async function approveThroughReview(t: Tap, w: World, proposer: string, body: object) {
  w.clock.now = vn('2024-02-20T09:00:00');
  const proposed = await w.post('/v1/amendments', proposer, body);
  t.equal(proposed.statusCode, 201, `proposed: ${proposed.body}`);
  const { id } = json(proposed);
  w.clock.now = vn('2024-03-01T09:00:00');
  const recommended = await w.post(`/v1/amendments/${id}/recommend`, w.keys.coordinator, { note: 'Đề nghị UBND thành phố chấp thuận.' });
  t.equal(recommended.statusCode, 200, `recommended: ${recommended.body}`);
  w.clock.now = vn('2024-03-15T10:00:00');
  const approved = await w.post(`/v1/amendments/${id}/approve`, w.keys.approver, { decisionRef: decision, note: 'Đồng ý.' });
  t.equal(approved.statusCode, 200, `approved: ${approved.body}`);
  return { proposed: json(proposed), approved: json(approved) };
}

/** What every approval leaves behind: the history, the decision, the event, and audit rows of the change. */
async function checkRecorded(t: Tap, w: World, amendment: any, proposerAgencyId: string, audited: { resourceType: string; resourceId: string; column: string }) {
  t.match(amendment, { status: 'approved', decisionRef: decision, decidedAt: '2024-03-15T03:00:00.000Z', coordinatorNote: 'Đề nghị UBND thành phố chấp thuận.' });
  t.same(
    amendment.history.map((h: any) => [h.from, h.to, h.reason, h.actor.agencyId, h.at]),
    [
      [null, 'proposed', null, proposerAgencyId, '2024-02-20T02:00:00.000Z'],
      ['proposed', 'recommended', 'Đề nghị UBND thành phố chấp thuận.', w.dpi.id, '2024-03-01T02:00:00.000Z'],
      ['recommended', 'approved', `${decision} — Đồng ý.`, w.office.id, '2024-03-15T03:00:00.000Z'],
    ],
    'every transition: who, when, from, to, why',
  );
  t.ok(amendment.history.every((h: any) => h.actor.type === 'api_key' && h.requestId), 'each by an API key, in a request');
  t.same(await w.get(`/v1/amendments/${amendment.id}`), amendment, 'GET shows the same');
  const events = await w.rows(`select data from outbox_events where type = 'amendment.decided' and resource_id = '${amendment.id}'`);
  t.equal(events.length, 1, 'one amendment.decided event');
  t.match(events[0]!.data, { amendmentId: amendment.id, kind: amendment.kind, from: 'recommended', to: 'approved', decisionRef: decision });
  t.same(events[0]!.data.after, amendment.after, 'the event carries before/after');
  const trail = await w.rows(
    `select resource_type, action, changes, actor_name from audit_events where operation_id = 'approveAmendment' and resource_type = '${audited.resourceType}' and resource_id = '${audited.resourceId}'`,
  );
  t.ok(trail.some((row) => audited.column in row.changes), `the audit trail records ${audited.resourceType}.${audited.column}`);
  const own = await w.rows(`select changes from audit_events where resource_type = 'amendments' and resource_id = '${amendment.id}' and operation_id = 'approveAmendment'`);
  t.match(own, [{ changes: { status: { before: 'recommended', after: 'approved' } } }], 'and the amendment\'s own change');
}

t.test('every kind of amendment, proposed, recommended and approved', async (t) => {
  const w = await world(t);
  const { keys, program, industry, dpi } = w;
  const industryTasks = (await w.tasks()).filter((x) => x.leadAgency.code === 'so-cong-thuong' && x.code !== '07');
  t.ok(industryTasks.length >= 2, 'the Department of Industry and Trade leads other tasks too');
  const task07 = w.task('07');
  const base = { programId: program.id, proposingAgencyId: industry.id };

  await t.test('change_task_deadline', async (t) => {
    const { proposed, approved } = await approveThroughReview(t, w, keys.industry, {
      ...base,
      kind: 'change_task_deadline',
      taskId: task07.id,
      change: { deadline: { kind: 'year', fromYear: 2024, text: '2024' } },
      rationale: 'Chờ hướng dẫn của Bộ Công Thương về thương mại điện tử.',
    });
    const was = { deadline: { kind: 'year_range', fromYear: 2021, toYear: 2022, text: '2021-2022' } };
    t.match(proposed, { status: 'proposed', taskId: task07.id, indicatorId: null, base: was, before: null, after: null, decisionRef: null });
    t.same([approved.before, approved.after], [was, { deadline: { kind: 'year', fromYear: 2024, toYear: 2024, text: '2024' } }], 'before and after');
    t.same((await w.get(`/v1/tasks/${task07.id}`)).deadline, { kind: 'year', fromYear: 2024, toYear: 2024, text: '2024', dueOn: '2024-12-31' }, 'the task has the new deadline');
    const history = (await w.get(`/v1/tasks/${task07.id}/amendments`)).items;
    t.same(history.map((a: any) => [a.id, a.status, a.after]), [[approved.id, 'approved', approved.after]], 'the task\'s amendment history shows it');
    await checkRecorded(t, w, approved, industry.id, { resourceType: 'tasks', resourceId: task07.id, column: 'deadline_from_year' });
  });

  await t.test('change_task_lead', async (t) => {
    const moved = industryTasks[0];
    const { approved } = await approveThroughReview(t, w, keys.industry, {
      ...base,
      kind: 'change_task_lead',
      taskId: moved.id,
      change: { leadAgencyId: dpi.id },
      rationale: 'Giao Sở Kế hoạch và Đầu tư chủ trì theo chức năng tổng hợp.',
    });
    t.same([approved.base, approved.before, approved.after], [{ leadAgencyId: industry.id }, { leadAgencyId: industry.id }, { leadAgencyId: dpi.id }]);
    t.equal((await w.get(`/v1/tasks/${moved.id}`)).leadAgency.code, 'so-ke-hoach-va-dau-tu', 'DPI leads it now');
    t.same((await w.get(`/v1/tasks/${moved.id}/amendments`)).items.map((a: any) => a.id), [approved.id]);
    await checkRecorded(t, w, approved, industry.id, { resourceType: 'tasks', resourceId: moved.id, column: 'lead_agency_id' });
  });

  await t.test('change_task_supporters', async (t) => {
    const group = (await w.get('/v1/agency-groups')).items.find((g: any) => g.code === 'district_peoples_committees');
    const wasSupporters = task07.supporters.map((s: any) => (s.type === 'agency' ? { agencyId: s.id } : { agencyGroupId: s.id }));
    const { approved } = await approveThroughReview(t, w, keys.industry, {
      ...base,
      kind: 'change_task_supporters',
      taskId: task07.id,
      change: { supporters: [{ agencyId: w.ict.id }, { agencyGroupId: group.id }], supportingText: 'Sở Thông tin và Truyền thông, UBND quận, huyện' },
      rationale: 'Bổ sung Sở Thông tin và Truyền thông phối hợp về hạ tầng số.',
    });
    t.same(approved.before, { supporters: wasSupporters, supportingText: task07.supportingText });
    t.same(approved.after, { supporters: [{ agencyId: w.ict.id }, { agencyGroupId: group.id }], supportingText: 'Sở Thông tin và Truyền thông, UBND quận, huyện' });
    const now = await w.get(`/v1/tasks/${task07.id}`);
    t.same(now.supporters.map((s: any) => s.code), ['so-thong-tin-va-truyen-thong', 'district_peoples_committees'], 'the task has the new supporters');
    t.equal(now.supportingText, 'Sở Thông tin và Truyền thông, UBND quận, huyện');
    t.equal((await w.get(`/v1/tasks/${task07.id}/amendments`)).items.length, 2, 'task 07 has two amendments now');
    await checkRecorded(t, w, approved, industry.id, { resourceType: 'task_supporters', resourceId: task07.id, column: 'agency_id' });
  });

  await t.test('cancel_task', async (t) => {
    const cancelled = industryTasks[1];
    const { approved } = await approveThroughReview(t, w, keys.industry, {
      ...base,
      kind: 'cancel_task',
      taskId: cancelled.id,
      change: {},
      rationale: 'Nội dung đã được lồng ghép vào Đề án chuyển đổi số thành phố.',
    });
    t.same([approved.before, approved.after], [{ status: 'not_started' }, { status: 'cancelled' }]);
    t.equal((await w.get(`/v1/tasks/${cancelled.id}`)).status, 'cancelled', 'the task is cancelled');
    t.same((await w.get(`/v1/tasks/${cancelled.id}/amendments`)).items.map((a: any) => [a.id, a.status, a.after]), [[approved.id, 'approved', { status: 'cancelled' }]]);
    const told = await w.rows(`select data from outbox_events where type = 'task.status_changed' and resource_id = '${cancelled.id}'`);
    t.match(told, [{ data: { from: 'not_started', to: 'cancelled' } }], 'subscribers hear of the status change, as for a direct edit');
    await checkRecorded(t, w, approved, industry.id, { resourceType: 'tasks', resourceId: cancelled.id, column: 'status' });
  });

  await t.test('add_task', async (t) => {
    const group = (await w.get('/v1/agency-groups')).items.find((g: any) => g.code === 'city_departments_and_boards');
    const change = {
      groupId: task07.group.id,
      code: '45',
      title: 'Đề án phát triển logistics thành phố Cần Thơ giai đoạn 2024 - 2030',
      kind: 'scheme',
      leadAgencyId: industry.id,
      deadline: { kind: 'year_range', fromYear: 2024, toYear: 2025, text: '2024-2025' },
      supporters: [{ agencyGroupId: group.id }],
      supportingText: 'Các Sở, ban ngành thành phố',
    };
    const { proposed, approved } = await approveThroughReview(t, w, keys.industry, { ...base, kind: 'add_task', change, rationale: 'Triển khai Quyết định số 221/QĐ-TTg về phát triển dịch vụ logistics.' });
    t.match(proposed, { taskId: null, base: null });
    t.equal((await w.tasks()).filter((x) => x.code === '45').length, 1, 'the task exists once approved');
    const created = (await w.tasks()).find((x) => x.code === '45');
    t.match(created, { title: change.title, kind: 'scheme', leadAgency: { code: 'so-cong-thuong' }, deadline: { kind: 'year_range', fromYear: 2024, toYear: 2025, dueOn: '2025-12-31' }, status: 'not_started' });
    t.same(approved.before, null);
    t.same(approved.after, { taskId: created.id, ...change, deadline: { kind: 'year_range', fromYear: 2024, toYear: 2025, text: '2024-2025' }, isKey: false });
    t.equal(approved.taskId, created.id, 'the amendment names the task it created');
    t.same((await w.get(`/v1/tasks/${created.id}/amendments`)).items.map((a: any) => a.id), [approved.id], 'the new task\'s history starts with it');
    await checkRecorded(t, w, approved, industry.id, { resourceType: 'tasks', resourceId: created.id, column: 'code' });
  });

  await t.test('change_indicator_target', async (t) => {
    const poverty = (await w.indicators()).find((i) => i.code === '11');
    const { approved } = await approveThroughReview(t, w, keys.dpiOfficer, {
      programId: program.id,
      proposingAgencyId: dpi.id,
      kind: 'change_indicator_target',
      indicatorId: poverty.id,
      change: { target: { comparator: 'lt', upper: 1, text: 'dưới 1%' } },
      rationale: 'Áp dụng chuẩn nghèo đa chiều giai đoạn 2022 - 2025 theo Nghị định 07/2021/NĐ-CP.',
    });
    t.same(approved.before, { target: { comparator: 'lt', lower: null, upper: 0.5, text: 'dưới 0,5%' }, basis: 'by_year', targetYear: 2025 });
    t.same(approved.after, { target: { comparator: 'lt', lower: null, upper: 1, text: 'dưới 1%' }, basis: 'by_year', targetYear: 2025 });
    t.match(approved, { taskId: null, indicatorId: poverty.id });
    t.same((await w.get(`/v1/indicators/${poverty.id}`)).target, { comparator: 'lt', lower: null, upper: 1, text: 'dưới 1%' }, 'the indicator has the new target');
    t.same((await w.get(`/v1/indicators/${poverty.id}/amendments`)).items.map((a: any) => [a.id, a.status]), [[approved.id, 'approved']]);
    await checkRecorded(t, w, approved, dpi.id, { resourceType: 'indicators', resourceId: poverty.id, column: 'target_upper' });
  });

  await t.test('listing amendments', async (t) => {
    const all = (await w.get('/v1/amendments?programId=17/CTr-UBND')).items;
    t.same(all.map((a: any) => a.kind), ['change_task_deadline', 'change_task_lead', 'change_task_supporters', 'cancel_task', 'add_task', 'change_indicator_target'], 'oldest first');
    t.notOk('history' in all[0], 'without their history');
    t.same((await w.get('/v1/amendments?sort=-createdAt')).items.map((a: any) => a.id), all.map((a: any) => a.id).reverse(), 'newest first');
    t.equal((await w.get(`/v1/amendments?taskId=${task07.id}`)).items.length, 2, 'by task');
    t.same((await w.get('/v1/amendments?proposingAgencyId=so-ke-hoach-va-dau-tu')).items.map((a: any) => a.kind), ['change_indicator_target'], 'by proposing agency code');
    t.same((await w.get('/v1/amendments?kind=cancel_task&status=approved')).items.length, 1, 'by kind and status');
    t.same((await w.get('/v1/amendments?status=proposed')).items, [], 'none left undecided');
    const paged: string[] = [];
    for (let cursor: string | null = null, n = 0; n < 10; n++) {
      const page: any = await w.get(`/v1/amendments?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((a: any) => a.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    t.same(paged, all.map((a: any) => a.id), 'pages of 4 list each once, in order');
    t.equal((await w.rows("select count(*)::int as n from outbox_events where type = 'amendment.decided'"))[0].n, 6, 'one decision event each');
    t.equal((await w.app.inject('/v1/tasks/00000000-0000-4000-8000-000000000000/amendments')).statusCode, 404, 'the history of an unknown task');
    t.equal((await w.app.inject('/v1/indicators/00000000-0000-4000-8000-000000000000/amendments')).statusCode, 404, 'of an unknown indicator');
    t.equal((await w.app.inject({ url: '/v1/amendments', headers: { authorization: keys.viewer } })).statusCode, 200, 'any reader may read them');
  });
});

t.test('declined and rejected proposals change nothing', async (t) => {
  const w = await world(t);
  const { keys, program, industry } = w;
  const before = await w.programState();
  const propose = async (body: object) => json(await w.post('/v1/amendments', keys.industry, { programId: program.id, proposingAgencyId: industry.id, rationale: 'Lý do.', ...body }));
  const moving = await propose({ kind: 'change_task_deadline', taskId: w.task('07').id, change: { deadline: { kind: 'year', fromYear: 2025 } } });
  t.equal((await w.post(`/v1/amendments/${moving.id}/decline`, keys.coordinator, {})).statusCode, 400, 'declining needs a note');
  t.equal((await w.post(`/v1/amendments/${moving.id}/decline`, keys.industry, { note: 'Rút lại.' })).statusCode, 403, 'an agency cannot decline, even its own');
  w.clock.now = vn('2024-02-25T08:30:00');
  const declined = await w.post(`/v1/amendments/${moving.id}/decline`, keys.coordinator, { note: 'Thời gian trình năm 2025 vượt quá kỳ kế hoạch.' });
  t.equal(declined.statusCode, 200);
  t.match(json(declined), { status: 'declined', coordinatorNote: 'Thời gian trình năm 2025 vượt quá kỳ kế hoạch.', decisionRef: null, decidedAt: null, before: null, after: null });
  t.match(json(declined).history.at(-1), { from: 'proposed', to: 'declined', reason: 'Thời gian trình năm 2025 vượt quá kỳ kế hoạch.', at: '2024-02-25T01:30:00.000Z' });
  t.match(json(await w.post(`/v1/amendments/${moving.id}/recommend`, keys.coordinator, {})), { type: 'tag:plantrack,2026:problems/invalid-transition', detail: 'A declined amendment cannot be recommended; only a proposed one can.' });

  const cancelling = await propose({ kind: 'cancel_task', taskId: w.task('07').id, change: {} });
  t.equal((await w.post(`/v1/amendments/${cancelling.id}/recommend`, keys.coordinator, {})).statusCode, 200, 'recommended without a note');
  const rejected = await w.post(`/v1/amendments/${cancelling.id}/reject`, keys.approver, { decisionRef: 'Công văn số 456/UBND-KT ngày 20/3/2024' });
  t.equal(rejected.statusCode, 200);
  t.match(json(rejected), { status: 'rejected', decisionRef: 'Công văn số 456/UBND-KT ngày 20/3/2024', before: null, after: null, decidedAt: /Z$/ });
  t.match(json(rejected).history.at(-1), { from: 'recommended', to: 'rejected', reason: 'Công văn số 456/UBND-KT ngày 20/3/2024' });
  t.equal((await w.post(`/v1/amendments/${cancelling.id}/approve`, keys.approver, { decisionRef: decision })).statusCode, 409, 'a rejected amendment stays rejected');
  const events = await w.rows("select resource_id, data from outbox_events where type = 'amendment.decided'");
  t.match(events, [{ resource_id: cancelling.id, data: { to: 'rejected', before: null, after: null } }], 'the rejection is told; the declination is DPI\'s, not a decision');
  t.same(await w.programState(), before, 'the program is as it was');
});

t.test('a proposal overtaken by a direct change is refused', async (t) => {
  const w = await world(t);
  const { keys, program, industry } = w;
  const task07 = w.task('07');
  const body = { programId: program.id, proposingAgencyId: industry.id, kind: 'change_task_deadline', taskId: task07.id, change: { deadline: { kind: 'year', fromYear: 2024 } }, rationale: 'Lùi thời gian trình.' };
  const proposed = json(await w.post('/v1/amendments', keys.industry, body));
  t.equal((await w.post(`/v1/amendments/${proposed.id}/recommend`, keys.coordinator, {})).statusCode, 200);
  const patched = await w.app.inject({ method: 'PATCH', url: `/v1/tasks/${task07.id}`, headers: { authorization: keys.coordinator }, payload: { deadline: { kind: 'year', fromYear: 2023, text: '2023' } } });
  t.equal(patched.statusCode, 200, 'DPI moves the deadline directly');
  const refused = await w.post(`/v1/amendments/${proposed.id}/approve`, keys.approver, { decisionRef: decision });
  t.equal(refused.statusCode, 409);
  t.match(json(refused), { type: 'tag:plantrack,2026:problems/conflict', detail: /^The task changed since the amendment was proposed: deadline was .*2021-2022.* and is now .*2023/ });
  t.same((await w.get(`/v1/tasks/${task07.id}`)).deadline, { kind: 'year', fromYear: 2023, toYear: 2023, text: '2023', dueOn: '2023-12-31' }, 'the task keeps DPI\'s deadline');
  const still = await w.get(`/v1/amendments/${proposed.id}`);
  t.match(still, { status: 'recommended', decisionRef: null, before: null, after: null });
  t.equal(still.history.length, 2, 'no transition recorded');
  t.equal((await w.post(`/v1/amendments/${proposed.id}/reject`, keys.approver, { decisionRef: decision, note: 'Đã điều chỉnh trực tiếp.' })).statusCode, 200, 'the approver rejects it instead');

  const lead = json(await w.post('/v1/amendments', keys.industry, { ...body, kind: 'change_task_lead', change: { leadAgencyId: w.construction.id } }));
  await w.app.inject({ method: 'PATCH', url: `/v1/tasks/${task07.id}`, headers: { authorization: keys.coordinator }, payload: { leadAgencyId: w.dpi.id } });
  const stale = await w.post(`/v1/amendments/${lead.id}/recommend`, keys.coordinator, {});
  t.equal(stale.statusCode, 409, 'DPI cannot recommend a stale proposal');
  t.match(json(stale).detail, /leadAgencyId was .* and is now/);
  t.equal((await w.post(`/v1/amendments/${lead.id}/decline`, keys.coordinator, { note: 'Nhiệm vụ đã đổi cơ quan chủ trì.' })).statusCode, 200, 'it declines it');
});

t.test('bad input is refused precisely, and changes nothing', async (t) => {
  const w = await world(t);
  const { keys, program, industry, app } = w;
  const task07 = w.task('07');
  const nobody = '00000000-0000-4000-8000-000000000000';
  const other = json(await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: 'X/2024', title: 'Chương trình khác', startYear: 2024, endYear: 2025 } }));
  const otherGroup = json(await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { programId: other.id, code: '1', title: 'Nhóm 1', position: 1 } }));
  const otherTask = json(
    await app.inject({ method: 'POST', url: '/v1/tasks', payload: { programId: other.id, groupId: otherGroup.id, code: '01', title: 'Nhiệm vụ khác', kind: 'plan', leadAgencyId: industry.id, deadline: { kind: 'year', fromYear: 2024 } } }),
  );
  t.ok(otherTask.id, 'a task of another program');
  const before = await w.programState();
  const valid = { programId: program.id, proposingAgencyId: industry.id, rationale: 'Lý do đề nghị.' };
  const deadline = { ...valid, kind: 'change_task_deadline', taskId: task07.id, change: { deadline: { kind: 'year', fromYear: 2024 } } };
  const newTask = { groupId: task07.group.id, code: '45', title: 'Nhiệm vụ mới', kind: 'plan', leadAgencyId: industry.id, deadline: { kind: 'year', fromYear: 2024 } };

  const cases: [string, object, number, string[], string?][] = [
    ['a change of another kind\'s shape', { ...deadline, change: { leadAgencyId: w.dpi.id } }, 400, ['/change/deadline', '/change/leadAgencyId']],
    ['an unknown kind', { ...deadline, kind: 'merge_tasks' }, 400, ['/kind']],
    ['a task kind without its task', { ...valid, kind: 'cancel_task', change: {} }, 400, ['/taskId']],
    ['an indicator on a task kind', { ...deadline, indicatorId: nobody }, 400, ['/indicatorId']],
    ['a field cancel_task does not take', { ...valid, kind: 'cancel_task', taskId: task07.id, change: { reason: 'x' } }, 400, ['/change/reason']],
    ['a blank rationale', { ...deadline, rationale: ' ' }, 400, ['/rationale']],
    ['a program that does not exist', { ...deadline, programId: nobody }, 422, ['/programId']],
    ['a task of another program', { ...deadline, taskId: otherTask.id }, 422, ['/taskId']],
    ['an indicator that does not exist', { ...valid, kind: 'change_indicator_target', indicatorId: nobody, change: { target: null, basis: null } }, 422, ['/indicatorId']],
    ['an unknown lead agency', { ...deadline, kind: 'change_task_lead', change: { leadAgencyId: nobody } }, 422, ['/change/leadAgencyId']],
    ['an unknown supporter', { ...deadline, kind: 'change_task_supporters', change: { supporters: [{ agencyId: w.ict.id }, { agencyId: nobody }] } }, 422, ['/change/supporters/1/agencyId']],
    ['a supporter twice', { ...deadline, kind: 'change_task_supporters', change: { supporters: [{ agencyId: w.ict.id }, { agencyId: w.ict.id }] } }, 400, ['/change/supporters/1']],
    ['a group of another program', { ...valid, kind: 'add_task', change: { ...newTask, groupId: otherGroup.id } }, 422, ['/change/groupId']],
    ['a year range that ends before it starts', { ...deadline, change: { deadline: { kind: 'year_range', fromYear: 2025, toYear: 2024 } } }, 422, ['/change/deadline']],
    ['a target with its bounds reversed', { ...valid, kind: 'change_indicator_target', indicatorId: before.indicators[0].id, change: { target: { comparator: 'between', lower: 8, upper: 7 } } }, 422, ['/change/target']],
    ['a change that changes nothing', { ...deadline, change: { deadline: { kind: 'year_range', fromYear: 2021, toYear: 2022, text: '2021-2022' } } }, 422, ['/change']],
    ['a task code the program has', { ...valid, kind: 'add_task', change: { ...newTask, code: '01' } }, 409, ['/change/code']],
  ];
  for (const [name, payload, status, pointers] of cases) {
    const response = await w.post('/v1/amendments', keys.industry, payload);
    t.equal(response.statusCode, status, `${name}: ${status}`);
    t.same((json(response).errors ?? []).map((e: any) => e.pointer), pointers, `${name}: names ${pointers.join(', ')} (${response.body})`);
  }
  const forOther = await w.post('/v1/amendments', keys.industry, { ...deadline, proposingAgencyId: w.construction.id });
  t.equal(forOther.statusCode, 403, 'an officer proposes only for its own agency');
  t.equal(json(forOther).detail, 'An agency officer may only propose amendments for its own agency.');
  t.equal((await w.post('/v1/amendments', keys.coordinator, { ...deadline, proposingAgencyId: nobody })).statusCode, 422, 'an unknown proposing agency');
  t.equal((await w.post('/v1/amendments', keys.viewer, deadline)).statusCode, 403, 'a viewer cannot propose');
  t.equal((await w.post('/v1/amendments', undefined, deadline)).statusCode, 401, 'nobody without credentials');
  t.same((await w.get('/v1/amendments')).items, [], 'no amendment was recorded by any of them');
  t.same(await w.programState(), before, 'and the trial applications left no trace in the program or its audit trail');

  const proposal = json(await w.post('/v1/amendments', keys.industry, deadline));
  const at = (action: string) => `/v1/amendments/${proposal.id}/${action}`;
  const steps: [string, string, string, object, number][] = [
    ['an officer recommending', 'recommend', keys.industry, {}, 403],
    ['the approver approving a proposed one', 'approve', keys.approver, { decisionRef: decision }, 409],
    ['recommending with an unknown field', 'recommend', keys.coordinator, { reason: 'x' }, 400],
    ['recommending', 'recommend', keys.coordinator, { note: 'Đề nghị chấp thuận.' }, 200],
    ['recommending twice', 'recommend', keys.coordinator, {}, 409],
    ['a coordinator approving', 'approve', keys.coordinator, { decisionRef: decision }, 403],
    ['approving without a decision reference', 'approve', keys.approver, { note: 'Đồng ý.' }, 400],
    ['approving', 'approve', keys.approver, { decisionRef: decision }, 200],
    ['approving twice', 'approve', keys.approver, { decisionRef: decision }, 409],
    ['rejecting an approved one', 'reject', keys.approver, { decisionRef: decision }, 409],
    ['declining an approved one', 'decline', keys.coordinator, { note: 'x' }, 409],
  ];
  for (const [name, action, key, payload, status] of steps) {
    const previous = await w.get(`/v1/amendments/${proposal.id}`);
    const response = await w.post(at(action), key, payload);
    t.equal(response.statusCode, status, `${name}: ${status}`);
    if (status === 400) t.ok(json(response).errors.some((e: any) => e.pointer === (action === 'approve' ? '/decisionRef' : '/reason')), `${name}: names the field`);
    if (status === 409) t.equal(json(response).type, 'tag:plantrack,2026:problems/invalid-transition', `${name}: invalid-transition`);
    if (status !== 200) t.same(await w.get(`/v1/amendments/${proposal.id}`), previous, `${name}: changes nothing`);
  }
  t.equal((await w.post('/v1/amendments/00000000-0000-4000-8000-000000000000/recommend', keys.coordinator, {})).statusCode, 404, 'an unknown amendment');
  t.equal((await app.inject('/v1/amendments/00000000-0000-4000-8000-000000000000')).statusCode, 404);
});

t.test('an approval that cannot be applied leaves everything as it was', async (t) => {
  const w = await world(t);
  const { keys, program, industry, app } = w;
  const task07 = w.task('07');
  const valid = { programId: program.id, proposingAgencyId: industry.id, rationale: 'Lý do đề nghị.' };
  const review = async (body: object) => {
    const proposed = json(await w.post('/v1/amendments', keys.industry, { ...valid, ...body }));
    t.equal((await w.post(`/v1/amendments/${proposed.id}/recommend`, keys.coordinator, {})).statusCode, 200);
    return proposed.id as string;
  };

  // A task code taken between proposal and approval.
  const adding = await review({ kind: 'add_task', change: { groupId: task07.group.id, code: '46', title: 'Kế hoạch phát triển kinh tế đêm', kind: 'plan', leadAgencyId: industry.id, deadline: { kind: 'year', fromYear: 2024 } } });
  const direct = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { authorization: keys.coordinator }, payload: { programId: program.id, groupId: task07.group.id, code: '46', title: 'Đề án do Sở KH&ĐT trình', kind: 'scheme', leadAgencyId: w.dpi.id, deadline: { kind: 'year', fromYear: 2024 } } });
  t.equal(direct.statusCode, 201, 'DPI adds a task 46 directly');

  // An agency removed between proposal and approval: the task is updated, then its supporters fail.
  const newcomer = json(await app.inject({ method: 'POST', url: '/v1/agencies', payload: { code: 'so-ngoai-vu', name: 'Sở Ngoại vụ', kind: 'department' } }));
  const supporting = await review({ kind: 'change_task_supporters', taskId: task07.id, change: { supporters: [{ agencyId: newcomer.id }], supportingText: 'Sở Ngoại vụ' } });
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/agencies/${newcomer.id}` })).statusCode, 204, 'the agency is deleted');

  const before = await w.programState();
  for (const [name, id, detail] of [
    ['a task code taken since', adding, /change\/code/],
    ['a supporter removed since', supporting, /change\/supporters\/0\/agencyId/],
  ] as const) {
    const previous = await w.get(`/v1/amendments/${id}`);
    const refused = await w.post(`/v1/amendments/${id}/approve`, keys.approver, { decisionRef: decision });
    t.equal(refused.statusCode, 409, `${name}: 409`);
    t.match(json(refused), { type: 'tag:plantrack,2026:problems/conflict', detail: /^The change no longer applies to the program as it is now/ }, `${name}: conflict`);
    t.match(json(refused).detail, detail, `${name}: names the field of the change`);
    t.same(await w.get(`/v1/amendments/${id}`), previous, `${name}: the amendment stays recommended`);
  }
  t.same(await w.programState(), before, 'the program, and its audit trail, as it was');
  t.equal((await w.tasks()).find((x) => x.code === '46').title, 'Đề án do Sở KH&ĐT trình', 'task 46 is DPI\'s');
  t.same(await w.rows("select id from outbox_events where type = 'amendment.decided'"), [], 'no decision was told');
});
