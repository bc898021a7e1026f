// A year of 17/CTr-UBND's reporting, end to end through the API, on a set clock: agencies draft and submit their
// 2023 reports (on time, late, returned and resubmitted, one never sent), DPI accepts them, the tasks and indicators
// change, and the consolidated report shows exactly that — as JSON, CSV, a zip of CSVs and an XLSX read back cell
// by cell. Then every kind of bad input, each refused with the field at fault and nothing half-applied.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

const vn = (local: string) => new Date(`${local}+07:00`); // a moment in Vietnam time

t.test('a year of reporting on 17/CTr-UBND', async (t) => {
  let now = vn('2023-11-20T10:00:00');
  const { app, database, bearer } = await createTestApp(t, { clock: () => now });
  const get = async (url: string, authorization?: string) => json(await app.inject({ url, ...(authorization ? { headers: { authorization } } : {}) }));
  const program = (await get('/v1/programs')).items[0];
  const agency = async (code: string) => (await get(`/v1/agencies?q=${encodeURIComponent(code)}`)).items.find((a: any) => a.code === code);
  const [industry, construction, culture, dpi] = await Promise.all(['so-cong-thuong', 'so-xay-dung', 'so-van-hoa-the-thao-va-du-lich', 'so-ke-hoach-va-dau-tu'].map(agency));
  const coordinator = await bearer(['coordinator'], dpi.id);
  const officer = {
    industry: await bearer(['agency_officer'], industry.id),
    construction: await bearer(['agency_officer'], construction.id),
    culture: await bearer(['agency_officer'], culture.id),
    dpi: await bearer(['agency_officer'], dpi.id),
  };
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, authorization: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) });
  const tasks: any[] = (await get('/v1/tasks?programId=17/CTr-UBND&limit=200')).items;
  const task = (code: string) => tasks.find((x) => x.code === code);
  const indicator = async (code: string) => (await get(`/v1/indicators?programId=17/CTr-UBND&limit=200`)).items.find((i: any) => i.code === code);
  const [grdp, investment, poverty] = [await indicator('1'), await indicator('4'), await indicator('11')];
  const industryTask = tasks.find((x) => x.leadAgency.code === 'so-cong-thuong' && x.deadline.kind === 'year_range' && x.deadline.toYear === 2025)
    ?? tasks.find((x) => x.leadAgency.code === 'so-cong-thuong');
  const supportedTask = task('01'); // led by DPI; industry supports it as one of the city's departments

  await t.test('the periods of the program and their deadlines', async (t) => {
    const periods = (await get(`/v1/programs/${program.id}/periods`)).items;
    t.same(periods.map((p: any) => p.id), ['2021', '2022', '2023', '2024', '2025'], 'annual periods, "định kỳ hàng năm"');
    // 14/12/2023 is a Thursday: five working days later is Thursday 21/12.
    t.same(periods[2], {
      id: '2023', kind: 'annual', year: 2023, index: 1,
      reportingWindow: { from: '2022-12-15', to: '2023-12-14' },
      calendarWindow: { from: '2023-01-01', to: '2023-12-31' },
      submissionDeadline: '2023-12-21',
    });
    const quarters = (await get(`/v1/programs/${program.id}/periods?kind=quarter`)).items;
    t.equal(quarters.length, 20);
    t.same(quarters[0].reportingWindow, { from: '2020-12-15', to: '2021-03-14' }, 'Q1 2021 starts on 15 December 2020');
  });

  // Earlier years' statistics, recorded by DPI directly.
  for (const [period, value] of [['2021', -2.1], ['2022', 12.6]] as const) {
    const recorded = await send('POST', '/v1/indicator-values', coordinator, { indicatorId: grdp.id, period, value, kind: 'official' });
    t.equal(recorded.statusCode, 201, `GRDP ${period}`);
  }
  await send('POST', '/v1/indicator-values', coordinator, { indicatorId: investment.id, period: '2021', value: 9, kind: 'official' });

  // November: the Department of Industry and Trade drafts its report; Culture starts one it will never send.
  const drafted = await send('POST', '/v1/reports', officer.industry, {
    programId: program.id,
    agencyId: industry.id,
    period: '2023',
    results: 'Hoàn thành Đề án phát triển thương mại điện tử.',
    advantages: 'Được UBND thành phố quan tâm chỉ đạo.',
    difficulties: 'Nguồn lực đầu tư hạ tầng thương mại còn hạn chế.',
    proposals: 'Bổ sung kinh phí xúc tiến thương mại năm 2024.',
    taskUpdates: [
      { taskId: industryTask.id, status: 'completed', progress: 100, completedOn: '2023-06-30', evidenceUrl: 'https://congbao.cantho.gov.vn/van-ban/1234' },
      { taskId: supportedTask.id, status: 'in_progress', progress: 40, note: 'Đã gửi ý kiến góp ý.' },
    ],
  });
  t.equal(drafted.statusCode, 201, drafted.body);
  const industryReport = json(drafted);
  t.match(industryReport, { status: 'draft', dueOn: '2023-12-21', timeliness: null, history: [{ from: null, to: 'draft', actor: { type: 'api_key', agencyId: industry.id } }] });
  const cultureReport = json(await send('POST', '/v1/reports', officer.culture, { programId: program.id, agencyId: culture.id, period: '2023', results: 'Đang tổng hợp.' }));

  await t.test('a draft is its agency\'s own (OWASP API1)', async (t) => {
    t.equal((await app.inject({ url: `/v1/reports/${industryReport.id}`, headers: { authorization: officer.construction } })).statusCode, 404, 'another agency cannot read it');
    t.equal((await send('PATCH', `/v1/reports/${industryReport.id}`, officer.construction, { results: 'x' })).statusCode, 404, 'nor change it');
    t.equal((await send('POST', `/v1/reports/${industryReport.id}/submit`, officer.construction)).statusCode, 404, 'nor submit it');
    t.equal((await send('DELETE', `/v1/reports/${industryReport.id}`, officer.construction)).statusCode, 404, 'nor delete it');
    t.same((await get('/v1/reports?period=2023', officer.construction)).items, [], 'nor see it listed');
    t.same((await get('/v1/reports?period=2023', officer.industry)).items.map((r: any) => r.id), [industryReport.id], 'its own agency sees it');
    t.equal((await get('/v1/reports?period=2023', coordinator)).items.length, 2, 'DPI sees every draft');
    const forOther = await send('POST', '/v1/reports', officer.construction, { programId: program.id, agencyId: industry.id, period: '2022' });
    t.equal(forOther.statusCode, 403, 'an officer cannot report for another agency');
    t.equal((await get(`/v1/reports/${industryReport.id}`, officer.industry)).results, 'Hoàn thành Đề án phát triển thương mại điện tử.', 'unchanged');
  });

  // Monday 18 December, 09:00 in Can Tho: submitted, three days before the deadline.
  now = vn('2023-12-18T09:00:00');
  const submitted = json(await send('POST', `/v1/reports/${industryReport.id}/submit`, officer.industry));
  t.match(submitted, { status: 'submitted', timeliness: 'on_time', submittedAt: '2023-12-18T02:00:00.000Z' });

  // DPI reports the indicators it collects and a task of its own.
  now = vn('2023-12-19T10:00:00');
  const dpiReport = json(
    await send('POST', '/v1/reports', officer.dpi, {
      programId: program.id,
      agencyId: dpi.id,
      period: '2023',
      difficulties: 'Số liệu GRDP chính thức năm 2023 chưa được công bố.',
      indicatorValues: [
        { indicatorId: grdp.id, value: 6.5, unit: '%/năm' },
        { indicatorId: poverty.id, value: 0.4, kind: 'official' },
      ],
      taskUpdates: [{ taskId: task('09').id, status: 'completed', progress: 100, completedOn: '2023-10-15' }],
    }),
  );
  t.equal(json(await send('POST', `/v1/reports/${dpiReport.id}/submit`, officer.dpi)).timeliness, 'on_time');
  now = vn('2023-12-20T08:00:00');
  await t.test('an officer cannot review (OWASP API5)', async (t) => {
    for (const action of ['accept', 'return', 'reopen']) {
      const refused = await send('POST', `/v1/reports/${dpiReport.id}/${action}`, officer.dpi, action === 'accept' ? undefined : { reason: 'x' });
      t.equal(refused.statusCode, 403, `${action}: 403`);
      t.match(refused.headers['www-authenticate'], /insufficient_scope/);
    }
  });
  const returned = json(await send('POST', `/v1/reports/${dpiReport.id}/return`, coordinator, { reason: 'Bổ sung số liệu chỉ tiêu (4) về vốn đầu tư.' }));
  t.match(returned, { status: 'returned' });
  now = vn('2023-12-27T17:00:00');
  const amended = await send('PATCH', `/v1/reports/${dpiReport.id}`, officer.dpi, {
    indicatorValues: [
      { indicatorId: grdp.id, value: 6.5, unit: '%/năm' },
      { indicatorId: poverty.id, value: 0.4, kind: 'official' },
      { indicatorId: investment.id, value: 11 },
    ],
  });
  t.equal(amended.statusCode, 200, amended.body);
  const resubmitted = json(await send('POST', `/v1/reports/${dpiReport.id}/submit`, officer.dpi));
  t.match(resubmitted, { status: 'submitted', timeliness: 'on_time', firstSubmittedAt: '2023-12-19T03:00:00.000Z', submittedAt: '2023-12-27T10:00:00.000Z' }, 'resubmitted after the deadline, still on time: the first submission counts');

  // Construction sends its report half an hour after midnight on 27 December, Vietnam time: late.
  now = new Date('2023-12-26T17:30:00Z');
  const constructionReport = json(await send('POST', '/v1/reports', officer.construction, { programId: program.id, agencyId: construction.id, period: '2023', difficulties: 'Thiếu vốn đối ứng.' }));
  t.match(json(await send('POST', `/v1/reports/${constructionReport.id}/submit`, officer.construction)), { timeliness: 'late' });

  await t.test('a submitted report is visible to all, writable by none but its agency', async (t) => {
    t.equal((await app.inject({ url: `/v1/reports/${industryReport.id}`, headers: { authorization: officer.construction } })).statusCode, 200);
    t.equal((await send('PATCH', `/v1/reports/${industryReport.id}`, officer.construction, { results: 'x' })).statusCode, 403);
    t.equal((await send('PATCH', `/v1/reports/${industryReport.id}`, officer.industry, { results: 'x' })).statusCode, 409, 'and not by its agency either while under review');
  });

  now = vn('2023-12-28T15:00:00');
  for (const id of [industryReport.id, dpiReport.id]) t.equal((await send('POST', `/v1/reports/${id}/accept`, coordinator)).statusCode, 200, 'accepted');

  await t.test('acceptance applied the reports to the program', async (t) => {
    t.match(await get(`/v1/tasks/${industryTask.id}`), { status: 'completed', progress: 100, completedOn: '2023-06-30' });
    t.match(await get(`/v1/tasks/${supportedTask.id}`), { status: 'in_progress', progress: 40, completedOn: null });
    t.match(await get(`/v1/tasks/${task('09').id}`), { status: 'completed', completedOn: '2023-10-15' });
    const values = (await get(`/v1/indicator-values?period=2023&limit=200`)).items;
    t.same(
      values.map((v: any) => [v.indicatorCode, v.value, v.kind, v.agency.code]).sort(),
      [['1', 6.5, 'estimate', 'so-ke-hoach-va-dau-tu'], ['11', 0.4, 'official', 'so-ke-hoach-va-dau-tu'], ['4', 11, 'estimate', 'so-ke-hoach-va-dau-tu']],
    );
    const accepted = await get(`/v1/reports/${dpiReport.id}`);
    t.same(
      accepted.history.map((h: any) => [h.from, h.to, h.reason, h.actor.agencyId, h.at]),
      [
        [null, 'draft', null, dpi.id, '2023-12-19T03:00:00.000Z'],
        ['draft', 'submitted', null, dpi.id, '2023-12-19T03:00:00.000Z'],
        ['submitted', 'returned', 'Bổ sung số liệu chỉ tiêu (4) về vốn đầu tư.', dpi.id, '2023-12-20T01:00:00.000Z'],
        ['returned', 'submitted', null, dpi.id, '2023-12-27T10:00:00.000Z'],
        ['submitted', 'accepted', null, dpi.id, '2023-12-28T08:00:00.000Z'],
      ],
      'every transition: who, when, from, to, why',
    );
    t.equal((await send('PATCH', `/v1/reports/${dpiReport.id}`, officer.dpi, { results: 'x' })).statusCode, 409, 'an accepted report is locked');
    const events = (await database.db.execute("select type, count(*)::int as n from outbox_events group by type order by type" as never)) as unknown as { rows: { type: string; n: number }[] };
    t.same(
      Object.fromEntries(events.rows.map((r) => [r.type, r.n])),
      { 'indicator_value.recorded': 6, 'report.accepted': 2, 'report.returned': 1, 'report.submitted': 4, 'task.status_changed': 3 },
      'each change told to subscribers: 3 values by hand and 3 by acceptance, 4 submissions, 3 task status changes',
    );
  });

  now = vn('2024-01-05T08:00:00');
  const url = `/v1/programs/${program.id}/consolidated-reports/2023`;
  const report = await get(url, coordinator);

  await t.test('the consolidated report: submissions', async (t) => {
    // Expected: every agency that leads a task, is named as a supporter, or belongs to a supporting group.
    const groups = (await get('/v1/agency-groups?limit=200')).items;
    const members = new Map(groups.map((g: any) => [g.id, g.members.map((m: any) => m.code)]));
    const expected = new Set<string>();
    for (const x of tasks) {
      expected.add(x.leadAgency.code);
      for (const s of x.supporters) for (const code of s.type === 'agency' ? [s.code] : (members.get(s.id) as string[])) expected.add(code);
    }
    t.same(new Set(report.submissions.map((s: any) => s.agency.code)), expected, `the ${expected.size} agencies taking part`);
    const state = (code: string) => report.submissions.find((s: any) => s.agency.code === code).state;
    t.same(
      [state('so-cong-thuong'), state('so-ke-hoach-va-dau-tu'), state('so-xay-dung'), state('so-van-hoa-the-thao-va-du-lich'), state('ubnd-quan-ninh-kieu')],
      ['accepted', 'accepted', 'submitted_late', 'draft', 'missing'],
    );
    t.same(report.submissionCounts, { expected: expected.size, missing: expected.size - 4, draft: 1, submitted_on_time: 0, submitted_late: 1, returned: 0, accepted: 2 });
    t.match(report.period, { id: '2023', submissionDeadline: '2023-12-21' });
    t.equal(report.asOf, '2023-12-14', 'tasks are judged at the data cut-off');
  });

  await t.test('the consolidated report: tasks', async (t) => {
    const now2023 = (await get('/v1/tasks?programId=17/CTr-UBND&limit=200')).items;
    // The buckets, derived here by hand from each task's deadline and state at 2023-12-14.
    const bucketOf = (x: any): string => {
      if (x.status === 'completed' && x.completedOn <= '2023-12-14') return x.completedOn <= `${x.deadline.kind === 'annually' ? 2023 : x.deadline.toYear}-12-31` ? 'completed_on_time' : 'completed_late';
      if (x.deadline.kind === 'event') return 'no_deadline_yet';
      if (x.deadline.kind === 'annually') return 'within_deadline';
      return x.deadline.toYear < 2023 ? 'overdue' : 'within_deadline';
    };
    const expected: Record<string, number> = { total: 44, completed_on_time: 0, completed_late: 0, within_deadline: 0, overdue: 0, no_deadline_yet: 0, cancelled: 0 };
    for (const x of now2023) expected[bucketOf(x)]!++;
    t.same(report.tasks.total, expected, 'totals');
    t.equal(report.tasks.total.completed_on_time, 2, 'the two tasks completed in reports');
    t.same(
      report.overdueTasks.map((o: any) => o.task.code),
      now2023.filter((x: any) => bucketOf(x) === 'overdue').map((x: any) => x.code),
      'the overdue tasks, in appendix order',
    );
    const sectionIII = report.tasks.bySection.find((s: any) => s.section === 'III');
    t.equal(sectionIII.counts.total, now2023.filter((x: any) => x.appendixSection === 'III').length, 'by section');
    t.equal(report.tasks.byGroup.reduce((n: number, g: any) => n + g.counts.total, 0), 44, 'by group, every task once');
    const industryCounts = report.tasks.byLeadAgency.find((a: any) => a.agency.code === 'so-cong-thuong').counts;
    t.equal(industryCounts.total, 5);
    t.equal(industryCounts.completed_on_time, 1);
  });

  await t.test('the consolidated report: indicators and concerns', async (t) => {
    t.equal(report.indicators.length, 38, 'every indicator and sub-target');
    const row = (code: string) => report.indicators.find((i: any) => i.indicator.code === code);
    t.match(row('1'), {
      target: { comparator: 'between', lower: 7.5, upper: 8, basis: 'period_average' },
      latest: { period: '2023', value: 6.5, kind: 'estimate' },
      assessment: { status: 'at_risk', rule: 'period_average', computed: 5.6667, valuesUsed: [{ year: 2021, value: -2.1 }, { year: 2022, value: 12.6 }, { year: 2023, value: 6.5 }] },
    });
    t.match(row('1').assessment.reason, /5\.6667/, 'the reason names the average');
    t.match(row('4').assessment, { status: 'on_track', computed: 10 }, 'investment: (9 + 11) / 2 within 10–12.5');
    t.match(row('11').assessment, { status: 'on_track', rule: 'latest_value' }, 'poverty 0.4 % is already below 0.5 %');
    t.match(row('3').assessment, { status: 'no_target' }, 'a parent without a target of its own');
    t.match(row('2').assessment, { status: 'no_data' });
    t.same(
      report.concerns.map((c: any) => [c.agency.code, c.status]),
      [['so-cong-thuong', 'accepted'], ['so-ke-hoach-va-dau-tu', 'accepted'], ['so-xay-dung', 'submitted']],
      'difficulties and proposals of the reports sent; not of a draft',
    );
  });

  await t.test('the same report as CSV, a zip of CSVs and XLSX', async (t) => {
    const csv = await app.inject({ url: `${url}?format=csv&table=submissions&bom=true`, headers: { authorization: coordinator } });
    t.equal(csv.statusCode, 200);
    t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    t.match(csv.headers['content-disposition'], /^attachment; filename="17-CTr-UBND_2023_submissions\.csv"$/);
    t.ok(csv.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'starts with a UTF-8 BOM');
    t.match(csv.body, /\r\n/, 'CRLF line ends (RFC 4180)');
    const rows: string[][] = parse(csv.rawPayload, { bom: true });
    t.same(rows[0], ['STT', 'Cơ quan, đơn vị', 'Mã cơ quan', 'Tình trạng', 'Hạn gửi', 'Thời điểm gửi (giờ Việt Nam)']);
    t.same(rows.find((r) => r[2] === 'so-xay-dung'), [String(rows.findIndex((r) => r[2] === 'so-xay-dung')), 'Sở Xây dựng', 'so-xay-dung', 'Đã gửi trễ hạn', '2023-12-21', '2023-12-27 00:30']);
    t.equal(rows.length, report.submissions.length + 1);

    const byAccept = await app.inject({ url, headers: { authorization: coordinator, accept: 'text/csv' } });
    t.equal(byAccept.statusCode, 400, 'CSV by Accept still needs a table');
    t.same(json(byAccept).errors, [{ in: 'query', pointer: '/table', message: 'format=csv needs a table (or use format=zip for all of them)' }]);

    const zip = await app.inject({ url, headers: { authorization: coordinator, accept: 'application/zip' } });
    t.equal(zip.headers['content-type'], 'application/zip');
    const files = await JSZip.loadAsync(zip.rawPayload);
    t.same(Object.keys(files.files).sort(), ['concerns', 'indicators', 'overdue_tasks', 'submissions', 'tasks_by_group', 'tasks_by_lead_agency', 'tasks_by_section'].map((n) => `17-CTr-UBND_2023_${n}.csv`));
    const overdue: string[][] = parse(await files.file('17-CTr-UBND_2023_overdue_tasks.csv')!.async('string'));
    t.same(overdue.slice(1).map((r) => r[0]), report.overdueTasks.map((o: any) => o.task.code));

    const xlsx = await app.inject({ url: `${url}?format=xlsx`, headers: { authorization: coordinator } });
    t.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    t.same(workbook.worksheets.map((s) => s.name), ['Tình hình gửi báo cáo', 'Nhiệm vụ theo phần', 'Nhiệm vụ theo nhóm', 'Nhiệm vụ theo cơ quan chủ trì', 'Nhiệm vụ quá hạn', 'Chỉ tiêu', 'Khó khăn, đề xuất']);
    const submissions = workbook.getWorksheet('Tình hình gửi báo cáo')!;
    t.same(submissions.getRow(1).values, [undefined, 'STT', 'Cơ quan, đơn vị', 'Mã cơ quan', 'Tình trạng', 'Hạn gửi', 'Thời điểm gửi (giờ Việt Nam)'], 'Vietnamese headers');
    t.ok(submissions.getRow(1).font?.bold, 'bold headers');
    t.equal(submissions.getColumn(2).width, 40, 'column widths set');
    t.match(submissions.views[0], { state: 'frozen', ySplit: 1 }, 'the header row stays in view');
    t.equal(submissions.rowCount, report.submissions.length + 1);
    const industryRow = submissions.getRows(2, submissions.rowCount - 1)!.find((r) => r.getCell(3).value === 'so-cong-thuong')!;
    t.same([industryRow.getCell(2).value, industryRow.getCell(4).value, industryRow.getCell(5).value, industryRow.getCell(6).value], ['Sở Công Thương', 'Đã tiếp nhận', '2023-12-21', '2023-12-18 09:00']);
    const indicators = workbook.getWorksheet('Chỉ tiêu')!;
    const grdpRow = indicators.getRows(2, indicators.rowCount - 1)!.find((r) => r.getCell(1).value === '1')!;
    t.same([grdpRow.getCell(3).value, grdpRow.getCell(4).value, grdpRow.getCell(9).value, grdpRow.getCell(10).value, grdpRow.getCell(11).value], ['%/năm', '7,5- 8,0%/năm', 6.5, 'Ước thực hiện', 'Có nguy cơ không đạt']);
    t.match(String(grdpRow.getCell(12).value), /5,6667/, 'the reason, in Vietnamese, with a decimal comma');
    const totals = workbook.getWorksheet('Nhiệm vụ theo nhóm')!;
    let sum = 0;
    totals.eachRow((r, n) => void (n > 1 && (sum += Number(r.getCell(3).value))));
    t.equal(sum, 44, 'the group sheet counts every task once');
  });

  await t.test('reopening: back to the agency with a reason; what was applied stays', async (t) => {
    now = vn('2024-01-10T09:00:00');
    const reopened = json(await send('POST', `/v1/reports/${industryReport.id}/reopen`, coordinator, { reason: 'Điều chỉnh tiến độ nhiệm vụ 01 theo số liệu mới.' }));
    t.match(reopened, { status: 'returned', acceptedAt: null, timeliness: 'on_time' });
    t.match(reopened.history.at(-1), { from: 'accepted', to: 'returned', reason: 'Điều chỉnh tiến độ nhiệm vụ 01 theo số liệu mới.' });
    t.match(await get(`/v1/tasks/${industryTask.id}`), { status: 'completed' }, 'the task stays completed');
    const again = await get(url, coordinator);
    t.equal(again.submissions.find((s: any) => s.agency.code === 'so-cong-thuong').state, 'returned');
    t.same(again.concerns.map((c: any) => c.agency.code), ['so-ke-hoach-va-dau-tu', 'so-xay-dung'], 'a returned report is the agency\'s again');
    t.equal(cultureReport.status, 'draft');
  });
});

t.test('bad input is refused precisely, and nothing is half-applied', async (t) => {
  const now = vn('2023-12-01T10:00:00');
  const { app, bearer } = await createTestApp(t, { clock: () => now });
  const get = async (url: string) => json(await app.inject(url));
  const program = (await get('/v1/programs')).items[0];
  const agencies: any[] = (await get('/v1/agencies?limit=200')).items;
  const byCode = (code: string) => agencies.find((a) => a.code === code);
  const industry = byCode('so-cong-thuong');
  const officer = await bearer(['agency_officer'], industry.id);
  const tasks: any[] = (await get('/v1/tasks?limit=200')).items;
  const grdp = (await get('/v1/indicators?programId=17/CTr-UBND&q=GRDP&sort=position&limit=1')).items[0];
  // A task only the Department of Construction takes part in.
  const group = tasks[0].group;
  const narrow = json(
    await app.inject({
      method: 'POST',
      url: '/v1/tasks',
      payload: { programId: program.id, groupId: group.id, code: '90', title: 'Đề án thử nghiệm', kind: 'scheme', leadAgencyId: byCode('so-xay-dung').id, supporters: [{ agencyId: byCode('so-tai-nguyen-va-moi-truong').id }], deadline: { kind: 'year', fromYear: 2024 } },
    }),
  );
  const other = json(await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: 'X/2024', title: 'Chương trình khác', startYear: 2024, endYear: 2025 } }));
  const post = (payload: object, authorization = officer) => app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization }, payload });
  const valid = { programId: program.id, agencyId: industry.id, period: '2023' };

  const cases: [string, object, number, string][] = [
    ['a year outside the program', { ...valid, period: '2026' }, 422, '/period'],
    ['a kind of period the program is not reported on', { ...valid, period: '2023-Q1' }, 422, '/period'],
    ['a malformed period', { ...valid, period: '2023-Q5' }, 400, '/period'],
    ['a program that does not exist', { ...valid, programId: '00000000-0000-4000-8000-000000000000' }, 422, '/programId'],
    ['a task of another program', { ...valid, taskUpdates: [{ taskId: '00000000-0000-4000-8000-000000000000', status: 'in_progress', progress: 10 }] }, 422, '/taskUpdates/0/taskId'],
    ['a task the agency neither leads nor supports', { ...valid, taskUpdates: [{ taskId: narrow.id, status: 'in_progress', progress: 10 }] }, 422, '/taskUpdates/0/taskId'],
    ['progress over 100', { ...valid, taskUpdates: [{ taskId: tasks[0].id, status: 'in_progress', progress: 150 }] }, 400, '/taskUpdates/0/progress'],
    ['completed without a date', { ...valid, taskUpdates: [{ taskId: tasks[0].id, status: 'completed', progress: 100 }] }, 422, '/taskUpdates/0/completedOn'],
    ['cancelling through a report', { ...valid, taskUpdates: [{ taskId: tasks[0].id, status: 'cancelled', progress: 0 }] }, 400, '/taskUpdates/0/status'],
    ['the same task twice', { ...valid, taskUpdates: [{ taskId: tasks[0].id, status: 'in_progress', progress: 1 }, { taskId: tasks[0].id, status: 'in_progress', progress: 2 }] }, 400, '/taskUpdates/1'],
    ['an indicator the agency does not answer for', { ...valid, indicatorValues: [{ indicatorId: grdp.id, value: 7 }] }, 422, '/indicatorValues/0/indicatorId'],
    ['a value that is not a number', { ...valid, indicatorValues: [{ indicatorId: grdp.id, value: '6,5' }] }, 400, '/indicatorValues/0/value'],
    ['an evidence link that is not a link', { ...valid, taskUpdates: [{ taskId: tasks[0].id, status: 'in_progress', progress: 1, evidenceUrl: 'javascript:alert(1)' }] }, 400, '/taskUpdates/0/evidenceUrl'],
  ];
  for (const [name, payload, status, pointer] of cases) {
    const response = await post(payload);
    t.equal(response.statusCode, status, `${name}: ${status}`);
    t.ok(json(response).errors?.some((e: any) => e.pointer === pointer), `${name}: names ${pointer} (got ${JSON.stringify(json(response).errors)})`);
  }
  const coordinator = await bearer(['coordinator'], byCode('so-ke-hoach-va-dau-tu').id);
  const noTasks = await post({ ...valid, agencyId: byCode('bo-ke-hoach-va-dau-tu').id }, coordinator);
  t.equal(noTasks.statusCode, 422, 'an agency with no task in the program');
  t.match(json(noTasks).errors, [{ in: 'body', pointer: '/agencyId', message: /takes no part in this program at the end of 2023/ }]);
  const wrongUnit = await post({ ...valid, agencyId: byCode('so-ke-hoach-va-dau-tu').id, indicatorValues: [{ indicatorId: grdp.id, value: 6.5, unit: 'tỷ đồng' }] }, coordinator);
  t.equal(wrongUnit.statusCode, 422, 'a value in the wrong unit');
  t.same(json(wrongUnit).errors, [{ in: 'body', pointer: '/indicatorValues/0/unit', message: 'The indicator is measured in %/năm, not tỷ đồng.' }]);
  t.equal((await get('/v1/reports')).items.length, 0, 'no report was created by any of them');
  t.equal((await post({ ...valid, programId: other.id, period: '2024' })).statusCode, 422, 'a program the agency takes no part in');

  const draft = json(await post({ ...valid, results: 'Bản nháp', taskUpdates: [{ taskId: tasks[1].id, status: 'in_progress', progress: 20 }] }));
  t.equal((await post(valid)).statusCode, 409, 'a second report for the same agency and period');
  const before = await get(`/v1/reports/${draft.id}`);
  const half = await app.inject({ method: 'PATCH', url: `/v1/reports/${draft.id}`, headers: { authorization: officer }, payload: { results: 'Đổi', taskUpdates: [{ taskId: tasks[2].id, status: 'in_progress', progress: 5 }, { taskId: narrow.id, status: 'in_progress', progress: 5 }] } });
  t.equal(half.statusCode, 422);
  t.same(await get(`/v1/reports/${draft.id}`), before, 'a refused change leaves the report as it was');

  const transitions: [string, string, object | undefined, number][] = [
    ['accept a draft', 'accept', undefined, 409],
    ['return a draft', 'return', { reason: 'x' }, 409],
    ['reopen a draft', 'reopen', { reason: 'x' }, 409],
    ['return without a reason', 'return', {}, 400],
  ];
  for (const [name, action, payload, status] of transitions) {
    const response = await app.inject({ method: 'POST', url: `/v1/reports/${draft.id}/${action}`, headers: { authorization: coordinator }, ...(payload ? { payload } : {}) });
    t.equal(response.statusCode, status, name);
    if (status === 409) t.match(json(response), { type: 'tag:plantrack,2026:problems/invalid-transition', detail: /draft report cannot be/ });
  }
  t.equal((await app.inject({ method: 'POST', url: `/v1/reports/${draft.id}/submit`, headers: { authorization: officer } })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: `/v1/reports/${draft.id}/submit`, headers: { authorization: officer } })).statusCode, 409, 'submit twice');
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/reports/${draft.id}`, headers: { authorization: officer } })).statusCode, 409, 'a submitted report stays on record');
  t.equal((await app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: await bearer(['viewer']) }, payload: valid })).statusCode, 403, 'a viewer cannot report');
  t.equal((await app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: undefined }, payload: valid })).statusCode, 401, 'nobody without credentials');
  t.match(await get(`/v1/tasks/${tasks[1].id}`), { status: 'not_started', progress: 0 }, 'nothing reached the program before acceptance');
});
