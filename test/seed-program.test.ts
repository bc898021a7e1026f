// The seeded program as the API serves it, compared with the source document row by row: every appendix
// task, every task group, every indicator of section IV. The document is parsed independently of the seed.
import t from 'tap';
import { canTho17 } from '../src/seed/cantho-17/index.js';
import { createTestApp, json } from './helpers/app.js';
import { parseAppendix, parseIndicatorItems, parseTaskGroups, readSourceDocument } from './helpers/source-document.js';

const document = readSourceDocument();
const seedTasks = new Map(canTho17.tasks.map((task) => [task.code, task]));
const categoryOfHeading: Record<string, string> = {
  'Các chỉ tiêu kinh tế': 'economic',
  'Các chỉ tiêu xã hội': 'social',
  'Các chỉ tiêu môi trường': 'environment',
  'Chỉ tiêu về quốc phòng, an ninh': 'defence_security',
};
// The agency groups each printed "Cơ quan phối hợp" wording names, in the order it names them.
const departmentsAndDistricts = ['city_departments_and_boards', 'district_peoples_committees'];
const supportersOfText = new Map<string, string[]>([
  ['Các Sở, ban ngành thành phố, UBND quận, huyện', departmentsAndDistricts],
  ['Các Sở, ban, ngành, UBND quận, huyện', departmentsAndDistricts],
  ['Sở, ban, ngành và UBND quận, huyện', departmentsAndDistricts],
  ['Các Sở, ban ngành, cơ quan có liên quan, UBND quận, huyện', ['city_departments_and_boards', 'relevant_agencies', 'district_peoples_committees']],
]);

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
      const groups = supportersOfText.get(row.supporting);
      t.ok(groups, `row ${row.code}: known supporting text "${row.supporting}"`);
      t.strictSame(
        task.supporters.map((s: any) => [s.type, s.code]),
        (groups ?? []).map((code) => ['agency_group', code]),
        `row ${row.code}: supporters are the groups of "${row.supporting}", in its order`,
      );
      // Kind and key flag are interpretations, reviewed in the seed (test/seed-data.test.ts): served as seeded.
      const seeded = seedTasks.get(row.code);
      t.ok(seeded, `row ${row.code}: a seed task`);
      t.strictSame({ kind: task.kind, isKey: task.isKey }, { kind: seeded?.kind, isKey: seeded?.isKey }, `row ${row.code}: kind and isKey as seeded`);
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
      // The item's own clause opens the item; a parent that only groups sub-targets quotes the whole item
      // (without its closing full stop).
      t.ok(item.text.startsWith(indicator.sourceText), `indicator ${item.code}: source text opens item (${item.code})`);
      if (indicator.target === null) {
        t.equal(indicator.sourceText, item.text.replace(/\.$/, ''), `indicator ${item.code}: a grouping parent quotes the whole item`);
      }
      // Each sub-target quotes its own clause of the item, the clauses in the order of the codes, never overlapping.
      const children = all.filter((i: any) => i.parentId === indicator.id);
      t.strictSame(
        children.map((i: any) => i.code),
        children.map((_: any, k: number) => `${item.code}.${k + 1}`),
        `indicator ${item.code}: sub-targets numbered in order`,
      );
      let end = 0;
      for (const child of children) {
        const at = item.text.indexOf(child.sourceText, end);
        t.ok(at >= 0, `indicator ${child.code}: source text is a clause of item (${item.code}), after the previous sub-target's`);
        if (at >= 0) end = at + child.sourceText.length;
      }
      for (const member of [indicator, ...children]) {
        t.ok(item.text.includes(member.sourceText), `indicator ${member.code}: source text is verbatim in item (${item.code})`);
        if (member.target) t.ok(member.sourceText.includes(member.target.text), `indicator ${member.code}: target text is in its source`);
      }
    }
    // Only top-level items and their direct sub-targets: no deeper nesting.
    t.ok(all.every((i: any) => i.parentId === null || top.some((p: any) => p.id === i.parentId)), 'sub-targets hang off top-level indicators');

    // Every served indicator is exactly the reviewed seed indicator, in document order.
    const codeOfId = new Map<string, string>(all.map((i: any) => [i.id, i.code]));
    t.strictSame(
      all.map((i: any) => i.code),
      canTho17.indicators.map((i) => i.code),
      'the served indicators are the seed indicators, in order',
    );
    for (const seeded of canTho17.indicators) {
      const served = all.find((i: any) => i.code === seeded.code);
      if (!served) continue;
      t.strictSame(
        {
          code: served.code,
          parentCode: served.parentId === null ? null : (codeOfId.get(served.parentId) ?? `unknown id ${served.parentId}`),
          category: served.category,
          name: served.name,
          unit: served.unit,
          direction: served.direction,
          target: served.target,
          basis: served.basis,
          targetYear: served.targetYear,
          sourceText: served.sourceText,
          notes: served.notes,
        },
        {
          code: seeded.code,
          parentCode: seeded.parentCode,
          category: seeded.category,
          name: seeded.name,
          unit: seeded.unit,
          direction: seeded.direction,
          target: seeded.target === null ? null : { comparator: seeded.target.comparator, lower: seeded.target.lower, upper: seeded.target.upper, text: seeded.targetText },
          basis: seeded.basis,
          targetYear: seeded.targetYear,
          sourceText: seeded.sourceText,
          notes: seeded.notes,
        },
        `indicator ${seeded.code}: served as seeded`,
      );
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
