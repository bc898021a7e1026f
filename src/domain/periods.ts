// Period ids name the reporting periods of Decree 09/2019/NĐ-CP and the calendar periods of statistics:
// `2025` (year), `2025-H1` (half-year), `2025-Q3` (quarter), `2025-07` (month). One format everywhere:
// it sorts chronologically within a granularity and reads the same in URLs, CSV and the database.
//
// A period has two windows. Its reporting window is Decree 09 art. 12's data cut-off: every periodic report
// covers the 15th of the month before the period to the 14th of its last month (annual 2025: 2024-12-15 to
// 2025-12-14), so that the report can be written and sent before the calendar period ends. Its calendar window
// is the plain month/quarter/half/year, which statistical indicators (GRDP and the like) use instead.
// Submission deadlines count working days after the cut-off; art. 8(5) wants at least one.
//
// Dates are 'YYYY-MM-DD' strings and all arithmetic is in UTC, so the machine's time zone never shifts a day.
// Only the timeliness of a submission looks at a clock, and it reads it in Vietnam time (UTC+7, no DST).

export const periodIdPattern = /^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

export const periodKinds = ['annual', 'half_year', 'quarter', 'month'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** `index` is 1 for annual, 1–2 for half-years, 1–4 for quarters, 1–12 for months. */
export interface Period {
  id: string;
  kind: PeriodKind;
  year: number;
  index: number;
}

/** A span of days, both ends inclusive. */
export interface DateWindow {
  from: string;
  to: string;
}

/** A program's submission rule. Values below 1 are read as 1: art. 8(5) wants at least one working day. */
export interface DeadlineRule {
  workingDaysAfterCutoff: number;
}

export type SubmissionTimeliness = 'on_time' | 'late';

/** The years a period id may name; the same bounds the API puts on dates. */
export const minPeriodYear = 1900;
export const maxPeriodYear = 2200;

const periodsPerYear: Record<PeriodKind, number> = { annual: 1, half_year: 2, quarter: 4, month: 12 };
const msPerDay = 86_400_000;
const vietnamUtcOffsetMs = 7 * 3_600_000;
/** Far beyond any reporting deadline; it only stops a corrupt rule from spinning the loop for ever. */
const maxWorkingDaysStep = 10_000;

export function parsePeriodId(id: string): Period | null {
  if (!periodIdPattern.test(id)) return null;
  const year = Number(id.slice(0, 4));
  if (year < minPeriodYear || year > maxPeriodYear) return null;
  const suffix = id.slice(5);
  if (suffix === '') return periodOf('annual', year, 1);
  if (suffix.startsWith('H')) return periodOf('half_year', year, Number(suffix.slice(1)));
  if (suffix.startsWith('Q')) return periodOf('quarter', year, Number(suffix.slice(1)));
  return periodOf('month', year, Number(suffix));
}

/** Throws a RangeError when the year or index is out of range: callers build periods from checked input. */
export function periodOf(kind: PeriodKind, year: number, index: number): Period {
  if (!Number.isInteger(year) || year < minPeriodYear || year > maxPeriodYear) {
    throw new RangeError(`period year ${year} is outside ${minPeriodYear}–${maxPeriodYear}`);
  }
  if (!Number.isInteger(index) || index < 1 || index > periodsPerYear[kind]) {
    throw new RangeError(`a ${kind} period has no index ${index}`);
  }
  const suffixes: Record<PeriodKind, string> = {
    annual: '',
    half_year: `-H${index}`,
    quarter: `-Q${index}`,
    month: `-${String(index).padStart(2, '0')}`,
  };
  return { id: `${year}${suffixes[kind]}`, kind, year, index };
}

/** Every period of one kind from the start of fromYear to the end of toYear, oldest first. */
export function periodsBetween(kind: PeriodKind, fromYear: number, toYear: number): Period[] {
  const periods: Period[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (let index = 1; index <= periodsPerYear[kind]; index++) periods.push(periodOf(kind, year, index));
  }
  return periods;
}

/** Decree 09 art. 12: from the 15th of the month before the period to the 14th of its last month. */
export function reportingWindow(period: Period): DateWindow {
  const [firstMonth, lastMonth] = monthsOf(period);
  return { from: utcDate(period.year, firstMonth - 1, 15), to: utcDate(period.year, lastMonth, 14) };
}

export function calendarWindow(period: Period): DateWindow {
  const [firstMonth, lastMonth] = monthsOf(period);
  // Day 0 of the following month is the last day of this one, leap years included.
  return { from: utcDate(period.year, firstMonth, 1), to: utcDate(period.year, lastMonth + 1, 0) };
}

/** The "as of" date a report for the period states: the end of its reporting window. */
export function periodEnd(period: Period): string {
  return reportingWindow(period).to;
}

/**
 * The reporting period whose cut-off window holds `date`. From the 15th on, a day already belongs to the
 * next month's window, so 2025-12-20 is in the annual window of 2026 and in January 2026's.
 */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const day = dayNumber(date);
  const { year, month, dayOfMonth } = partsOf(day);
  const windowMonth = dayOfMonth >= 15 ? month + 1 : month;
  const windowYear = windowMonth === 13 ? year + 1 : year;
  const monthOfYear = windowMonth === 13 ? 1 : windowMonth;
  return periodOf(kind, windowYear, Math.ceil(monthOfYear / (12 / periodsPerYear[kind])));
}

const calendarDatePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** YYYY-MM-DD naming a real day (proleptic Gregorian). Arithmetic, no Date: it runs for every task of a report. */
export function isCalendarDate(value: string): boolean {
  const match = calendarDatePattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** Monday to Friday and not a holiday. Working Saturdays swapped for a bridge day off are not modelled. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(dayNumber(date) * msPerDay).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/**
 * The date `days` working days after `date` (before it when negative); `date` itself is never counted, so
 * one working day after a Friday cut-off is the Monday. Zero returns `date` unchanged.
 */
export function addWorkingDays(date: string, days: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(days) || Math.abs(days) > maxWorkingDaysStep) {
    throw new RangeError(`working days must be an integer within ±${maxWorkingDaysStep}, got ${days}`);
  }
  const step = days < 0 ? -1 : 1;
  let day = dayNumber(date);
  let current = date;
  for (let remaining = Math.abs(days); remaining > 0; ) {
    day += step;
    current = isoOf(day);
    if (isWorkingDay(current, holidays)) remaining--;
  }
  return current;
}

/** The last day a report for the period may arrive: the cut-off plus the rule's working days. */
export function submissionDeadline(period: Period, rule: DeadlineRule, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(rule.workingDaysAfterCutoff)) {
    throw new RangeError(`workingDaysAfterCutoff must be an integer, got ${rule.workingDaysAfterCutoff}`);
  }
  return addWorkingDays(periodEnd(period), Math.max(1, rule.workingDaysAfterCutoff), holidays);
}

/** The calendar date in Vietnam (UTC+7, no daylight saving) at an instant. */
export function vietnamDateOf(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return new Date(ms + vietnamUtcOffsetMs).toISOString().slice(0, 10);
}

/** On time when the submission's Vietnam-local date is no later than the deadline: the whole day counts. */
export function submissionTimeliness(submittedAt: Date, deadline: string): SubmissionTimeliness {
  dayNumber(deadline);
  return vietnamDateOf(submittedAt) <= deadline ? 'on_time' : 'late';
}

/** The first and last calendar month (1–12) a period spans. */
function monthsOf(period: Period): [number, number] {
  const span = 12 / periodsPerYear[period.kind];
  return [(period.index - 1) * span + 1, period.index * span];
}

/** Month 0 and 13, day 0 roll over into the neighbouring month or year, as Date.UTC does. */
function utcDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 for a valid 'YYYY-MM-DD'; throws a RangeError otherwise. */
function dayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / msPerDay;
}

function isoOf(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

function partsOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * msPerDay);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}
