// Bulk import of a whole program (docs/imports.md), through the API: the seed program exported as the XLSX template
// and as the JSON document, imported into an empty database, gives the same program; importing again changes
// nothing (no row, no audit event); a changed document changes exactly what changed; a dry run writes nothing.
// Bad input — in import-problems.test.ts — is refused with every problem listed.
import ExcelJS from 'exceljs';
import t from 'tap';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { xlsxMediaType } from '../src/imports/source.js';
import { templateSheets } from '../src/imports/template.js';
import { createTestApp, json, type TestContext } from './helpers/app.js';

type App = TestContext['app'];

/** Everything about the program the API shows, without ids and timestamps: references as codes. */
async function programAsSeen(app: App, code: string) {
  const get = async (url: string) => {
    const response = await app.inject(url);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return json(response);
  };
  const all = async (url: string) => {
    const items: any[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await get(`${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
  };
  const agencyCode = (a: any) => (a === null ? null : a.code);
  const program = (await get(`/v1/programs?q=${encodeURIComponent(code)}`)).items.find((p: any) => p.code === code);
  const { id: programId, createdAt: _c, updatedAt: _u, issuer, coordinator, ...programFields } = program;
  const taskGroups = (await all(`/v1/task-groups?programId=${programId}`)).map(({ id: _i, programId: _p, createdAt: _c2, updatedAt: _u2, ...g }: any) => g);
  const indicatorList = await all(`/v1/indicators?programId=${programId}`);
  const indicatorCode = new Map(indicatorList.map((x: any) => [x.id, x.code]));
  const indicators = indicatorList.map(({ id: _i, programId: _p, createdAt: _c2, updatedAt: _u2, parentId, responsibleAgency, ...x }: any) => ({
    ...x,
    parent: parentId === null ? null : indicatorCode.get(parentId),
    responsibleAgency: agencyCode(responsibleAgency),
  }));
  const tasks = (await all(`/v1/tasks?programId=${programId}`)).map(({ id: _i, programId: _p, createdAt: _c2, updatedAt: _u2, group, leadAgency, responsibleAgency, supporters, ...task }: any) => ({
    ...task,
    group: group.code,
    leadAgency: agencyCode(leadAgency),
    responsibleAgency: agencyCode(responsibleAgency),
    supporters: supporters.map((s: any) => `${s.type}:${s.code}:${s.name}`),
  }));
  const groupCodes = new Set<string>(tasks.flatMap((task: any) => task.supporters.filter((s: string) => s.startsWith('agency_group:')).map((s: string) => s.split(':')[1])));
  const agencyGroups = (await all('/v1/agency-groups?sort=code'))
    .filter((g: any) => groupCodes.has(g.code))
    .map(({ id: _i, createdAt: _c2, updatedAt: _u2, members, ...g }: any) => ({ ...g, members: members.map(agencyCode).sort() }));
  const named = new Set<string>([
    agencyCode(issuer),
    agencyCode(coordinator),
    ...tasks.flatMap((task: any) => [task.leadAgency, ...task.supporters.filter((s: string) => s.startsWith('agency:')).map((s: string) => s.split(':')[1])]),
    ...agencyGroups.flatMap((g: any) => g.members),
  ]);
  const agencies = (await all('/v1/agencies?sort=code'))
    .filter((a: any) => named.has(a.code))
    .map(({ id: _i, createdAt: _c2, updatedAt: _u2, parent, ...a }: any) => ({ ...a, parent: agencyCode(parent) }));
  return { program: { ...programFields, issuer: agencyCode(issuer), coordinator: agencyCode(coordinator) }, taskGroups, indicators, tasks, agencyGroups, agencies };
}

const count = async (database: DatabaseHandle, table: string) => Number((await queryRows<{ n: string }>(database.db, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
const tables = ['agencies', 'agency_groups', 'agency_group_members', 'programs', 'task_groups', 'indicators', 'tasks', 'task_supporters', 'audit_events'];
const counts = async (database: DatabaseHandle) => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(database, table)])));

const postXlsx = (app: App, body: Buffer, query = '') => app.inject({ method: 'POST', url: `/v1/imports${query}`, headers: { 'content-type': xlsxMediaType }, payload: body });
const postJson = (app: App, body: unknown, query = '') => app.inject({ method: 'POST', url: `/v1/imports${query}`, payload: body as object });

const created = (n: number) => ({ create: n, update: 0, unchanged: 0 });
const unchanged = (n: number) => ({ create: 0, update: 0, unchanged: n });

t.test('the seed program, exported and imported into an empty database, is the same program', async (t) => {
  const seeded = await createTestApp(t);
  const [program] = json(await seeded.app.inject('/v1/programs')).items;
  const original = await programAsSeen(seeded.app, program.code);
  t.equal(original.tasks.length, 44);
  t.equal(original.indicators.length, 38);
  t.equal(original.taskGroups.length, 13);

  const document = json(await seeded.app.inject(`/v1/programs/${program.id}/document`));
  t.equal(document.formatVersion, 1);
  t.same([document.taskGroups.length, document.indicators.length, document.tasks.length], [13, 38, 44]);
  const expected = {
    agencies: created(document.agencies.length),
    agencyGroups: created(document.agencyGroups.length),
    program: 'create',
    taskGroups: created(13),
    indicators: created(38),
    tasks: created(44),
  };

  await t.test('through the XLSX template', async (t) => {
    const template = await seeded.app.inject(`/v1/programs/${program.id}/import-template`);
    t.equal(template.statusCode, 200, template.body.slice(0, 500));
    t.equal(template.headers['content-type'], xlsxMediaType);
    t.match(template.headers['content-disposition'], /attachment; filename="17-CTr-UBND_import\.xlsx"/);

    const empty = await createTestApp(t, { seed: false });
    const before = await counts(empty.database);
    const dryRun = await postXlsx(empty.app, template.rawPayload, '?dryRun=true');
    t.equal(dryRun.statusCode, 200, dryRun.body.slice(0, 2000));
    t.match(json(dryRun), { valid: true, dryRun: true, programId: null, problems: [], summary: expected });
    t.same(await counts(empty.database), before, 'the dry run wrote nothing');

    const imported = await postXlsx(empty.app, template.rawPayload);
    t.equal(imported.statusCode, 200, imported.body.slice(0, 2000));
    t.match(json(imported), { valid: true, dryRun: false, summary: expected });
    t.equal(json(imported).changes.length, document.agencies.length + document.agencyGroups.length + 1 + 13 + 38 + 44);
    t.same(await programAsSeen(empty.app, program.code), original, 'the same program, task groups, indicators, tasks, agencies and groups');
    t.same(json(await empty.app.inject(`/v1/programs/${json(imported).programId}/document`)), document, 'and the same document');
    const audited = await queryRows<{ actor_name: string; operation_id: string; n: string }>(
      empty.database.db,
      sql`select actor_name, operation_id, count(*) as n from audit_events where resource_type <> 'api_keys' group by actor_name, operation_id`,
    );
    t.same(audited.map((row) => [row.actor_name, row.operation_id]), [['test admin+coordinator', 'importProgram']], 'the audit trail names the caller and the operation');
  });

  await t.test('through the JSON document', async (t) => {
    const empty = await createTestApp(t, { seed: false });
    const imported = await postJson(empty.app, document);
    t.equal(imported.statusCode, 200, imported.body.slice(0, 2000));
    t.match(json(imported), { valid: true, summary: expected });
    t.same(await programAsSeen(empty.app, program.code), original);
  });
});

t.test('importing is idempotent and updates exactly what changed', async (t) => {
  const { app, database } = await createTestApp(t);
  const [program] = json(await app.inject('/v1/programs')).items;
  const document = json(await app.inject(`/v1/programs/${program.id}/document`));
  const before = await counts(database);
  const tasksBefore = json(await app.inject(`/v1/tasks?programId=${program.id}&limit=200`)).items;

  const again = await postJson(app, document);
  t.equal(again.statusCode, 200, again.body.slice(0, 1000));
  t.same(json(again).summary, {
    agencies: unchanged(document.agencies.length),
    agencyGroups: unchanged(document.agencyGroups.length),
    program: 'unchanged',
    taskGroups: unchanged(13),
    indicators: unchanged(38),
    tasks: unchanged(44),
  });
  t.same(json(again).changes, []);
  t.same(await counts(database), before, 'no row written, no audit event');
  t.same(json(await app.inject(`/v1/tasks?programId=${program.id}&limit=200`)).items, tasksBefore, 'updatedAt unchanged');

  // A corrected document: one task retitled and completed, one target moved, a group's membership changed, a task
  // added, one agency renamed.
  const changed = structuredClone(document);
  const task01 = changed.tasks.find((x: any) => x.code === '01');
  task01.title = 'Kế hoạch về phục hồi, phát triển kinh tế (sửa)';
  task01.status = 'completed';
  task01.completedOn = '2021-12-20';
  delete task01.progress;
  changed.indicators.find((x: any) => x.code === '1').target.upper = 8.5;
  const districts = changed.agencyGroups.find((g: any) => g.code === 'district_peoples_committees');
  const dropped = districts.memberCodes.pop();
  changed.tasks.push({ ...structuredClone(task01), code: '45', title: 'Kế hoạch mới', status: undefined, completedOn: undefined, supporters: [{ agencyCode: dropped }, { groupCode: 'relevant_agencies' }] });
  delete changed.tasks[changed.tasks.length - 1].status;
  delete changed.tasks[changed.tasks.length - 1].completedOn;
  changed.agencies.find((a: any) => a.code === 'so-xay-dung').shortName = 'SXD';

  const updated = await postJson(app, changed);
  t.equal(updated.statusCode, 200, updated.body.slice(0, 1000));
  t.same(json(updated).summary, {
    agencies: { create: 0, update: 1, unchanged: document.agencies.length - 1 },
    agencyGroups: { create: 0, update: 1, unchanged: document.agencyGroups.length - 1 },
    program: 'unchanged',
    taskGroups: unchanged(13),
    indicators: { create: 0, update: 1, unchanged: 37 },
    tasks: { create: 1, update: 1, unchanged: 43 },
  });
  t.same(json(updated).changes, [
    { entity: 'agency', code: 'so-xay-dung', action: 'update', fields: ['shortName'] },
    { entity: 'agency_group', code: 'district_peoples_committees', action: 'update', fields: ['memberCodes'] },
    { entity: 'indicator', code: '1', action: 'update', fields: ['targetUpper'] },
    { entity: 'task', code: '01', action: 'update', fields: ['title', 'status', 'progress', 'completedOn'] },
    { entity: 'task', code: '45', action: 'create', fields: [] },
  ]);
  const task = json(await app.inject(`/v1/tasks?programId=${program.id}&q=01&limit=200`)).items.find((x: any) => x.code === '01');
  t.match(task, { title: 'Kế hoạch về phục hồi, phát triển kinh tế (sửa)', status: 'completed', progress: 100, completedOn: '2021-12-20' }, 'completing sets progress to 100, as PATCH does');
  const tasksAfter = json(await app.inject(`/v1/tasks?programId=${program.id}&limit=200`)).items;
  t.same(
    tasksAfter.filter((x: any) => tasksBefore.find((b: any) => b.code === x.code)?.updatedAt !== x.updatedAt).map((x: any) => x.code),
    ['01', '45'],
    'only the changed and the new task have a new updatedAt',
  );
  const events = await queryRows<{ resource_type: string; action: string }>(database.db, sql`select resource_type, action from audit_events order by id`);
  const newEvents = events.slice(before.audit_events).map((e) => `${e.resource_type} ${e.action}`);
  t.same(newEvents.sort(), ['agencies update', 'agency_group_members delete', 'indicators update', 'task_supporters insert', 'task_supporters insert', 'tasks insert', 'tasks update'].sort(), 'one audit event per row changed');
  t.equal(json(await app.inject(`/v1/agency-groups?q=ubnd%20quan`)).items.find((g: any) => g.code === 'district_peoples_committees').members.length, districts.memberCodes.length);

  const third = await postJson(app, changed);
  t.same(json(third).changes, [], 'and importing the corrected document again changes nothing');

  // Idempotency-Key: a retry gets the first answer back rather than a second import.
  changed.program.signedBy = 'Trần Việt Trường (ký)';
  const keyed = { method: 'POST' as const, url: '/v1/imports', headers: { 'idempotency-key': '6d1f0c5e-keyed-import' }, payload: changed };
  const first = await app.inject(keyed);
  const retry = await app.inject(keyed);
  t.same(json(first).changes, [{ entity: 'program', code: '17/CTr-UBND', action: 'update', fields: ['signedBy'] }]);
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.same(json(retry), json(first), 'the retry is answered with the first answer');
});

t.test('a dry run says what would change and writes nothing', async (t) => {
  const { app, database } = await createTestApp(t);
  const [program] = json(await app.inject('/v1/programs')).items;
  const document = json(await app.inject(`/v1/programs/${program.id}/document`));
  document.program.title = 'Tên mới';
  document.tasks[0].deadline = { kind: 'year_range', fromYear: 2021, toYear: 2023, text: '2021-2023' };
  const before = await counts(database);
  const response = await postJson(app, document, '?dryRun=true');
  t.equal(response.statusCode, 200, response.body.slice(0, 1000));
  t.match(json(response), { valid: true, dryRun: true, programId: program.id, summary: { program: 'update', tasks: { update: 1 } } });
  t.same(json(response).changes, [
    { entity: 'program', code: '17/CTr-UBND', action: 'update', fields: ['title'] },
    { entity: 'task', code: '01', action: 'update', fields: ['deadlineKind', 'deadlineToYear', 'deadlineText'] },
  ]);
  t.same(await counts(database), before);
  t.equal(json(await app.inject(`/v1/programs/${program.id}`)).title, program.title);
});

t.test('the empty template', async (t) => {
  const { app } = await createTestApp(t, { seed: false });
  const response = await app.inject('/v1/import-template');
  t.equal(response.statusCode, 200);
  t.equal(response.headers['content-type'], xlsxMediaType);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  t.same(workbook.worksheets.map((s) => s.name), ['Program', 'Agencies', 'AgencyGroups', 'TaskGroups', 'Indicators', 'Tasks', 'Guide']);
  for (const spec of templateSheets) {
    const sheet = workbook.getWorksheet(spec.name)!;
    const header = sheet.getRow(1);
    t.same(spec.columns.map((_, i) => header.getCell(i + 1).value), spec.columns.map((c) => c.header), `${spec.name}: the column headers`);
    t.ok(spec.columns.every((_, i) => String((header.getCell(i + 1).note as any)?.texts?.[0]?.text ?? header.getCell(i + 1).note).length > 10), `${spec.name}: a note on every header`);
    t.equal(sheet.rowCount, 1, `${spec.name}: no data`);
  }
  const kind = workbook.getWorksheet('Tasks')!.getCell('D2').dataValidation;
  t.match(kind, { type: 'list', formulae: ['"program,scheme,plan,report,master_plan,adjustment"'] }, 'allowed values as a drop-down list');

  const refused = await postXlsx(app, response.rawPayload);
  t.equal(refused.statusCode, 422);
  t.same(json(refused).report.problems, [{ sheet: 'Program', row: 2, message: 'The Program sheet has no program: fill in row 2.' }]);
});

t.test('who may import', async (t) => {
  const { app, bearer } = await createTestApp(t, { seed: false });
  const body = { formatVersion: 1 };
  t.equal((await app.inject({ method: 'POST', url: '/v1/imports', headers: { authorization: undefined }, payload: body })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/v1/imports', headers: { authorization: await bearer(['coordinator']) }, payload: body })).statusCode, 403);
  t.equal((await app.inject({ url: '/v1/import-template', headers: { authorization: await bearer(['viewer']) } })).statusCode, 200, 'anyone who reads may get the template');
});
