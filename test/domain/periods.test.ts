import t from 'tap';
import {
  addWorkingDays,
  calendarWindow,
  isCalendarDate,
  isWorkingDay,
  parsePeriodId,
  periodContaining,
  periodEnd,
  periodKinds,
  periodOf,
  periodsBetween,
  reportingWindow,
  submissionDeadline,
  submissionTimeliness,
  vietnamDateOf,
  type Period,
  type PeriodKind,
} from '../../src/domain/periods.js';
import { vietnamPublicHolidays } from '../../src/seed/holidays.js';

const holidays: ReadonlySet<string> = new Set(vietnamPublicHolidays.map((h) => h.date));
const noHolidays: ReadonlySet<string> = new Set();
const period = (id: string): Period => {
  const parsed = parsePeriodId(id);
  if (parsed === null) throw new Error(`test period ${id} does not parse`);
  return parsed;
};
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

t.test('parsePeriodId reads every kind', async (t) => {
  const cases: [string, PeriodKind, number, number][] = [
    ['2025', 'annual', 2025, 1],
    ['2025-H1', 'half_year', 2025, 1],
    ['2025-H2', 'half_year', 2025, 2],
    ['2025-Q1', 'quarter', 2025, 1],
    ['2025-Q4', 'quarter', 2025, 4],
    ['2025-01', 'month', 2025, 1],
    ['2025-09', 'month', 2025, 9],
    ['2025-12', 'month', 2025, 12],
    ['1900', 'annual', 1900, 1],
    ['2200-12', 'month', 2200, 12],
  ];
  for (const [id, kind, year, index] of cases) t.same(parsePeriodId(id), { id, kind, year, index }, id);
});

t.test('parsePeriodId refuses malformed ids', async (t) => {
  const malformed = [
    '', '25', '2025-1', '2025-13', '2025-00', '2025-Q5', '2025-Q0', '2025-H3', '2025-H0', '2025-q1', '2025Q1', '2025S1',
    '202507', '2025-', '2025-S1', '2025-Q1-01', ' 2025', '2025 ', '2025\n', 'abcd', '1899', '2201', '2201-Q1', '0000',
  ];
  for (const id of malformed) t.equal(parsePeriodId(id), null, JSON.stringify(id));
});

t.test('periodOf builds the id and refuses impossible periods', async (t) => {
  t.same(periodOf('month', 2025, 7), { id: '2025-07', kind: 'month', year: 2025, index: 7 });
  t.same(periodOf('quarter', 2021, 3), { id: '2021-Q3', kind: 'quarter', year: 2021, index: 3 });
  const impossible: [PeriodKind, number, number][] = [
    ['annual', 2025, 2], ['half_year', 2025, 3], ['quarter', 2025, 5], ['month', 2025, 0], ['month', 2025, 13],
    ['month', 2025, 1.5], ['annual', 1899, 1], ['annual', 2201, 1], ['annual', 2025.5, 1],
  ];
  for (const [kind, year, index] of impossible) t.throws(() => periodOf(kind, year, index), RangeError, `${kind} ${year} ${index}`);
});

t.test('periodsBetween lists periods oldest first, and every id parses back to its period', async (t) => {
  t.same(periodsBetween('annual', 2021, 2025).map((p) => p.id), ['2021', '2022', '2023', '2024', '2025']);
  t.same(periodsBetween('half_year', 2024, 2025).map((p) => p.id), ['2024-H1', '2024-H2', '2025-H1', '2025-H2']);
  t.same(periodsBetween('quarter', 2024, 2025).map((p) => p.id), ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  const months = periodsBetween('month', 2025, 2025).map((p) => p.id);
  t.equal(months.length, 12);
  t.same([months[0], months[8], months[11]], ['2025-01', '2025-09', '2025-12']);
  t.same(periodsBetween('quarter', 2026, 2025), [], 'an empty span');
  for (const kind of periodKinds) {
    const periods = periodsBetween(kind, 2020, 2026);
    t.same(periods.map((p) => p.id), periods.map((p) => p.id).sort(), `${kind} ids sort chronologically`);
    for (const p of periods) t.same(parsePeriodId(p.id), p, `${p.id} round-trips`);
  }
});

t.test('reportingWindow follows Decree 09 art. 12', async (t) => {
  const cases: [string, string, string][] = [
    ['2025', '2024-12-15', '2025-12-14'],
    ['2025-H1', '2024-12-15', '2025-06-14'],
    ['2025-H2', '2025-06-15', '2025-12-14'],
    ['2025-Q1', '2024-12-15', '2025-03-14'],
    ['2025-Q2', '2025-03-15', '2025-06-14'],
    ['2025-Q3', '2025-06-15', '2025-09-14'],
    ['2025-Q4', '2025-09-15', '2025-12-14'],
    ['2025-01', '2024-12-15', '2025-01-14'],
    ['2025-02', '2025-01-15', '2025-02-14'],
    ['2025-03', '2025-02-15', '2025-03-14'],
    ['2024-03', '2024-02-15', '2024-03-14'],
    ['2025-12', '2025-11-15', '2025-12-14'],
    ['1900-01', '1899-12-15', '1900-01-14'],
  ];
  for (const [id, from, to] of cases) t.same(reportingWindow(period(id)), { from, to }, id);
});

t.test('reporting windows of one kind tile time with no gap or overlap', async (t) => {
  for (const kind of periodKinds) {
    const periods = periodsBetween(kind, 2020, 2026);
    let gaps = 0;
    for (let i = 1; i < periods.length; i++) {
      if (reportingWindow(periods[i]!).from !== nextDay(reportingWindow(periods[i - 1]!).to)) gaps++;
    }
    t.equal(gaps, 0, kind);
  }
});

t.test('calendarWindow is the plain calendar period, leap years included', async (t) => {
  const cases: [string, string, string][] = [
    ['2025', '2025-01-01', '2025-12-31'],
    ['2025-H1', '2025-01-01', '2025-06-30'],
    ['2025-H2', '2025-07-01', '2025-12-31'],
    ['2025-Q1', '2025-01-01', '2025-03-31'],
    ['2024-Q1', '2024-01-01', '2024-03-31'],
    ['2025-Q2', '2025-04-01', '2025-06-30'],
    ['2025-Q3', '2025-07-01', '2025-09-30'],
    ['2025-Q4', '2025-10-01', '2025-12-31'],
    ['2025-01', '2025-01-01', '2025-01-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2025-02', '2025-02-01', '2025-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['1900-02', '1900-02-01', '1900-02-28'],
    ['2100-02', '2100-02-01', '2100-02-28'],
    ['2025-04', '2025-04-01', '2025-04-30'],
    ['2025-12', '2025-12-01', '2025-12-31'],
  ];
  for (const [id, from, to] of cases) t.same(calendarWindow(period(id)), { from, to }, id);
});

t.test('periodEnd is the cut-off date', async (t) => {
  const cases: [string, string][] = [['2025', '2025-12-14'], ['2025-H1', '2025-06-14'], ['2025-Q1', '2025-03-14'], ['2025-01', '2025-01-14']];
  for (const [id, end] of cases) t.equal(periodEnd(period(id)), end, id);
});

t.test('periodContaining finds the cut-off window holding a date', async (t) => {
  const cases: [PeriodKind, string, string][] = [
    ['annual', '2025-01-01', '2025'],
    ['annual', '2024-12-15', '2025'],
    ['annual', '2025-12-14', '2025'],
    ['annual', '2025-12-15', '2026'],
    ['annual', '2025-12-20', '2026'],
    ['annual', '2025-12-31', '2026'],
    ['half_year', '2025-01-10', '2025-H1'],
    ['half_year', '2025-06-14', '2025-H1'],
    ['half_year', '2025-06-15', '2025-H2'],
    ['half_year', '2025-12-14', '2025-H2'],
    ['half_year', '2025-12-15', '2026-H1'],
    ['quarter', '2024-12-14', '2024-Q4'],
    ['quarter', '2024-12-15', '2025-Q1'],
    ['quarter', '2025-03-14', '2025-Q1'],
    ['quarter', '2025-03-15', '2025-Q2'],
    ['quarter', '2025-09-15', '2025-Q4'],
    ['month', '2025-01-14', '2025-01'],
    ['month', '2025-01-15', '2025-02'],
    ['month', '2024-12-31', '2025-01'],
    ['month', '2025-02-14', '2025-02'],
    ['month', '2025-02-28', '2025-03'],
    ['month', '2024-02-29', '2024-03'],
  ];
  for (const [kind, date, id] of cases) t.equal(periodContaining(kind, date).id, id, `${kind} ${date}`);
  for (const kind of periodKinds) {
    let misplaced = 0;
    for (const p of periodsBetween(kind, 2021, 2026)) {
      const { from, to } = reportingWindow(p);
      if (periodContaining(kind, from).id !== p.id || periodContaining(kind, to).id !== p.id) misplaced++;
    }
    t.equal(misplaced, 0, `${kind}: both edges of every window map back to its period`);
  }
  for (const bad of ['2025-02-30', '2025-1-1', '', '2025-13-01']) t.throws(() => periodContaining('month', bad), RangeError, bad);
});

t.test('addWorkingDays skips weekends and holidays', async (t) => {
  const cases: [string, string, number, ReadonlySet<string>, string][] = [
    ['a weekday to the next', '2025-03-12', 1, noHolidays, '2025-03-13'],
    ['Friday to Monday', '2025-03-14', 1, noHolidays, '2025-03-17'],
    ['Saturday to Monday', '2025-03-15', 1, noHolidays, '2025-03-17'],
    ['Sunday to Monday', '2025-03-16', 1, noHolidays, '2025-03-17'],
    ['a working week', '2025-03-14', 5, noHolidays, '2025-03-21'],
    ['zero days leaves even a Saturday as it is', '2025-03-15', 0, noHolidays, '2025-03-15'],
    ['backwards from Monday to Friday', '2025-03-17', -1, noHolidays, '2025-03-14'],
    ['backwards over Tết 2025', '2025-02-03', -1, holidays, '2025-01-24'],
    ['Tết 2025: the Friday before to the Monday after', '2025-01-24', 1, holidays, '2025-02-03'],
    ['the same without holidays', '2025-01-24', 1, noHolidays, '2025-01-27'],
    ['15 days across Tết 2025', '2025-01-14', 15, holidays, '2025-02-11'],
    ['15 days in the same stretch without holidays', '2025-01-14', 15, noHolidays, '2025-02-04'],
    ['from inside a holiday run', '2025-01-29', 1, holidays, '2025-02-03'],
    ['Tết 2026 (nine days)', '2026-02-13', 1, holidays, '2026-02-23'],
    ['30/4–1/5 2025 with the swapped Friday', '2025-04-29', 1, holidays, '2025-05-05'],
    ['Quốc khánh 2024', '2024-08-30', 1, holidays, '2024-09-04'],
    ['a Saturday New Year and its Monday nghỉ bù', '2021-12-31', 1, holidays, '2022-01-04'],
    ['across the year end into New Year 2026', '2025-12-31', 1, holidays, '2026-01-05'],
    ['into a leap day', '2024-02-28', 1, noHolidays, '2024-02-29'],
    ['out of a leap day', '2024-02-29', 1, noHolidays, '2024-03-01'],
  ];
  for (const [name, date, days, set, expected] of cases) t.equal(addWorkingDays(date, days, set), expected, name);
  t.throws(() => addWorkingDays('2025-03-14', 1.5, noHolidays), RangeError, 'a fractional day count');
  t.throws(() => addWorkingDays('2025-03-14', Number.NaN, noHolidays), RangeError, 'NaN');
  t.throws(() => addWorkingDays('2025-03-14', 1e9, noHolidays), RangeError, 'a runaway day count');
  t.throws(() => addWorkingDays('2025-02-30', 1, noHolidays), RangeError, 'an impossible date');
  t.throws(() => addWorkingDays('2025-3-14', 1, noHolidays), RangeError, 'a date not in YYYY-MM-DD');
});

t.test('isWorkingDay and isCalendarDate', async (t) => {
  const days: [string, boolean][] = [['2025-03-14', true], ['2025-03-15', false], ['2025-03-16', false], ['2025-09-02', false], ['2025-09-03', true]];
  for (const [date, working] of days) t.equal(isWorkingDay(date, holidays), working, date);
  const dates: [string, boolean][] = [
    ['2024-02-29', true], ['2025-02-29', false], ['2025-04-31', false], ['2025-12-31', true], ['2025-1-01', false],
    ['20250101', false], ['2025-01-01T00:00:00Z', false], ['', false],
    ['2000-02-29', true], ['1900-02-29', false], ['2100-02-29', false], ['2025-00-10', false], ['2025-13-01', false],
    ['2025-06-00', false], ['2025-06-30', true], ['2025-06-31', false], ['2025-01-32', false], ['0000-02-29', true],
  ];
  for (const [value, valid] of dates) t.equal(isCalendarDate(value), valid, JSON.stringify(value));
});

t.test('submissionDeadline: at least one working day after the cut-off', async (t) => {
  const cases: [string, number, string, string][] = [
    ['2025', 0, '2025-12-15', 'cut-off on a Sunday; 0 is read as 1'],
    ['2025', -3, '2025-12-15', 'a negative rule is read as 1'],
    ['2025', 1, '2025-12-15', 'the Monday after a Sunday cut-off'],
    ['2025', 5, '2025-12-19', 'five working days'],
    ['2025', 15, '2026-01-06', 'fifteen days, across New Year 2026 (1/1 and the swapped 2/1)'],
    ['2025-Q1', 1, '2025-03-17', 'a Friday cut-off'],
    ['2024-Q4', 1, '2024-12-16', 'a Saturday cut-off'],
    ['2025-H1', 1, '2025-06-16', 'a Saturday cut-off, half-year'],
    ['2025-01', 5, '2025-01-21', 'a month, before Tết'],
    ['2025-01', 15, '2025-02-11', 'a month, across Tết 2025'],
    ['2026-02', 1, '2026-02-23', 'a cut-off inside Tết 2026'],
  ];
  for (const [id, days, expected, name] of cases) t.equal(submissionDeadline(period(id), { workingDaysAfterCutoff: days }, holidays), expected, `${id} +${days}: ${name}`);
  t.throws(() => submissionDeadline(period('2025'), { workingDaysAfterCutoff: 1.5 }, holidays), RangeError);
});

t.test('submissionTimeliness reads the clock in Vietnam time', async (t) => {
  const cases: [string, string, 'on_time' | 'late'][] = [
    ['2025-12-19T16:59:59Z', '2025-12-19', 'on_time'], // 23:59:59 on the 19th in Vietnam
    ['2025-12-19T17:00:00Z', '2025-12-19', 'late'], // 00:00 on the 20th
    ['2025-12-18T16:59:59.999Z', '2025-12-19', 'on_time'],
    ['2025-12-18T17:00:00Z', '2025-12-19', 'on_time'],
    ['2025-12-19T00:00:00Z', '2025-12-19', 'on_time'],
    ['2025-12-19T23:59:59+07:00', '2025-12-19', 'on_time'],
    ['2025-12-20T00:00:00+07:00', '2025-12-19', 'late'],
    ['2025-12-31T17:00:00Z', '2025-12-31', 'late'], // already 2026 in Vietnam
    ['2025-06-01T08:00:00Z', '2025-12-19', 'on_time'],
  ];
  for (const [instant, deadline, expected] of cases) t.equal(submissionTimeliness(new Date(instant), deadline), expected, `${instant} vs ${deadline}`);
  t.equal(vietnamDateOf(new Date('2025-12-31T17:00:00Z')), '2026-01-01');
  t.equal(vietnamDateOf(new Date('2025-12-31T16:59:59Z')), '2025-12-31');
  t.throws(() => submissionTimeliness(new Date('not a date'), '2025-12-19'), RangeError, 'an invalid instant');
  t.throws(() => submissionTimeliness(new Date('2025-12-19T00:00:00Z'), '19/12/2025'), RangeError, 'a malformed deadline');
});

t.test('the holiday seed is sorted, unique, valid and consistent with the Labour Code', async (t) => {
  const dates = vietnamPublicHolidays.map((h) => h.date);
  t.same(dates, [...new Set(dates)].sort(), 'sorted and unique');
  t.same(dates.filter((d) => !isCalendarDate(d)), [], 'every date is a calendar date');
  t.ok(dates[0]! >= '2021-01-01' && dates[dates.length - 1]! <= '2026-12-31', 'within 2021–2026');
  const baseNames = ['Tết Dương lịch', 'Tết Nguyên đán', 'Giỗ Tổ Hùng Vương', 'Ngày Chiến thắng', 'Quốc tế Lao động', 'Quốc khánh'];
  const known = (name: string) => baseNames.some((base) => name === base || name === `Nghỉ bù ${base}` || name === `Nghỉ hoán đổi dịp ${base}`);
  t.same(vietnamPublicHolidays.filter((h) => !known(h.name)), [], 'every name is a holiday, its nghỉ bù or a swap');
  const movedDays = vietnamPublicHolidays.filter((h) => h.name.startsWith('Nghỉ')).filter((h) => weekday(h.date) === 0 || weekday(h.date) === 6);
  t.same(movedDays, [], 'compensatory and swapped days fall on weekdays');
  const lunarDays: [string, string][] = [
    ['2021-02-12', '2021-04-21'], ['2022-02-01', '2022-04-10'], ['2023-01-22', '2023-04-29'],
    ['2024-02-10', '2024-04-18'], ['2025-01-29', '2025-04-07'], ['2026-02-17', '2026-04-26'],
  ];
  for (const [tet, hungKings] of lunarDays) {
    const year = tet.slice(0, 4);
    for (const date of [`${year}-01-01`, tet, hungKings, `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]) t.ok(holidays.has(date), `${date} is listed`);
  }
  // Art. 112 gives 11 days off a year; holidays on weekends come back as nghỉ bù on weekdays, so every year
  // has 11 weekday days off, plus one for each working day swapped for a Saturday.
  const weekdaysOff = new Map<string, number>();
  for (const date of dates) if (weekday(date) !== 0 && weekday(date) !== 6) weekdaysOff.set(date.slice(0, 4), (weekdaysOff.get(date.slice(0, 4)) ?? 0) + 1);
  t.same(Object.fromEntries(weekdaysOff), { 2021: 11, 2022: 11, 2023: 11, 2024: 12, 2025: 12, 2026: 13 });
});
