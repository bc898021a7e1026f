// The seeded program as the API serves it, compared with the source document row by row: every appendix
// task, every task group, every indicator of section IV. The document is parsed independently of the seed.
import t from 'tap';
import { createTestApp, json } from './helpers/app.js';
import { parseAppendix, parseIndicatorItems, parseTaskGroups, readSourceDocument } from './helpers/source-document.js';

const document = readSourceDocument();
const categoryOfHeading: Record<string, string> = {
  'Các chỉ tiêu kinh tế': 'economic',
  'Các chỉ tiêu xã hội': 'social',
  'Các chỉ tiêu môi trường': 'environment',
  'Chỉ tiêu về quốc phòng, an ninh': 'defence_security',
};

t.test('the served program matches 17/CTr-UBND', async (t) => {
  const { app } = await createTestApp(t);
  const program = json(await app.inject('/v1/programs?q=17/CTr-UBND')).items[0];
  t.equal(program.code, '17/CTr-UBND');
  t.equal(program.issuedOn, '2021-10-04');
  t.equal(program.resolution, '99/NQ-CP');
  t.equal(program.signedBy, 'Trần Việt Trường');
  t.same([program.startYear, program.endYear], [2021, 2025]);
  t.equal(program.coordinator.name, 'Sở Kế hoạch và Đầu tư');

  t.test('all 44 appendix tasks, field by field', async (t) => {
    const rows = parseAppendix(document);
    t.equal(rows.length, 44);
    const served = json(await app.inject(`/v1/tasks?programId=${program.id}&limit=200`)).items;
    t.equal(served.length, 44);
    for (const [i, row] of rows.entries()) {
      const task = served[i];
      t.equal(task.code, row.code, `row ${row.code}: code`);
      t.equal(task.title, row.title, `row ${row.code}: title`);
      t.equal(task.appendixSection, row.section, `row ${row.code}: section`);
      t.equal(task.leadAgency.name, row.lead, `row ${row.code}: lead agency`);
      t.equal(task.supportingText, row.supporting, `row ${row.code}: supporting text`);
      t.equal(task.deadline.text, row.deadline, `row ${row.code}: deadline text`);
      // The supporting text names groups; the structured supporters name the same groups in the same order.
      const names: string[] = task.supporters.map((s: any) => s.type);
      t.ok(names.length > 0 && names.every((type) => type === 'agency_group'), `row ${row.code}: supporters are groups`);
      t.ok(task.supporters.some((s: any) => s.code === 'district_peoples_committees'), `row ${row.code}: districts support`);
      const years = row.deadline.match(/^(\d{4})(?:-(\d{4}))?$/);
      if (years) {
        t.same([task.deadline.fromYear, task.deadline.toYear], [Number(years[1]), Number(years[2] ?? years[1])], `row ${row.code}: deadline years`);
        t.equal(task.deadline.dueOn, `${years[2] ?? years[1]}-12-31`, `row ${row.code}: due date`);
      } else if (row.deadline === 'Hàng năm') {
        t.match(task.deadline, { kind: 'annually', fromYear: 2021, toYear: 2025, dueOn: null }, `row ${row.code}: annual`);
      } else {
        t.match(task.deadline, { kind: 'event', fromYear: null, toYear: null, dueOn: null }, `row ${row.code}: event`);
      }
    }
  });

  t.test('the 13 task groups of section V', async (t) => {
    const headings = parseTaskGroups(document);
    const served = json(await app.inject(`/v1/task-groups?programId=${program.id}`)).items;
    t.same(
      served.map((g: any) => [g.code, g.title]),
      headings.map((h) => [h.code, h.title]),
    );
    const sections = new Map(parseAppendix(document).map((r) => [r.section, r.sectionTitle]));
    for (const group of served.filter((g: any) => g.appendixSection)) {
      t.equal(group.appendixTitle, sections.get(group.appendixSection), `appendix section ${group.appendixSection}`);
    }
    t.equal(served.filter((g: any) => g.appendixSection).length, 8);
  });

  t.test('all 17 indicators of section IV with their sub-targets', async (t) => {
    const items = parseIndicatorItems(document);
    const all = json(await app.inject(`/v1/indicators?programId=${program.id}&limit=200`)).items;
    const top = all.filter((i: any) => i.parentId === null);
    t.same(
      top.map((i: any) => i.code),
      items.map((item) => item.code),
    );
    for (const item of items) {
      const indicator = top.find((i: any) => i.code === item.code);
      t.equal(indicator.category, categoryOfHeading[item.heading], `indicator ${item.code}: category`);
      const family = all.filter((i: any) => i.code === item.code || i.code.startsWith(`${item.code}.`));
      for (const member of family) {
        t.ok(item.text.includes(member.sourceText) || member.sourceText.includes(item.text.slice(0, 40)), `indicator ${member.code}: source text is the document's`);
        if (member.target) t.ok(member.sourceText.includes(member.target.text), `indicator ${member.code}: target text is in its source`);
      }
    }
    // Every sub-target is its own indicator with its own structured target.
    const byCode = new Map<string, any>(all.map((i: any) => [i.code, i]));
    t.match(byCode.get('1'), { target: { comparator: 'between', lower: 7.5, upper: 8 }, basis: 'period_average', unit: '%/năm' });
    t.match(byCode.get('1.3'), { target: { comparator: 'between', lower: 7.5, upper: 8.1 } });
    t.match(byCode.get('11'), { target: { comparator: 'lt', upper: 0.5, lower: null }, direction: 'lower_is_better', basis: 'by_year', targetYear: 2025 });
    t.match(byCode.get('17'), { target: { comparator: 'gte', lower: 75 } });
    t.match(byCode.get('14.1'), { target: { comparator: 'eq', lower: 8, upper: 8 }, unit: 'xã' });
    t.same(
      all.filter((i: any) => i.parentId === byCode.get('9').id).map((i: any) => i.code),
      ['9.1', '9.2', '9.3', '9.4'],
    );
    t.equal(all.length, 38);
  });
});
