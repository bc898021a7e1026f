import t from 'tap';
import { finalDueDate, isDueInYear, type Deadline, storedDeadlineYears } from '../../src/domain/deadlines.js';

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


t.test('storedDeadlineYears: the defaults a stored deadline gets', async (t) => {
  const program = { startYear: 2021, endYear: 2025 };
  const cases: [{ kind: string; fromYear?: number | null; toYear?: number | null }, { fromYear: number | null; toYear: number | null }][] = [
    [{ kind: 'year', fromYear: 2023 }, { fromYear: 2023, toYear: 2023 }],
    [{ kind: 'year', fromYear: 2023, toYear: 2023 }, { fromYear: 2023, toYear: 2023 }],
    [{ kind: 'year_range', fromYear: 2021, toYear: 2025 }, { fromYear: 2021, toYear: 2025 }],
    [{ kind: 'annually' }, { fromYear: 2021, toYear: 2025 }],
    [{ kind: 'annually', fromYear: 2022 }, { fromYear: 2022, toYear: 2025 }],
    [{ kind: 'annually', fromYear: null, toYear: 2024 }, { fromYear: 2021, toYear: 2024 }],
    [{ kind: 'event' }, { fromYear: null, toYear: null }],
  ];
  for (const [deadline, stored] of cases) t.same(storedDeadlineYears(deadline, program), stored, JSON.stringify(deadline));
});
