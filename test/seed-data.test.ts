// Cross-checks the seed data of Action Program 17/CTr-UBND (src/seed/cantho-17) against the source document
// docs/sources/17-CTr-UBND-2021.txt, read by the independent parser in test/helpers/source-document.ts.
// No database: data only.
import t from 'tap';
import { canTho17 } from '../src/seed/cantho-17/index.js';
import type { SeedIndicator, SeedSupporter, SeedTask } from '../src/seed/types.js';
import type { IndicatorCategory, TaskKind } from '../src/domain/vocabulary.js';
import {
  parseAppendix,
  parseGeneralObjective,
  parseIndicatorItems,
  parseTaskGroups,
  parseTitleLine,
  readSourceDocument,
} from './helpers/source-document.js';

const doc = readSourceDocument();
const appendix = parseAppendix(doc);
const headings = parseTaskGroups(doc);
const indicatorItems = parseIndicatorItems(doc);
const { agencies, agencyGroups, program, taskGroups, indicators, tasks } = canTho17;

const agencyByCode = new Map(agencies.map((agency) => [agency.code, agency]));
const groupByCode = new Map(agencyGroups.map((group) => [group.code, group]));
const indicatorByCode = new Map(indicators.map((indicator) => [indicator.code, indicator]));
const itemByCode = new Map(indicatorItems.map((item) => [item.code, item]));

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** Numbers as Vietnamese writes them: "." groups thousands, "," is the decimal mark ("6.200" = 6200, "7,5" = 7.5). */
function vietnameseNumbers(text: string): number[] {
  return [...text.matchAll(/\d+(?:[.,]\d+)*/g)].map((match) => Number(match[0].replace(/\./g, '').replace(',', '.')));
}

function duplicates(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

t.test('the parser reads the document as expected', async (t) => {
  t.same(
    appendix.map((row) => row.code),
    range(1, 44).map(twoDigits),
    'appendix rows 01 … 44 in order',
  );
  t.same(
    [...new Set(appendix.map((row) => row.section))],
    ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'],
    'appendix sections I … VIII in order',
  );
  for (const row of appendix) {
    for (const [cell, value] of Object.entries(row)) t.not(value, '', `row ${row.code}: ${cell} is not empty`);
  }
  t.same(
    headings.map((heading) => heading.code),
    range(1, 13).map(String),
    'section V headings 1 … 13 in order',
  );
  t.same(
    indicatorItems.map((item) => item.code),
    range(1, 17).map(String),
    'section IV items (1) … (17) in order',
  );
});

t.test('tasks match the appendix row by row', async (t) => {
  t.equal(tasks.length, 44, 'exactly 44 tasks');
  t.equal(appendix.length, 44, 'exactly 44 appendix rows');
  t.same(
    tasks.map((task) => task.code),
    appendix.map((row) => row.code),
    'tasks are in appendix order',
  );
  t.same(duplicates(tasks.map((task) => task.code)), [], 'task codes are unique');

  for (const row of appendix) {
    const task = tasks.find((candidate) => candidate.code === row.code);
    if (!task) {
      t.fail(`no seed task ${row.code}`);
      continue;
    }
    const lead = agencyByCode.get(task.leadAgencyCode);
    t.same(
      {
        code: task.code,
        section: task.section,
        title: task.title,
        lead: lead?.name,
        supporting: task.supportingText,
        deadline: task.deadlineText,
      },
      {
        code: row.code,
        section: row.section,
        title: row.title,
        lead: row.lead,
        supporting: row.supporting,
        deadline: row.deadline,
      },
      `task ${row.code} matches the appendix`,
    );
  }
});

t.test('task kind follows the title', async (t) => {
  // Longest prefixes first: "Xây dựng và triển khai quy hoạch" and "Cập nhật kế hoạch" before the generic ones.
  const rules: Array<[RegExp, TaskKind]> = [
    [/^Xây dựng và triển khai quy hoạch /, 'master_plan'],
    [/^Cập nhật kế hoạch /, 'plan'],
    [/^Kế hoạch /, 'plan'],
    [/^Đề án /, 'scheme'],
    [/^Chương trình /, 'program'],
    [/^Báo cáo /, 'report'],
    [/^Quy hoạch /, 'master_plan'],
    [/^Điều chỉnh/, 'adjustment'],
  ];
  for (const task of tasks) {
    const rule = rules.find(([pattern]) => pattern.test(task.title));
    t.ok(rule, `task ${task.code}: a kind rule applies to "${task.title}"`);
    if (rule) t.equal(task.kind, rule[1], `task ${task.code} is a ${rule[1]}`);
  }
  t.ok(
    tasks.every((task) => !task.isKey),
    'no task is key (the document marks none)',
  );
});

t.test('supporters follow the supporting text', async (t) => {
  const departmentsAndDistricts: SeedSupporter[] = [
    { groupCode: 'city_departments_and_boards' },
    { groupCode: 'district_peoples_committees' },
  ];
  const expected = new Map<string, SeedSupporter[]>([
    ['Các Sở, ban ngành thành phố, UBND quận, huyện', departmentsAndDistricts],
    ['Các Sở, ban, ngành, UBND quận, huyện', departmentsAndDistricts],
    ['Sở, ban, ngành và UBND quận, huyện', departmentsAndDistricts],
    [
      'Các Sở, ban ngành, cơ quan có liên quan, UBND quận, huyện',
      [
        { groupCode: 'city_departments_and_boards' },
        { groupCode: 'relevant_agencies' },
        { groupCode: 'district_peoples_committees' },
      ],
    ],
  ]);
  for (const task of tasks) {
    const supporters = expected.get(task.supportingText);
    t.ok(supporters, `task ${task.code}: known supporting text "${task.supportingText}"`);
    if (supporters) t.same(task.supporters, supporters, `task ${task.code}: supporters in the order of the text`);
  }
});

t.test('deadline structure agrees with the deadline text', async (t) => {
  for (const task of tasks) {
    const text = task.deadlineText;
    let expected: SeedTask['deadline'] | null = null;
    const year = /^(\d{4})$/.exec(text);
    const yearRange = /^(\d{4})-(\d{4})$/.exec(text);
    if (year) {
      expected = { kind: 'year', fromYear: Number(year[1]), toYear: Number(year[1]) };
    } else if (yearRange) {
      expected = { kind: 'year_range', fromYear: Number(yearRange[1]), toYear: Number(yearRange[2]) };
    } else if (text === 'Hàng năm') {
      expected = { kind: 'annually', fromYear: program.startYear, toYear: program.endYear };
    } else if (text === 'Sau khi Thành ủy phê duyệt') {
      expected = { kind: 'event', fromYear: null, toYear: null };
    }
    t.ok(expected, `task ${task.code}: deadline text "${text}" has a known form`);
    if (expected) t.same(task.deadline, expected, `task ${task.code}: deadline "${text}"`);
    if (task.deadline.fromYear !== null && task.deadline.toYear !== null) {
      t.ok(task.deadline.fromYear <= task.deadline.toYear, `task ${task.code}: deadline years are ordered`);
    }
  }
  t.same(
    { startYear: program.startYear, endYear: program.endYear },
    { startYear: 2021, endYear: 2025 },
    'the program runs 2021-2025',
  );
});

t.test('task groups match section V and the appendix headings', async (t) => {
  t.equal(taskGroups.length, 13, 'exactly 13 task groups');
  t.same(
    taskGroups.map((group) => ({ code: group.code, title: group.title })),
    headings,
    'codes and titles equal the section V headings exactly',
  );

  const sectionTitles = new Map(appendix.map((row) => [row.section, row.sectionTitle]));
  // The appendix repeats a group's title with small differences (case of "COVID", a comma); compare loosely to check
  // that each section is assigned to the right group, then exactly for appendixTitle.
  const loose = (text: string): string =>
    text
      .toLocaleLowerCase('vi')
      .replace(/[.,;:]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  for (const [section, sectionTitle] of sectionTitles) {
    const groups = taskGroups.filter((group) => group.appendixSection === section);
    t.equal(groups.length, 1, `exactly one task group repeats appendix section ${section}`);
    const group = groups[0];
    if (!group) continue;
    t.equal(group.appendixTitle, sectionTitle, `group ${group.code}: appendixTitle is section ${section}'s heading`);
    t.equal(loose(group.title), loose(sectionTitle), `group ${group.code}: its title is the one section ${section} repeats`);
  }
  for (const group of taskGroups.filter((candidate) => candidate.appendixSection === null)) {
    t.equal(group.appendixTitle, null, `group ${group.code}: no appendix section, no appendix title`);
  }
  for (const group of taskGroups) {
    if (group.appendixSection === null) continue;
    t.ok(sectionTitles.has(group.appendixSection), `group ${group.code}: appendix section ${group.appendixSection} exists`);
  }
  t.same(
    taskGroups.filter((group) => group.appendixSection === null).map((group) => group.code),
    ['5', '10', '11', '12', '13'],
    'groups 5 and 10-13 have no appendix section',
  );
  for (const task of tasks) {
    t.ok(
      taskGroups.some((group) => group.appendixSection === task.section),
      `task ${task.code}: section ${task.section} names a task group`,
    );
  }
});

t.test('the program record agrees with the document', async (t) => {
  t.equal(program.code, '17/CTr-UBND');
  t.ok(doc.includes(`Số: ${program.code}`), 'the document is numbered with the program code');
  t.equal(
    program.title.toLocaleLowerCase('vi'),
    `chương trình hành động ${parseTitleLine(doc)}`.toLocaleLowerCase('vi'),
    'the title is the document heading in sentence case',
  );
  t.ok(program.title.includes(`Nghị quyết số ${program.resolution}`), 'the title names the resolution');
  t.equal(program.summary, parseGeneralObjective(doc), 'the summary is section II verbatim');
  t.equal(program.issuedOn, '2021-10-04');
  t.ok(doc.includes('Cần Thơ, ngày 04 tháng 10 năm 2021'), 'the document is dated 04/10/2021');
  t.ok(doc.includes(`\n${program.signedBy}\n`), 'the signer appears on a line of their own');
  t.equal(agencyByCode.get(program.issuerCode)?.kind, 'peoples_committee', 'the issuer is the City People\'s Committee');
  t.equal(agencyByCode.get(program.coordinatorCode)?.name, 'Sở Kế hoạch và Đầu tư', 'DPI coordinates');
});

t.test('indicators agree with section IV', async (t) => {
  t.same(duplicates(indicators.map((indicator) => indicator.code)), [], 'indicator codes are unique');

  const topLevel = indicators.filter((indicator) => indicator.parentCode === null);
  t.same(
    topLevel.map((indicator) => indicator.code),
    range(1, 17).map(String),
    'the top-level indicators are "1" … "17" in order',
  );
  const expectedCategory = (code: number): IndicatorCategory =>
    code <= 8 ? 'economic' : code <= 14 ? 'social' : code <= 16 ? 'environment' : 'defence_security';
  const categoryOfHeading: Record<string, IndicatorCategory> = {
    'Các chỉ tiêu kinh tế': 'economic',
    'Các chỉ tiêu xã hội': 'social',
    'Các chỉ tiêu môi trường': 'environment',
    'Chỉ tiêu về quốc phòng, an ninh': 'defence_security',
  };
  for (const indicator of topLevel) {
    t.equal(indicator.category, expectedCategory(Number(indicator.code)), `indicator ${indicator.code}: category`);
    const item = itemByCode.get(indicator.code);
    t.ok(item, `indicator ${indicator.code}: section IV has item (${indicator.code})`);
    if (!item) continue;
    t.equal(indicator.category, categoryOfHeading[item.heading], `indicator ${indicator.code}: under "${item.heading}"`);
  }

  for (const indicator of indicators) {
    const label = `indicator ${indicator.code}`;
    t.ok(doc.includes(indicator.sourceText), `${label}: sourceText is verbatim in the document`);
    const topCode = indicator.code.split('.')[0]!;
    const item = itemByCode.get(topCode);
    t.ok(item?.text.includes(indicator.sourceText), `${label}: sourceText comes from item (${topCode})`);

    if (indicator.parentCode !== null) {
      const parent = indicatorByCode.get(indicator.parentCode);
      t.ok(parent, `${label}: parent ${indicator.parentCode} exists`);
      t.match(indicator.code, new RegExp(`^${indicator.parentCode.replace('.', '\\.')}\\.\\d+$`), `${label}: code`);
      if (parent) t.equal(indicator.category, parent.category, `${label}: same category as its parent`);
    }

    if (indicator.target === null) {
      t.same(
        { targetText: indicator.targetText, basis: indicator.basis, targetYear: indicator.targetYear },
        { targetText: null, basis: null, targetYear: null },
        `${label}: no target, so no target text, basis or year`,
      );
      t.ok(
        indicators.some((child) => child.parentCode === indicator.code),
        `${label}: a parent without a target of its own has sub-targets`,
      );
    } else {
      t.not(indicator.targetText, null, `${label}: a target has its text`);
      t.not(indicator.unit, null, `${label}: a target has a unit`);
      t.equal(indicator.targetYear, 2025, `${label}: target year 2025`);
    }
    if (indicator.targetText !== null) {
      t.ok(indicator.sourceText.includes(indicator.targetText), `${label}: targetText is part of sourceText`);
    }
  }

  t.same(
    indicators.filter((indicator) => indicator.target === null).map((indicator) => indicator.code),
    ['3', '5', '6', '7', '9'],
    'exactly the grouping parents 3, 5, 6, 7 and 9 have no target of their own',
  );
  t.same(
    indicators.filter((indicator) => indicator.parentCode !== null).map((indicator) => indicator.code),
    ['1.1', '1.2', '1.3', '1.4', '3.1', '3.2', '3.3', '3.4', '5.1', '5.2', '6.1', '6.2', '7.1', '7.2']
      .concat(['9.1', '9.2', '9.3', '9.4', '14.1', '15.1', '15.2']),
    'every sub-target is its own child indicator',
  );
});

t.test('targets agree with the numbers written in targetText', async (t) => {
  // Targets the document states without a number: the structured value is an interpretation, pinned here.
  const interpreted = new Map<string, SeedIndicator['target']>([['5.1', { comparator: 'gte', lower: 100, upper: null }]]);

  for (const indicator of indicators) {
    const { target, targetText } = indicator;
    if (target === null || targetText === null) continue;
    const label = `indicator ${indicator.code} ("${targetText}")`;
    const numbers = vietnameseNumbers(targetText);

    const pinned = interpreted.get(indicator.code);
    if (pinned !== undefined) {
      t.same(numbers, [], `${label}: no number written`);
      t.same(target, pinned, `${label}: interpreted target`);
      t.ok(indicator.notes?.includes('interpretation'), `${label}: the notes say it is an interpretation`);
      continue;
    }

    switch (target.comparator) {
      case 'between':
        t.same(numbers, [target.lower, target.upper], `${label}: between lower and upper`);
        t.ok((target.lower ?? Infinity) < (target.upper ?? -Infinity), `${label}: lower < upper`);
        break;
      case 'eq':
        t.same(numbers, [target.lower], `${label}: one number`);
        t.equal(target.upper, target.lower, `${label}: eq has lower = upper`);
        break;
      case 'gte':
      case 'gt':
        t.same(numbers, [target.lower], `${label}: the floor`);
        t.equal(target.upper, null, `${label}: no upper bound`);
        break;
      case 'lte':
      case 'lt':
        t.same(numbers, [target.upper], `${label}: the ceiling`);
        t.equal(target.lower, null, `${label}: no lower bound`);
        break;
    }

    // The comparator words of the document.
    const expectedComparator = /ít nhất|trở lên/.test(targetText)
      ? 'gte'
      : /dưới/.test(targetText)
        ? 'lt'
        : numbers.length === 2
          ? 'between'
          : 'eq';
    t.equal(target.comparator, expectedComparator, `${label}: comparator follows the wording`);
  }

  t.notOk(
    indicators.some((indicator) => indicator.targetText?.includes('USD1')),
    'the footnote marker after "USD" is not part of any target text',
  );
  const gdpPerCapita = indicatorByCode.get('2');
  t.ok(gdpPerCapita?.notes?.includes('6.200-6.800 USD'), 'indicator 2 notes the USD equivalent');
  t.ok(gdpPerCapita?.notes?.includes('Tỷ giá 1 USD = 23.500 VNĐ'), 'indicator 2 notes footnote 1');
  t.ok(doc.includes('1 Tỷ giá 1 USD = 23.500 VNĐ'), 'footnote 1 is in the document');
});

t.test('basis and direction follow the wording', async (t) => {
  for (const indicator of indicators) {
    if (indicator.target === null) continue;
    const label = `indicator ${indicator.code}`;
    // "bình quân đầu người" is per capita, not an average over the period.
    const words = indicator.sourceText.replace('bình quân đầu người', '');
    const parent = indicator.parentCode === null ? undefined : indicatorByCode.get(indicator.parentCode);
    const expected = words.includes('bình quân')
      ? 'period_average'
      : /hàng năm/i.test(words)
        ? 'each_year'
        : (parent?.basis ?? 'by_year');
    t.equal(indicator.basis, expected, `${label}: basis`);
  }
  for (const indicator of indicators) {
    const expected =
      indicator.code === '11'
        ? 'lower_is_better'
        : indicator.code === '3' || indicator.code.startsWith('3.')
          ? 'closer_is_better'
          : 'higher_is_better';
    t.equal(indicator.direction, expected, `indicator ${indicator.code}: direction`);
  }
});

t.test('agencies and groups are consistent', async (t) => {
  t.same(duplicates(agencies.map((agency) => agency.code)), [], 'agency codes are unique');
  t.same(duplicates(agencies.map((agency) => agency.name)), [], 'agency names are unique');
  t.same(duplicates(agencyGroups.map((group) => group.code)), [], 'group codes are unique');
  for (const agency of agencies) {
    t.match(agency.code, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, `agency ${agency.code}: kebab-case ASCII code`);
    if (agency.parentCode !== null) {
      t.ok(agencyByCode.has(agency.parentCode), `agency ${agency.code}: parent ${agency.parentCode} exists`);
    }
  }
  for (const group of agencyGroups) {
    t.match(group.code, /^[a-z0-9]+(?:_[a-z0-9]+)*$/, `group ${group.code}: snake_case code`);
    t.same(duplicates(group.memberCodes), [], `group ${group.code}: members listed once`);
    for (const member of group.memberCodes) {
      t.ok(agencyByCode.has(member), `group ${group.code}: member ${member} exists`);
    }
  }

  // Every department and board is a "Sở, ban ngành thành phố"; the district PCs are "UBND quận, huyện".
  const codesOfKind = (...kinds: string[]): string[] =>
    agencies.filter((agency) => kinds.includes(agency.kind)).map((agency) => agency.code);
  t.same(
    [...(groupByCode.get('city_departments_and_boards')?.memberCodes ?? [])].sort(),
    codesOfKind('department', 'board').sort(),
    'city_departments_and_boards holds every department and board',
  );
  t.same(
    [...(groupByCode.get('district_peoples_committees')?.memberCodes ?? [])].sort(),
    codesOfKind('district_peoples_committee').sort(),
    'district_peoples_committees holds every district People\'s Committee',
  );
  t.equal(codesOfKind('district_peoples_committee').length, 9, 'Can Tho had 9 districts in 2021');
  t.same(groupByCode.get('central_agencies_in_city')?.memberCodes, [], 'the document lists no central agency in the city');
  t.same(groupByCode.get('relevant_agencies')?.memberCodes, [], '"cơ quan có liên quan" has no fixed members');

  // Departments and boards are spelt as the document spells them.
  for (const agency of agencies.filter((candidate) => ['department', 'board'].includes(candidate.kind))) {
    t.ok(doc.includes(agency.name), `agency ${agency.code}: "${agency.name}" is written in the document`);
  }

  // Every code the seed refers to exists.
  for (const task of tasks) {
    t.ok(agencyByCode.has(task.leadAgencyCode), `task ${task.code}: lead ${task.leadAgencyCode} exists`);
    for (const supporter of task.supporters) {
      if ('agencyCode' in supporter) {
        t.ok(agencyByCode.has(supporter.agencyCode), `task ${task.code}: supporter ${supporter.agencyCode} exists`);
      } else {
        t.ok(groupByCode.has(supporter.groupCode), `task ${task.code}: supporter group ${supporter.groupCode} exists`);
      }
    }
  }
  t.ok(agencyByCode.has(program.issuerCode), 'the program issuer exists');
  t.ok(agencyByCode.has(program.coordinatorCode), 'the program coordinator exists');
});
