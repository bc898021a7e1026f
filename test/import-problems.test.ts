// Bad input to POST /v1/imports: each document below has several problems at once, and the answer is a 422 whose
// report lists every one of them, at its JSON Pointer (JSON) or sheet, row, column and cell (XLSX), with nothing
// written. Malformed JSON, schema violations, duplicate and unknown codes, parent cycles, deadlines and targets the
// database would refuse; wrong sheet names, missing columns, files that are no workbook, cells of the wrong type.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import t, { type Test } from 'tap';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { programDocumentExample } from '../src/imports/document.js';
import { xlsxMediaType } from '../src/imports/source.js';
import { createTestApp, json, type TestContext } from './helpers/app.js';

type App = TestContext['app'];

const tables = ['agencies', 'agency_groups', 'agency_group_members', 'programs', 'task_groups', 'indicators', 'tasks', 'task_supporters', 'audit_events'];
async function counts(database: DatabaseHandle) {
  const rows = await queryRows<{ t: string; n: string }>(database.db, sql.raw(tables.map((table) => `select '${table}' as t, count(*) as n from ${table}`).join(' union all ')));
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

/** A valid document to break: the OpenAPI example (a program of its own, with three agencies). */
const base = () => structuredClone(programDocumentExample) as any;

t.test('bad documents are refused whole, with every problem listed', async (t) => {
  const { app, database } = await createTestApp(t);
  const before = await counts(database);

  /** Sends a body, expects 422 and nothing written; returns the report. */
  async function refused(t: Test, payload: unknown, headers: Record<string, string> = {}) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers,
      payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
      ...(headers['content-type'] ? {} : { headers: { 'content-type': 'application/json', ...headers } }),
    });
    t.equal(response.statusCode, 422, response.body.slice(0, 300));
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = json(response);
    t.equal(body.type, 'tag:plantrack,2026:problems/invalid-value');
    t.match(body.report, { valid: false, dryRun: false, programId: null, summary: null, changes: [], omittedProblems: 0 });
    t.same(await counts(database), before, 'nothing written');
    return body;
  }
  const pointers = (body: any) => body.report.problems.map((p: any) => p.pointer);

  await t.test('a body that is not a JSON document', async (t) => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['malformed JSON', '{"formatVersion": 1, "program": {"code": "x",}', /^The document is not valid JSON \(line 1, column \d+\)/],
      ['invalid UTF-8', Buffer.concat([Buffer.from('{"formatVersion": 1, "program": {"title": "Ch'), Buffer.from([0xfd, 0x6e]), Buffer.from('"}}')]), /^The document is not valid UTF-8: byte 45 \(line 1\) is 0xfd/],
      ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(base()), 'utf16le')]), /UTF-16 text; save it as UTF-8/],
      ['CSV', 'code,name,kind\nso-tai-chinh,Sở Tài chính,department\n', /CSV or other delimited text, not JSON/],
      ['an XLSX workbook sent as JSON', Buffer.from('PK\x03\x04rest'), /a zip file .* send a workbook with Content-Type application\/vnd\.openxmlformats/],
      ['nothing', '', /The document is empty/],
    ];
    for (const [name, payload, message] of cases) {
      const body = await refused(t, payload);
      t.equal(body.report.problems.length, 1, name);
      t.match(body.report.problems[0].message, message, name);
      t.notOk('errors' in body, `${name}: no field errors: there are no fields`);
    }
  });

  await t.test('schema violations: every one, at its pointer', async (t) => {
    const document = base();
    delete document.program.title;
    document.program.startYear = '2026';
    document.agencies[0].kind = 'ministry';
    document.agencies[1].extra = 1;
    document.agencies[2].validFrom = '2021-02-30';
    document.taskGroups[0].appendixSection = 'iv';
    document.indicators[0].baseline = { value: 1 };
    document.tasks[0].code = ' 01';
    document.tasks[0].progress = 150;
    document.tasks[0].supporters = [{ agencyCode: 'so-tai-chinh', groupCode: 'city_departments' }, {}];
    document.agencyGroups[0].memberCodes.push('so-tai-chinh');
    document.comment = 'not a field';
    const body = await refused(t, document);
    t.same(pointers(body), [
      '/comment',
      '/program/title',
      '/program/startYear',
      '/agencies/0/kind',
      '/agencies/1/extra',
      '/agencies/2/validFrom',
      '/agencyGroups/0/memberCodes/2',
      '/taskGroups/0/appendixSection',
      '/indicators/0/baseline/year',
      '/tasks/0/code',
      '/tasks/0/supporters/0',
      '/tasks/0/supporters/1',
      '/tasks/0/progress',
    ]);
    const message = (pointer: string) => body.report.problems.find((p: any) => p.pointer === pointer).message;
    t.equal(message('/program/title'), 'is required');
    t.equal(message('/program/startYear'), 'must be integer');
    t.match(message('/agencies/0/kind'), /^must be one of peoples_committee, chairman, /);
    t.equal(message('/agencies/1/extra'), 'is not a known field');
    t.equal(message('/agencies/2/validFrom'), 'must be a date written YYYY-MM-DD');
    t.equal(message('/agencyGroups/0/memberCodes/2'), 'repeats item 1');
    t.equal(message('/taskGroups/0/appendixSection'), 'must be a roman numeral (I, II, … VIII)');
    t.equal(message('/tasks/0/code'), 'must be a code: not blank, no spaces at either end, no control characters');
    t.equal(message('/tasks/0/supporters/1'), 'must name exactly one of agencyCode or groupCode');
    t.same(body.errors.map((e: any) => e.pointer), pointers(body), 'the same problems as field errors of the Problem');
    t.ok(body.errors.every((e: any) => e.in === 'body'));
  });

  await t.test('text that is not text: lone surrogates, in values and in field names', async (t) => {
    const document = base();
    document.program.title = 'Chương trình \ud800';
    document.tasks[0]['x\udc00'] = 1;
    const body = await refused(t, document);
    t.same(body.report.problems, [
      { pointer: '/program/title', message: 'holds an unpaired surrogate (\\uD800-\\uDFFF): it is not text' },
      { pointer: '/tasks/0/x\ufffd', message: 'is not a known field' },
    ]);
  });

  await t.test('codes repeated within the document', async (t) => {
    const document = base();
    document.agencies.push({ ...document.agencies[2], name: 'Sở Tài chính (bản sao)' });
    document.agencyGroups.push({ ...document.agencyGroups[0] });
    document.taskGroups.push({ code: '1', title: 'Nhóm lặp' }, { code: '2', title: 'Nhóm hai', appendixSection: 'I' });
    document.indicators.push({ ...document.indicators[0] });
    document.tasks.push({ ...document.tasks[0] }, { ...document.tasks[0], code: '02', supporters: [{ groupCode: 'city_departments' }, { agencyCode: 'so-tai-chinh' }, { groupCode: 'city_departments' }] });
    const body = await refused(t, document);
    t.same(body.report.problems, [
      { pointer: '/agencies/3/code', message: 'repeats the code so-tai-chinh of /agencies/2: agency codes are unique' },
      { pointer: '/agencyGroups/1/code', message: 'repeats the code city_departments of /agencyGroups/0: agency group codes are unique' },
      { pointer: '/taskGroups/1/code', message: 'repeats the code 1 of /taskGroups/0: task group codes are unique' },
      { pointer: '/taskGroups/2/appendixSection', message: 'appendix section I already belongs to /taskGroups/0: sections are unique within a program' },
      { pointer: '/indicators/1/code', message: 'repeats the code 1 of /indicators/0: indicator codes are unique' },
      { pointer: '/tasks/1/code', message: 'repeats the code 01 of /tasks/0: task codes are unique' },
      { pointer: '/tasks/2/supporters/2', message: 'repeats supporter 0 (agency group city_departments): each supporter is listed once' },
    ]);
  });

  await t.test('codes that name nothing, in the document or in the service', async (t) => {
    const document = base();
    document.program.coordinatorCode = 'so-khong-co';
    document.agencies[2].parentCode = 'ubnd-khong-co';
    document.agencyGroups[0].memberCodes.push('so-cong-thuong', 'so-khong-co-2'); // the first is in the service: known
    document.indicators[0].responsibleAgencyCode = 'so-khong-co-3';
    document.tasks[0].leadAgencyCode = 'so-khong-co-4';
    document.tasks[0].groupCode = '9';
    document.tasks[0].supporters = [{ agencyCode: 'so-xay-dung' }, { agencyCode: 'so-khong-co-5' }, { groupCode: 'nhom-khong-co' }, { groupCode: 'district_peoples_committees' }];
    const body = await refused(t, document);
    t.same(pointers(body), [
      '/program/coordinatorCode',
      '/agencies/2/parentCode',
      '/agencyGroups/0/memberCodes/3',
      '/indicators/0/responsibleAgencyCode',
      '/tasks/0/groupCode',
      '/tasks/0/leadAgencyCode',
      '/tasks/0/supporters/1/agencyCode',
      '/tasks/0/supporters/2/groupCode',
    ]);
    t.equal(body.report.problems[0].message, "names the agency so-khong-co, which is neither in the document's agencies nor in the service");
    t.equal(body.report.problems[4].message, 'names the task group 9, which is neither in the document nor in the program');
    t.equal(body.report.problems[7].message, "names the agency group nhom-khong-co, which is neither in the document's agency groups nor in the service");
  });

  await t.test('parents that make cycles', async (t) => {
    const document = base();
    document.agencies.push(
      { code: 'a', name: 'Cơ quan A', kind: 'board', parentCode: 'b' },
      { code: 'b', name: 'Cơ quan B', kind: 'board', parentCode: 'a' },
      { code: 'c', name: 'Cơ quan C', kind: 'board', parentCode: 'c' },
    );
    // The seeded Department of Planning and Investment becomes the parent of the City People's Committee, its parent.
    document.agencies[0].parentCode = 'so-ke-hoach-va-dau-tu';
    document.indicators.push(
      { code: '2', parentCode: '2.1', category: 'social', name: 'Chỉ tiêu 2', direction: 'higher_is_better' },
      { code: '2.1', parentCode: '2', category: 'social', name: 'Chỉ tiêu 2.1', direction: 'higher_is_better' },
      { code: '3', parentCode: '3', category: 'social', name: 'Chỉ tiêu 3', direction: 'higher_is_better' },
    );
    const body = await refused(t, document);
    t.same(body.report.problems, [
      { pointer: '/agencies/0/parentCode', message: 'makes a cycle of parents: ubnd-tp-can-tho → so-ke-hoach-va-dau-tu → ubnd-tp-can-tho' },
      { pointer: '/agencies/3/parentCode', message: 'makes a cycle of parents: a → b → a' },
      { pointer: '/agencies/4/parentCode', message: 'makes a cycle of parents: b → a → b' },
      { pointer: '/agencies/5/parentCode', message: 'is the agency itself: an agency cannot be its own parent' },
      { pointer: '/indicators/1/parentCode', message: 'makes a cycle of parents: 2 → 2.1 → 2' },
      { pointer: '/indicators/2/parentCode', message: 'makes a cycle of parents: 2.1 → 2 → 2.1' },
      { pointer: '/indicators/3/parentCode', message: 'is the indicator itself: an indicator cannot be its own parent' },
    ]);
  });

  await t.test('deadlines, targets and completion the database would refuse', async (t) => {
    const document = base();
    const task = document.tasks[0];
    const indicator = document.indicators[0];
    document.tasks = [
      { ...task, code: '01', deadline: { kind: 'year', fromYear: 2026, toYear: 2027 } },
      { ...task, code: '02', deadline: { kind: 'year' } },
      { ...task, code: '03', deadline: { kind: 'year_range', fromYear: 2027, toYear: 2027 } },
      { ...task, code: '04', deadline: { kind: 'annually', fromYear: 2029, toYear: 2027 } },
      { ...task, code: '05', deadline: { kind: 'event', fromYear: 2026, text: 'Sau khi Thành ủy phê duyệt' } },
      { ...task, code: '06', deadline: { kind: 'annually' }, status: 'completed' },
      { ...task, code: '07', status: 'in_progress', completedOn: '2026-05-01' },
      { ...task, code: '08', completedOn: '2026-05-01' },
      { ...task, code: '09', deadline: { kind: 'year_range', fromYear: 2026 }, status: 'completed', completedOn: '2026-05-01' },
    ];
    document.indicators = [
      { ...indicator, code: '1', target: { comparator: 'between', lower: 9, upper: 8 } },
      { ...indicator, code: '2', target: { comparator: 'gte', lower: 1, upper: 2 } },
      { ...indicator, code: '3', target: { comparator: 'lt' }, basis: undefined },
      { ...indicator, code: '4', target: undefined, basis: 'each_year' },
      { ...indicator, code: '5', target: { comparator: 'eq', lower: 1, upper: 2 }, basis: 'by_year', targetYear: undefined },
      { ...indicator, code: '6', target: { comparator: 'between', upper: 2 } },
    ].map((x) => JSON.parse(JSON.stringify(x)));
    const body = await refused(t, document);
    t.same(body.report.problems, [
      { pointer: '/indicators/0/target', message: 'lower (9) must not be above upper (8)' },
      { pointer: '/indicators/1/target/upper', message: 'must be left out for comparator gte' },
      { pointer: '/indicators/2/basis', message: 'is required with a target' },
      { pointer: '/indicators/2/target/upper', message: 'is required for comparator lt' },
      { pointer: '/indicators/3/basis', message: 'must be left out: the indicator has no target' },
      { pointer: '/indicators/4/targetYear', message: 'is required when basis is by_year' },
      { pointer: '/indicators/4/target', message: 'eq needs lower = upper (1 ≠ 2)' },
      { pointer: '/indicators/5/target/lower', message: 'is required for comparator between' },
      { pointer: '/tasks/0/deadline/toYear', message: 'must equal fromYear (2026) for a year deadline, or be left out' },
      { pointer: '/tasks/1/deadline/fromYear', message: 'is required for a year deadline' },
      { pointer: '/tasks/2/deadline/toYear', message: 'must be after fromYear (2027) for a year_range deadline (a single year is kind year)' },
      { pointer: '/tasks/3/deadline/toYear', message: 'must not be before fromYear (2029)' },
      { pointer: '/tasks/4/deadline/fromYear', message: 'must be left out: an event deadline has no year' },
      { pointer: '/tasks/5/completedOn', message: 'is required when status is completed' },
      { pointer: '/tasks/6/completedOn', message: 'must be left out: status is in_progress, not completed' },
      { pointer: '/tasks/7/completedOn', message: 'needs status completed in the same record' },
      { pointer: '/tasks/8/deadline/toYear', message: 'is required for a year_range deadline' },
    ]);
  });

  await t.test('problems of both stages at once: a record the schema refuses does not hide another\'s unknown code', async (t) => {
    const document = base();
    document.tasks.push({ ...document.tasks[0], code: '02', kind: 'memo' }, { ...document.tasks[0], code: '03', leadAgencyCode: 'so-khong-co' });
    document.indicators[0].target.upper = 30; // gte with an upper bound: a rule across fields
    const body = await refused(t, document);
    t.same(pointers(body), ['/indicators/0/target/upper', '/tasks/1/kind', '/tasks/2/leadAgencyCode']);
  });

  await t.test('too many problems: the first thousand are listed, the rest counted', async (t) => {
    const document = base();
    document.agencies = Array.from({ length: 1200 }, (_, i) => ({ code: `a-${i}`, name: `Cơ quan ${i}`, kind: 'board', parentCode: `khong-co-${i}` }));
    const response = await app.inject({ method: 'POST', url: '/v1/imports', payload: document });
    t.equal(response.statusCode, 422);
    t.equal(json(response).report.problems.length, 1000);
    t.equal(json(response).report.omittedProblems, 200 + 2, 'and the agencies the program and task named, now missing, are counted too');
    t.equal(json(response).errors.length, 100);
  });
});

/** The seed program's filled-in template, to break. */
async function seedTemplate(app: App): Promise<ExcelJS.Workbook> {
  const [program] = json(await app.inject('/v1/programs')).items;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await app.inject(`/v1/programs/${program.id}/import-template`)).rawPayload as unknown as ArrayBuffer);
  return workbook;
}

t.test('bad workbooks are refused whole, with every problem at its sheet, row and column', async (t) => {
  const { app, database } = await createTestApp(t);
  const before = await counts(database);
  async function refused(t: Test, payload: Buffer | ExcelJS.Workbook) {
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(await payload.xlsx.writeBuffer());
    const response = await app.inject({ method: 'POST', url: '/v1/imports', headers: { 'content-type': xlsxMediaType }, payload: bytes });
    t.equal(response.statusCode, 422, response.body.slice(0, 300));
    t.notOk('errors' in json(response), 'no JSON field errors for a workbook');
    t.same(await counts(database), before, 'nothing written');
    return json(response).report.problems;
  }

  await t.test('files that are not XLSX workbooks', async (t) => {
    const zip = new JSZip();
    zip.file('hello.txt', 'xin chào');
    const cases: [string, Buffer, RegExp][] = [
      ['CSV', Buffer.from('code,name,kind\r\nso-tai-chinh,Sở Tài chính,department\r\n'), /^The file is not an XLSX workbook: it is CSV or other delimited text\. Save it as an Excel workbook/],
      ['UTF-16 text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('code\tname\r\n', 'utf16le')]), /it is UTF-16 text/],
      ['JSON', Buffer.from(JSON.stringify(base())), /it is JSON text\. Send a program document with Content-Type application\/json/],
      ['an old .xls file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /old-style Excel file \(\.xls\)/],
      ['a truncated zip', Buffer.from('PK\x03\x04' + 'x'.repeat(100)), /directory cannot be read/],
      ['a zip that is not a workbook', await zip.generateAsync({ type: 'nodebuffer' }), /cannot be read as an XLSX workbook|has no sheet/],
      ['nothing', Buffer.alloc(0), /The file is empty/],
    ];
    for (const [name, bytes, message] of cases) {
      const problems = await refused(t, bytes);
      t.match(problems[0].message, message, name);
    }
  });

  await t.test('wrong sheet names', async (t) => {
    const workbook = await seedTemplate(app);
    workbook.getWorksheet('Tasks')!.name = 'Task list'; // exceljs refuses a rename that differs only in case
    workbook.getWorksheet('Task list')!.name = 'tasks';
    workbook.removeWorksheet(workbook.getWorksheet('Indicators')!.id);
    t.same(await refused(t, workbook), [
      { sheet: 'Indicators', message: 'The workbook has no sheet "Indicators"; its sheets are "Program", "Agencies", "AgencyGroups", "TaskGroups", "tasks", "Guide".' },
      { sheet: 'Tasks', message: 'The workbook has no sheet "Tasks" (there is "tasks": rename it); its sheets are "Program", "Agencies", "AgencyGroups", "TaskGroups", "tasks", "Guide".' },
    ]);
  });

  await t.test('missing, unknown and repeated columns', async (t) => {
    const workbook = await seedTemplate(app);
    workbook.getWorksheet('Tasks')!.getCell('E1').value = null; // leadAgencyCode
    workbook.getWorksheet('Agencies')!.getCell('B1').value = 'Name';
    workbook.getWorksheet('TaskGroups')!.getCell('F1').value = 'code';
    t.same(await refused(t, workbook), [
      { sheet: 'Agencies', row: 1, cell: 'B1', message: 'Unknown column "Name" (the column is named "name"); the columns of Agencies are code, name, shortName, kind, parentCode, validFrom.' },
      { sheet: 'Agencies', row: 1, column: 'name', message: 'The column "name" is missing (row 1 holds the column names).' },
      { sheet: 'TaskGroups', row: 1, column: 'code', cell: 'F1', message: 'The column "code" appears twice.' },
      { sheet: 'Tasks', row: 1, column: 'leadAgencyCode', message: 'The column "leadAgencyCode" is missing (row 1 holds the column names).' },
    ]);
  });

  await t.test('cells of the wrong type, and the other problems of the same workbook', async (t) => {
    const workbook = await seedTemplate(app);
    const tasks = workbook.getWorksheet('Tasks')!;
    workbook.getWorksheet('Program')!.getCell('E2').value = 'năm 2021'; // startYear
    workbook.getWorksheet('Agencies')!.getCell('F3').value = 5; // validFrom
    workbook.getWorksheet('Indicators')!.getCell('I2').value = '7,5'; // targetLower
    workbook.getWorksheet('Indicators')!.getCell('M3').value = new Date(Date.UTC(2025, 0, 1)); // targetYear
    tasks.getCell('I2').value = 'hai nghìn'; // deadlineFromYear
    tasks.getCell('L3').value = 'maybe'; // isKey
    tasks.getCell('F4').value = 'city_departments_and_boards'; // supporters without agency: or group:
    tasks.getCell('E5').value = 'so-khong-co'; // leadAgencyCode: a good cell naming nothing
    tasks.getCell('H6').value = 'weekly'; // deadlineKind
    tasks.getCell('N7').value = { formula: 'A1+1' } as ExcelJS.CellFormulaValue; // progress: a formula never computed
    const problems = await refused(t, workbook);
    t.same(problems, [
      { sheet: 'Program', row: 2, column: 'startYear', cell: 'E2', message: 'holds the text "năm 2021"; expected a whole number.' },
      { sheet: 'Agencies', row: 3, column: 'validFrom', cell: 'F3', message: 'holds the number 5; expected a date written YYYY-MM-DD.' },
      { sheet: 'Indicators', row: 2, column: 'targetLower', cell: 'I2', message: 'holds the text "7,5"; expected a number (with a decimal point: 7.5, not 7,5).' },
      { sheet: 'Indicators', row: 3, column: 'targetYear', cell: 'M3', message: 'holds a date; expected a whole number.' },
      { sheet: 'Tasks', row: 2, column: 'deadlineFromYear', cell: 'I2', message: 'holds the text "hai nghìn"; expected a whole number.' },
      { sheet: 'Tasks', row: 3, column: 'isKey', cell: 'L3', message: 'holds the text "maybe"; expected TRUE or FALSE.' },
      { sheet: 'Tasks', row: 4, column: 'supporters', cell: 'F4', message: '"city_departments_and_boards" is not agency:CODE or group:CODE.' },
      { sheet: 'Tasks', row: 5, column: 'leadAgencyCode', cell: 'E5', message: "names the agency so-khong-co, which is neither in the document's agencies nor in the service" },
      { sheet: 'Tasks', row: 6, column: 'deadlineKind', cell: 'H6', message: 'must be one of year, year_range, annually, event' },
      { sheet: 'Tasks', row: 7, column: 'progress', cell: 'N7', message: 'holds a formula without a computed value (open and save the file in a spreadsheet program).' },
    ]);
  });

  await t.test('rules across records, located in the workbook', async (t) => {
    const workbook = await seedTemplate(app);
    const tasks = workbook.getWorksheet('Tasks')!;
    tasks.getCell('A3').value = tasks.getCell('A2').value; // task 02 takes the code 01
    tasks.getCell('J2').value = 2030; // deadlineToYear of a year deadline (2021)
    workbook.getWorksheet('Indicators')!.getCell('B2').value = '1.1'; // indicator 1 under its own sub-target
    const problems = await refused(t, workbook);
    t.same(problems, [
      { sheet: 'Indicators', row: 2, column: 'parentCode', cell: 'B2', message: 'makes a cycle of parents: 1 → 1.1 → 1' },
      { sheet: 'Indicators', row: 3, column: 'parentCode', cell: 'B3', message: 'makes a cycle of parents: 1.1 → 1 → 1.1' },
      { sheet: 'Tasks', row: 2, column: 'deadlineToYear', cell: 'J2', message: 'must equal fromYear (2021) for a year deadline, or be left out' },
      { sheet: 'Tasks', row: 3, column: 'code', cell: 'A3', message: 'repeats the code 01 of Tasks row 2: task codes are unique' },
    ]);
  });
});
