import t from 'tap';
import { finalDueDate, isDueInYear, type Deadline } from '../../src/domain/deadlines.js';

const year2021: Deadline = { kind: 'year', fromYear: 2021, toYear: 2021 };
const range2021to2022: Deadline = { kind: 'year_range', fromYear: 2021, toYear: 2022 };
const annually: Deadline = { kind: 'annually', fromYear: 2021, toYear: 2025 };
const afterApproval: Deadline = { kind: 'event', fromYear: null, toYear: null };

t.test('finalDueDate', async (t) => {
  const cases: [string, Deadline, string | null][] = [
    ['a year is due on 31 December', year2021, '2021-12-31'],
    ['a range is due at the end of its last year', range2021to2022, '2022-12-31'],
    ['a range starting before the program', { kind: 'year_range', fromYear: 2020, toYear: 2030 }, '2030-12-31'],
    ['annual tasks have no single due date', annually, null],
    ['event-conditional tasks have no date yet', afterApproval, null],
  ];
  for (const [name, deadline, expected] of cases) t.equal(finalDueDate(deadline), expected, name);
});

t.test('isDueInYear', async (t) => {
  const cases: [Deadline, number, boolean][] = [
    [year2021, 2021, true],
    [year2021, 2022, false],
    [range2021to2022, 2021, false],
    [range2021to2022, 2022, true],
    [annually, 2020, false],
    [annually, 2021, true],
    [annually, 2025, true],
    [annually, 2026, false],
    [afterApproval, 2021, false],
  ];
  for (const [deadline, year, expected] of cases) t.equal(isDueInYear(deadline, year), expected, `${deadline.kind} ${deadline.fromYear}-${deadline.toYear} in ${year}`);
});

