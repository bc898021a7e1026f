// Exports of every collection, read back and compared with the list endpoints field by field: CSV parsed by csv-parse
// (RFC 4180: quotes, commas and line breaks inside Vietnamese titles; the BOM on request), NDJSON line by line, XLSX by
// exceljs (sheet, bold frozen header, widths, typed cells). Then the filters (the same rows as the list, visibility of
// drafts included), every kind of bad request, the XLSX row limit, and the connection an export holds given back.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import t from 'tap';
import { collectionNames, collections } from '../src/exports/collections.js';
import { exportSettings } from '../src/exports/export.js';
import { createTestApp, json, postgresUrl } from './helpers/app.js';

type Row = Record<string, unknown>;
const vn = (local: string) => new Date(`${local}+07:00`);
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A typed record as CSV shows it: text, with '' for null. */
const asCsv = (record: Row): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === null ? '' : typeof v === 'string' ? v : String(v)]));

const camelKeys = (changes: Record<string, unknown>) => Object.fromEntries(Object.entries(changes).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

t.test('exports', async (t) => {
  const now = vn('2023-11-20T10:00:00');
  const { app, database, bearer } = await createTestApp(t, { clock: () => now });
  const get = async (url: string, authorization?: string) => json(await app.inject({ url, ...(authorization ? { headers: { authorization } } : {}) }));
  const send = async (method: 'POST' | 'PATCH', url: string, payload: object, authorization?: string) => {
    const response = await app.inject({ method, url, payload, ...(authorization ? { headers: { authorization } } : {}) });
    t.ok(response.statusCode < 300, `${method} ${url}: ${response.body}`);
    return json(response);
  };
  /** Every item of a list, page by page. */
  const listAll = async (path: string, authorization?: string) => {
    const items: Row[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, authorization);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
  };
  const exported = (path: string, headers: Record<string, string> = {}) => app.inject({ url: `/v1/exports/${path}`, headers });
  const ndjsonOf = (body: string) => (body === '' ? [] : body.replace(/\n$/, '').split('\n').map((line) => JSON.parse(line) as Row));
  const csvOf = (body: string | Buffer, options: { bom?: boolean } = {}) => parse(body, { columns: true, bom: options.bom ?? false, relax_quotes: false }) as Record<string, string>[];

  // Data that CSV must quote: Vietnamese text with commas, quotes and line breaks; a completed task; values; reports.
  const program = (await get('/v1/programs')).items[0];
  const agency = async (code: string) => (await get(`/v1/agencies?q=${encodeURIComponent(code)}`)).items.find((a: Row) => a.code === code);
  const [industry, construction, dpi] = await Promise.all(['so-cong-thuong', 'so-xay-dung', 'so-ke-hoach-va-dau-tu'].map(agency));
  const group = (await get(`/v1/task-groups?programId=${program.id}`)).items[0];
  const awkwardTitle = 'Kế hoạch "thí điểm", giai đoạn 1\r\nvà giai đoạn 2; rà soát lần cuối';
  const awkward = await send('POST', '/v1/tasks', {
    programId: program.id,
    groupId: group.id,
    code: '45',
    title: awkwardTitle,
    kind: 'plan',
    leadAgencyId: industry.id,
    supporters: [{ agencyId: construction.id }, { agencyId: dpi.id }],
    supportingText: 'Sở Xây dựng,\nSở Kế hoạch và Đầu tư',
    deadline: { kind: 'year', fromYear: 2023, text: 'Quý IV/2023' },
    isKey: true,
  });
  const firstTask = (await get('/v1/tasks?limit=1')).items[0];
  await send('PATCH', `/v1/tasks/${firstTask.id}`, { status: 'completed', completedOn: '2023-06-30' });
  const grdp = (await get('/v1/indicators?programId=17/CTr-UBND&limit=200')).items.find((i: Row) => i.code === '1');
  for (const [period, value, kind] of [['2021', -2.1, 'official'], ['2022', 12.6, 'official'], ['2023', 6.5, 'estimate']] as const) {
    await send('POST', '/v1/indicator-values', { indicatorId: grdp.id, period, value, kind, agencyId: dpi.id, note: 'Theo "Niên giám", bản 2' });
  }
  const officer = { industry: await bearer(['agency_officer'], industry.id), construction: await bearer(['agency_officer'], construction.id) };
  const draft = await send('POST', '/v1/reports', { programId: program.id, agencyId: industry.id, period: '2023', results: 'Đã hoàn thành:\n- Đề án "thương mại điện tử", giai đoạn 1' }, officer.industry);
  const submitted = await send('POST', '/v1/reports', { programId: program.id, agencyId: construction.id, period: '2023', difficulties: 'Thiếu vốn, nhân lực' }, officer.construction);
  await send('POST', `/v1/reports/${submitted.id}/submit`, {}, officer.construction);

  const programCode = program.code as string;
  const taskRecord = (task: any): Row => ({
    id: task.id,
    program_code: programCode,
    code: task.code,
    title: task.title,
    kind: task.kind,
    group_code: task.group.code,
    appendix_section: task.appendixSection,
    lead_agency_code: task.leadAgency.code,
    lead_agency_name: task.leadAgency.name,
    responsible_agency_code: task.responsibleAgency.code,
    responsible_agency_name: task.responsibleAgency.name,
    supporters: task.supporters.length ? task.supporters.map((s: Row) => s.code).join(';') : null,
    supporting_text: task.supportingText,
    deadline_kind: task.deadline.kind,
    deadline_from_year: task.deadline.fromYear,
    deadline_to_year: task.deadline.toYear,
    deadline_text: task.deadline.text,
    due_on: task.deadline.dueOn,
    is_key: task.isKey,
    status: task.status,
    progress: task.progress,
    completed_on: task.completedOn,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  });
  const tasks = await listAll('/v1/tasks');
  const expectedTasks = tasks.map(taskRecord);
  t.equal(tasks.length, 45, 'the 44 tasks of the program and the new one');

  await t.test('tasks as CSV: RFC 4180, field by field as the list shows them', async (t) => {
    const response = await exported('tasks?format=csv');
    t.equal(response.statusCode, 200);
    t.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    t.equal(response.headers['content-disposition'], 'attachment; filename="tasks_2023-11-20.csv"', 'an attachment named after the collection and the day');
    t.notOk(response.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'no byte order mark unless asked');
    t.match(response.body, /^id,program_code,code,title,/, 'a header line of the column names');
    t.ok(response.body.split('\r\n').length > 45, 'CRLF line ends');
    const records = csvOf(response.body);
    t.same(Object.keys(records[0]!), collections.tasks.columns.map((c) => c.name), 'the columns, in order');
    t.same(records, expectedTasks.map(asCsv), 'every task, in the list\'s order, every field as the list has it');
    const line = response.body.split('\r\n').find((l) => l.includes('thí điểm'));
    t.equal(line?.includes('"Kế hoạch ""thí điểm"", giai đoạn 1'), true, 'a field with quotes is quoted and its quotes doubled');
    t.equal(records.find((r) => r.id === awkward.id)?.title, awkwardTitle, 'a title with quotes, a comma and a line break comes back whole');
    t.match(records.find((r) => r.id === firstTask.id), { status: 'completed', completed_on: '2023-06-30', progress: '100' });
    t.match(records.find((r) => r.id === awkward.id), { supporters: 'so-xay-dung;so-ke-hoach-va-dau-tu', is_key: 'true', due_on: '2023-12-31', deadline_text: 'Quý IV/2023' });
  });

  await t.test('the byte order mark on request, and the format from Accept', async (t) => {
    const withBom = await exported('tasks?bom=true');
    t.same([...withBom.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
    t.same(csvOf(withBom.rawPayload, { bom: true }), expectedTasks.map(asCsv), 'and reads the same');
    const ndjson = await exported('tasks', { accept: 'application/x-ndjson' });
    t.equal(ndjson.headers['content-type'], 'application/x-ndjson');
    const xlsx = await exported('tasks', { accept: `${xlsxType}, */*;q=0.1` });
    t.equal(xlsx.headers['content-type'], xlsxType);
    t.equal(xlsx.headers['content-disposition'], 'attachment; filename="tasks_2023-11-20.xlsx"');
    t.equal((await exported('tasks', { accept: '*/*' })).headers['content-type'], 'text/csv; charset=utf-8', 'CSV when Accept names none of the three');
    t.equal((await exported('tasks?format=csv', { accept: 'application/x-ndjson' })).headers['content-type'], 'text/csv; charset=utf-8', '`format` wins over Accept');
  });

  await t.test('tasks as NDJSON: typed values, nulls as null', async (t) => {
    const response = await exported('tasks?format=ndjson');
    t.equal(response.statusCode, 200);
    t.equal(response.headers['content-disposition'], 'attachment; filename="tasks_2023-11-20.ndjson"');
    t.ok(response.body.endsWith('}\n'), 'every line ends with a line feed');
    const records = ndjsonOf(response.body);
    t.same(records, expectedTasks, 'every task, typed as in JSON');
    t.same(Object.keys(records[0]!), collections.tasks.columns.map((c) => c.name), 'keys in column order');
  });

  await t.test('tasks as XLSX: one sheet, bold frozen header, widths, typed cells', async (t) => {
    const response = await exported('tasks?format=xlsx');
    t.equal(response.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    t.same(workbook.worksheets.map((s) => s.name), ['tasks']);
    const sheet = workbook.getWorksheet('tasks')!;
    const columns = collections.tasks.columns;
    t.same((sheet.getRow(1).values as unknown[]).slice(1), columns.map((c) => c.name), 'the header row');
    t.ok(columns.every((_, i) => sheet.getRow(1).getCell(i + 1).font?.bold === true), 'in bold');
    t.match(sheet.views[0], { state: 'frozen', ySplit: 1 }, 'and frozen');
    t.same(columns.map((_, i) => sheet.getColumn(i + 1).width), columns.map((c) => c.width), 'each column as wide as defined');
    t.equal(sheet.rowCount, tasks.length + 1);
    const rows = expectedTasks.map((_, r) => Object.fromEntries(columns.map((c, i) => [c.name, sheet.getRow(r + 2).getCell(i + 1).value ?? null])));
    const asInXlsx = (record: Row) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v]));
    t.same(rows, expectedTasks.map(asInXlsx), 'every cell: numbers and booleans typed, text whole (line breaks as LF, as XML reads them)');
  });

  await t.test('the other collections, each compared with its list', async (t) => {
    const indicators = await listAll('/v1/indicators');
    const codeOf = new Map(indicators.map((i) => [i.id, i.code]));
    const indicatorRecords = indicators.map((i: any) => ({
      id: i.id,
      program_code: programCode,
      parent_code: i.parentId ? codeOf.get(i.parentId) : null,
      code: i.code,
      position: i.position,
      category: i.category,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      target_comparator: i.target?.comparator ?? null,
      target_lower: i.target?.lower ?? null,
      target_upper: i.target?.upper ?? null,
      target_text: i.target?.text ?? null,
      target_basis: i.basis,
      target_year: i.targetYear,
      baseline_value: i.baseline?.value ?? null,
      baseline_year: i.baseline?.year ?? null,
      responsible_agency_code: i.responsibleAgency?.code ?? null,
      source_text: i.sourceText,
      notes: i.notes,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    }));
    t.same(csvOf((await exported('indicators')).body), indicatorRecords.map(asCsv), 'indicators with targets and baselines, as CSV');
    t.same(ndjsonOf((await exported('indicators?format=ndjson')).body), indicatorRecords, 'and as NDJSON (decimals as numbers)');

    const values = (await listAll('/v1/indicator-values')).map((v: any) => ({
      id: v.id,
      indicator_id: v.indicatorId,
      program_code: programCode,
      indicator_code: v.indicatorCode,
      period: v.period,
      value: v.value,
      kind: v.kind,
      agency_code: v.agency?.code ?? null,
      note: v.note,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    }));
    t.equal(values.length, 3);
    t.same(ndjsonOf((await exported('indicator-values?format=ndjson')).body), values, 'indicator values, as NDJSON (a negative value too)');

    const agencyRecords = (await listAll('/v1/agencies')).map((a: any) => ({
      id: a.id,
      code: a.code,
      name: a.name,
      short_name: a.shortName,
      kind: a.kind,
      parent_code: a.parent?.code ?? null,
      valid_from: a.validFrom,
      valid_to: a.validTo,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    }));
    t.same(ndjsonOf((await exported('agencies?format=ndjson')).body), agencyRecords, 'agencies, as NDJSON');
    const agencySheet = new ExcelJS.Workbook();
    await agencySheet.xlsx.load((await exported('agencies?format=xlsx')).rawPayload as unknown as ArrayBuffer);
    const sheet = agencySheet.getWorksheet('agencies')!;
    t.same(
      agencyRecords.map((_, r) => Object.fromEntries(collections.agencies.columns.map((c, i) => [c.name, sheet.getRow(r + 2).getCell(i + 1).value ?? null]))),
      agencyRecords,
      'and as XLSX',
    );

    const reportRecords = async (authorization: string) =>
      Promise.all(
        (await listAll('/v1/reports', authorization)).map(async (summary: any) => {
          const r = await get(`/v1/reports/${summary.id}`, authorization);
          return {
            id: r.id,
            program_code: programCode,
            agency_code: r.agency.code,
            agency_name: r.agency.name,
            period: r.period,
            period_kind: r.periodKind,
            status: r.status,
            due_on: r.dueOn,
            first_submitted_at: r.firstSubmittedAt,
            submitted_at: r.submittedAt,
            timeliness: r.timeliness,
            accepted_at: r.acceptedAt,
            results: r.results,
            advantages: r.advantages,
            difficulties: r.difficulties,
            proposals: r.proposals,
            created_at: r.createdAt,
            updated_at: r.updatedAt,
          };
        }),
      );
    const everyReport = await reportRecords(await bearer(['coordinator']));
    t.same(everyReport.map((r) => r.id).sort(), [draft.id, submitted.id].sort(), 'a coordinator sees the draft and the submitted report');
    t.same(csvOf((await exported('reports')).body), everyReport.map(asCsv), 'reports with their narrative (line breaks, quotes), as CSV');

    const events = (await listAll('/v1/audit-events')).map((e: any) => ({ ...e, changes: e.changes }));
    const exportedEvents = ndjsonOf((await exported('audit-events?format=ndjson')).body);
    t.equal(exportedEvents.length, events.length, 'every audit event');
    t.same(
      exportedEvents.map((e) => ({ ...e, changes: camelKeys(e.changes as Row) })),
      events.map((e: any) => ({
        id: e.id,
        occurred_at: e.occurredAt,
        request_id: e.requestId,
        operation_id: e.operationId,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        actor_name: e.actor.name,
        actor_agency_id: e.actor.agencyId,
        resource_type: e.resourceType,
        resource_id: e.resourceId,
        action: e.action,
        changes: e.changes,
      })),
      'audit events newest first, `changes` as a JSON object keyed by column name',
    );
    const csvEvents = csvOf((await exported('audit-events')).body);
    t.same(JSON.parse(csvEvents[0]!.changes!), exportedEvents[0]!.changes, 'in CSV, `changes` is JSON text');
  });

  await t.test('the filters select what the list selects', async (t) => {
    const ids = async (path: string) => ndjsonOf((await exported(`${path}${path.includes('?') ? '&' : '?'}format=ndjson`)).body).map((r) => r.id);
    const listed = async (path: string) => (await listAll(`/v1/${path}`)).map((r) => r.id);
    const cases = [
      'tasks?leadAgencyId=so-ke-hoach-va-dau-tu&dueYear=2023',
      `tasks?leadAgencyId=${industry.id}`,
      'tasks?supportingAgencyId=so-xay-dung',
      'tasks?programId=17/CTr-UBND&section=III&kind=plan',
      'tasks?isKey=true',
      'tasks?status=completed',
      'tasks?q=ke%20hoach%20thi%20diem&sort=code',
      'tasks?leadAgencyId=so-cong-thuong&asOf=2023-01-01',
      'indicators?topLevel=true',
      'indicators?category=social',
      'indicators?q=GRDP&sort=position',
      `indicators?parentId=${grdp.id}`,
      'indicator-values?year=2022',
      'indicator-values?kind=estimate&agencyId=so-ke-hoach-va-dau-tu',
      'agencies?kind=department',
      'agencies?parentId=ubnd-tp-can-tho',
      'agencies?q=so%20ke%20hoach&sort=name',
      'reports?status=submitted',
      'reports?agencyId=so-cong-thuong&periodKind=annual',
      'audit-events?resourceType=tasks&action=update',
      `audit-events?resourceId=${awkward.id}`,
    ];
    for (const path of cases) {
      const [collection, query = ''] = path.split('?');
      const filters = query.split('&').filter((p) => !p.startsWith('sort=')).join('&');
      const expected = await listed(path);
      t.same(await ids(`${collection}?${filters}`), expected, `${path}: ${expected.length} rows`);
      // CSV runs another path on PostgreSQL (COPY, with the parameters written into the SQL): the same rows.
      const csv = await exported(`${collection}?${filters}${filters ? '&' : ''}format=csv`);
      t.equal(csv.statusCode, 200, `${path} as CSV`);
      t.same(csvOf(csv.body).map((r) => r.id), expected, `${path} as CSV: the same rows`);
    }
    // A filter value that looks like a placeholder or a replacement pattern is only ever a value.
    for (const q of ['$1', "$'", '$&', "it's $2 $$"]) {
      const path = `tasks?q=${encodeURIComponent(q)}`;
      const csv = await exported(`${path}&format=csv`);
      t.equal(csv.statusCode, 200, `q=${q} as CSV`);
      t.same(csvOf(csv.body).map((r) => r.id), await ids(path), `q=${q}: CSV and NDJSON agree`);
    }
    t.ok((await listed('tasks?isKey=true')).includes(awkward.id), 'the filters are not vacuous');

    // Drafts are their agency's own, as in the list (OWASP API1).
    t.same((await ids('reports')).sort(), [draft.id, submitted.id].sort(), 'a coordinator gets every report');
    const asConstruction = ndjsonOf((await exported('reports?format=ndjson', { authorization: officer.construction })).body).map((r) => r.id);
    t.same(asConstruction, [submitted.id], 'another agency\'s officer does not get the draft');
    const asIndustry = ndjsonOf((await exported('reports?format=ndjson', { authorization: officer.industry })).body).map((r) => r.id);
    t.same(asIndustry.sort(), [draft.id, submitted.id].sort(), 'its own agency does');
  });

  await t.test('bad requests are refused before any byte, naming the parameter', async (t) => {
    const refused = async (path: string, status: number, pointer?: string, headers: Record<string, string> = {}) => {
      const response = await exported(path, headers);
      t.equal(response.statusCode, status, `${path}: ${status}`);
      t.match(response.headers['content-type'], /^application\/problem\+json/);
      if (pointer) t.match(json(response).errors, [{ in: 'query', pointer }], `${path}: names ${pointer}`);
    };
    await refused('tasks?dueYear=abc', 400, '/dueYear');
    await refused('tasks?dueYear=1800', 400, '/dueYear');
    await refused('agencies?kind=ministry-of-magic', 400, '/kind');
    await refused('tasks?sort=code', 400, '/sort');
    await refused('tasks?limit=10', 400, '/limit');
    await refused('tasks?format=pdf', 400, '/format');
    await refused('tasks?format=ndjson&bom=true', 400, '/bom');
    await refused('tasks?leadAgencyId=x%00y', 400, '/leadAgencyId');
    await refused('tasks', 401, undefined, { authorization: 'Bearer pt_not_a_key' });
    const viewer = await bearer(['viewer']);
    await refused('audit-events', 403, undefined, { authorization: viewer });
    t.equal((await exported('tasks?format=ndjson', { authorization: viewer })).statusCode, 200, 'a viewer may export what it may list');
    t.equal((await exported('programs')).statusCode, 404, 'no export of a collection that has none');
  });

  await t.test('XLSX refuses more rows than its limit, before streaming (422)', async (t) => {
    const limit = exportSettings.xlsxMaxRows;
    t.teardown(() => void (exportSettings.xlsxMaxRows = limit));
    exportSettings.xlsxMaxRows = 33;
    t.equal((await exported('agencies?format=xlsx')).statusCode, 200, 'exactly at the limit: served');
    exportSettings.xlsxMaxRows = 32;
    const over = await exported('agencies?format=xlsx');
    t.equal(over.statusCode, 422);
    t.match(json(over), {
      type: 'tag:plantrack,2026:problems/invalid-value',
      detail: /at most 32 rows; this one has 33.*format=csv or format=ndjson/,
      errors: [{ in: 'query', pointer: '/format' }],
    });
    t.equal((await exported('agencies?format=csv')).statusCode, 200, 'CSV has no such limit');
    t.equal((await exported('agencies?format=xlsx&kind=department')).statusCode, 200, 'a filtered export under the limit is served');
  });

  await t.test('an empty export is still a valid file', async (t) => {
    const none = 'tasks?q=khong%20co%20gi%20nhu%20the%20nay';
    t.equal((await exported(`${none}&format=csv`)).body, `${collections.tasks.columns.map((c) => c.name).join(',')}\r\n`, 'CSV: the header line');
    t.equal((await exported(`${none}&format=ndjson`)).body, '', 'NDJSON: nothing');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported(`${none}&format=xlsx`)).rawPayload as unknown as ArrayBuffer);
    t.equal(workbook.getWorksheet('tasks')!.rowCount, 1, 'XLSX: the header row');
  });

  await t.test('every export gives its connection back', async (t) => {
    if (database.driver === 'postgres') {
      const stats = database.poolStats()!;
      t.equal(stats.total - stats.idle, 0, 'no pool connection still checked out');
    }
    t.equal((await app.inject('/v1/tasks?limit=1')).statusCode, 200, 'the database answers other requests');
  });

  await t.test('cancelling a statement in flight (PostgreSQL)', { skip: postgresUrl ? false : 'PGlite runs a statement to its end: nothing to cancel' }, async (t) => {
    const snapshot = await database.readSnapshot();
    // The outcome is taken at once, so a rejection that comes before the assertion is not an unhandled one.
    const sleeping = snapshot.query('select pg_sleep(30)').then(
      () => null,
      (error: unknown) => error,
    );
    // Cancel only once the statement runs (on a loaded machine it may take a while to start).
    for (let waited = 0; waited < 10_000; waited += 50) {
      const running = await app.database.db.execute("select 1 from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'" as never);
      if ((running as unknown as { rows: unknown[] }).rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = Date.now();
    await snapshot.cancel();
    t.match(await sleeping, { code: '57014' }, 'the statement is cancelled');
    t.ok(Date.now() - started < 5000, 'at once, not after 30 s');
    await snapshot.end(false);
    t.equal(database.poolStats()!.total - database.poolStats()!.idle, 0, 'the connection is back in the pool');
    t.equal((await app.inject('/v1/tasks?limit=1')).statusCode, 200, 'and usable');
  });
});

t.test('docs/exports.md lists every column of every collection, in order, with its kind', async (t) => {
  const docs = readFileSync(new URL('../docs/exports.md', import.meta.url), 'utf8');
  const documentedKind = { text: 'text', integer: 'integer', number: 'number', boolean: 'boolean', date: 'date', timestamp: 'timestamp', json: 'json' };
  for (const name of collectionNames) {
    const section = docs.split(`\n### ${name}\n`)[1]?.split('\n#')[0] ?? '';
    const rows = [...section.matchAll(/^\| `([a-z_]+)` \| ([a-z]+) \|/gm)].map((m) => [m[1], m[2]]);
    t.same(rows, collections[name].columns.map((c) => [c.name, documentedKind[c.kind]]), `### ${name}`);
  }
});
