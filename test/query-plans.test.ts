// How the list endpoints talk to PostgreSQL at scale: a program of 60,000 tasks, 27,000 indicators with 100,000 values, 60,000
// reports and 200,000 audit events (generated with SQL, then ANALYZEd), and every list query the API sends for the
// usual filters is EXPLAINed: none may read a large table with a sequential scan. And no list costs a statement per
// row (N+1): the statements a page costs are the same for 5 rows and for 200.
// PostgreSQL only: the planner's choices depend on statistics at scale, and generating them on the embedded database
// would take most of a minute for the same answer.
import t from 'tap';
import { createTestApp, json, postgresUrl } from './helpers/app.js';
import { planNodes, recordQueries } from './helpers/queries.js';

// Amendments and lineage events stay few (a program has dozens); agencies and programs, thousands at most.
const largeTables = ['tasks', 'task_supporters', 'indicators', 'indicator_values', 'reports', 'report_task_updates', 'audit_events'];

t.test('list queries at scale use indexes, and cost the same number of statements at any page size', { skip: postgresUrl ? false : 'PostgreSQL only (set DATABASE_URL)' }, async (t) => {
  const { app, database } = await createTestApp(t);
  const queries = recordQueries(database);
  t.teardown(() => queries.restore());
  const run = queries.run;
  const started = performance.now();
  // One statement per table, in one transaction, with the audit triggers off (the rows are test data).
  await run('begin');
  await run(`select set_config('plantrack.audit', 'off', true)`);
  await run(`insert into agencies (code, name, kind) select 'tai-' || g, 'Cơ quan thử tải ' || g, 'department' from generate_series(1, 1000) g`);
  await run(`insert into agency_groups (code, name) select 'nhom-tai-' || g, 'Nhóm thử tải ' || g from generate_series(1, 10) g`);
  await run(`insert into agency_group_members (group_id, agency_id)
    select gr.id, a.id from agency_groups gr join agencies a on a.code like 'tai-%' and (substring(a.code from 5)::int % 10) = (substring(gr.code from 10)::int - 1) where gr.code like 'nhom-tai-%'`);
  await run(`insert into programs (code, title, start_year, end_year, reporting_period_kinds) values ('TAI/2025', 'Chương trình thử tải', 2021, 2025, '{annual,half_year,quarter,month}')`);
  await run(`insert into task_groups (program_id, code, title, position, appendix_section)
    select p.id, g::text, 'Nhóm nhiệm vụ ' || g, g, case when g <= 8 then (array['I','II','III','IV','V','VI','VII','VIII'])[g] end from programs p, generate_series(1, 20) g where p.code = 'TAI/2025'`);
  await run(`with a as (select array_agg(id order by code) ids from agencies where code like 'tai-%'),
    gr as (select array_agg(id order by position) ids from task_groups where code ~ '^[0-9]+$' and program_id = (select id from programs where code = 'TAI/2025'))
    insert into tasks (program_id, group_id, code, title, kind, lead_agency_id, deadline_kind, deadline_from_year, deadline_to_year, status, progress, completed_on)
    select (select id from programs where code = 'TAI/2025'), gr.ids[1 + g % 20], lpad(g::text, 6, '0'),
      (array['Kế hoạch', 'Đề án', 'Chương trình', 'Báo cáo'])[1 + g % 4] || ' thử tải số ' || g || ' về ' || (array['phát triển kinh tế', 'chuyển đổi số', 'du lịch', 'nông nghiệp', 'giáo dục'])[1 + g % 5],
      'plan', a.ids[1 + g % 1000], 'year', 2021 + g % 5, 2021 + g % 5,
      (array['not_started', 'in_progress', 'completed', 'cancelled'])[1 + g % 4], (g * 7) % 101, case when g % 4 = 2 then date '2023-06-30' end
    from generate_series(1, 60000) g, a, gr`);
  await run(`with a as (select array_agg(id order by code) ids from agencies where code like 'tai-%'), gr as (select array_agg(id order by code) ids from agency_groups where code like 'nhom-tai-%')
    insert into task_supporters (task_id, position, agency_id, agency_group_id)
    select t.id, s, case when s = 1 then a.ids[1 + (t.code::int * 7) % 1000] end, case when s = 2 then gr.ids[1 + t.code::int % 10] end
    from tasks t, a, gr, generate_series(1, 2) s where t.program_id = (select id from programs where code = 'TAI/2025')`);
  await run(`insert into indicators (program_id, code, position, category, name, direction)
    select (select id from programs where code = 'TAI/2025'), 'T' || g, g, 'economic', 'Chỉ tiêu thử tải ' || g, 'higher_is_better' from generate_series(1, 27000) g`);
  await run(`insert into indicator_values (indicator_id, period, value, kind)
    select i.id, y || '-Q' || q, (y * q) % 97, 'official' from indicators i, generate_series(2021, 2025) y, generate_series(1, 4) q where i.code like 'T%' and i.position <= 5000`);
  await run(`insert into reports (program_id, agency_id, period, status, due_on)
    select (select id from programs where code = 'TAI/2025'), a.id, y || '-' || lpad(m::text, 2, '0'), 'draft', make_date(y, m, 20)
    from agencies a, generate_series(2021, 2025) y, generate_series(1, 12) m where a.code like 'tai-%'`);
  await run(`insert into audit_events (occurred_at, actor_type, actor_id, actor_name, resource_type, resource_id, action, changes)
    select timestamptz '2024-01-01' + g * interval '1 minute', 'api_key', 'key-' || (g % 50), 'Khóa ' || (g % 50), 'tasks', md5(g::text)::uuid::text, 'update', '{}'::jsonb
    from generate_series(1, 200000) g`);
  await run('commit');
  await run('analyze');
  t.comment(`generated in ${Math.round(performance.now() - started)} ms`);
  queries.take();

  const get = async (url: string) => json(await app.inject(url));
  const program = (await get('/v1/programs?q=thu%20tai')).items[0];
  const agency = (await get('/v1/agencies?q=tai-17&sort=code&limit=1')).items[0];
  const group = (await get(`/v1/task-groups?programId=${program.id}&limit=1`)).items[0];
  const indicator = (await get(`/v1/indicators?programId=${program.id}&limit=1`)).items[0];
  const deep = async (url: string) => {
    let page = await get(`${url}&limit=200`);
    for (let i = 0; i < 5 && page.nextCursor; i++) page = await get(`${url}&limit=200&cursor=${page.nextCursor}`);
    return `${url}&limit=50&cursor=${page.nextCursor}`;
  };
  const lists = [
    `/v1/tasks?programId=${program.id}&leadAgencyId=${agency.code}&status=in_progress`,
    `/v1/tasks?programId=${program.id}`,
    await deep(`/v1/tasks?programId=${program.id}`),
    `/v1/tasks?q=thu%20tai%20so%201234`,
    `/v1/tasks?supportingAgencyId=${agency.id}`,
    `/v1/tasks?programId=${program.id}&dueYear=2023&status=completed`,
    `/v1/tasks?groupId=${group.id}`,
    `/v1/tasks?programId=${program.id}&sort=-code`,
    `/v1/agencies/${agency.id}/tasks?role=lead`,
    `/v1/indicators?programId=${program.id}`,
    `/v1/indicators?q=T4999`,
    `/v1/indicator-values?indicatorId=${indicator.id}`,
    `/v1/indicator-values?programId=${program.id}&period=2023-Q2`,
    `/v1/reports?programId=${program.id}&period=2024-03`,
    `/v1/reports?agencyId=${agency.id}&status=draft`,
    await deep(`/v1/reports?programId=${program.id}`),
    `/v1/audit-events?resourceType=tasks`,
    `/v1/audit-events?actorId=key-7`,
    `/v1/audit-events?from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z`,
    `/v1/audit-events?resourceId=${'c4ca4238-a0b9-2382-0dcc-509a6f75849b'}`,
    `/v1/amendments?programId=${program.id}`,
  ];
  for (const url of lists) {
    const answer = await app.inject(url);
    t.equal(answer.statusCode, 200, `${url}: 200`);
    const sent = queries.take().filter((q) => /^\s*(select|with)\b/i.test(q.text));
    const scans: string[] = [];
    for (const statement of sent) {
      const explained = await run(`explain (format json) ${statement.text}`, statement.values);
      const plan = (explained.rows[0]!['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan;
      for (const node of planNodes(plan)) {
        if (node['Node Type'] === 'Seq Scan' && largeTables.includes(String(node['Relation Name']))) scans.push(`${node['Relation Name']} in: ${statement.text.slice(0, 160)}`);
      }
    }
    t.same(scans, [], `${url.slice(0, 120)}: no sequential scan of a large table (${sent.length} statement${sent.length === 1 ? '' : 's'})`);
  }

  // N+1: a page of 5 and a page of 200 cost the same statements.
  for (const url of [`/v1/tasks?programId=${program.id}`, `/v1/agencies/${agency.id}/tasks?`, `/v1/reports?programId=${program.id}`, `/v1/indicator-values?programId=${program.id}`, `/v1/indicators?programId=${program.id}`, '/v1/audit-events?', '/v1/agencies?', `/v1/amendments?programId=${program.id}`]) {
    const counts: number[] = [];
    for (const limit of [5, 200]) {
      await app.inject(`${url}&limit=${limit}`);
      counts.push(queries.take().length);
    }
    t.equal(counts[0], counts[1], `${url}: ${counts[0]} statements for 5 rows and for 200`);
    t.ok(counts[1]! <= 2, `${url}: at most 2 statements a page (${counts[1]})`);
  }
});
