// When a task is due, from its structured deadline. A year deadline means by 31 December of that year; a
// range, by the end of its last year; `annually` is due every year of its span; an `event` deadline has no
// date until the event happens. Pure functions: the API, the filters' tests and reporting share them.
import type { DeadlineKind } from './vocabulary.js';

export interface Deadline {
  kind: DeadlineKind;
  fromYear: number | null;
  toYear: number | null;
}

/**
 * The years a deadline is stored with once the defaults apply: an `annually` deadline that leaves out a year spans
 * the program's years; a `year` deadline ends where it starts. The task API and the program import both store this.
 */
export function storedDeadlineYears(
  deadline: { kind: string; fromYear?: number | null; toYear?: number | null },
  program: { startYear: number; endYear: number },
): { fromYear: number | null; toYear: number | null } {
  let fromYear = deadline.fromYear ?? null;
  let toYear = deadline.toYear ?? null;
  if (deadline.kind === 'annually') {
    fromYear ??= program.startYear;
    toYear ??= program.endYear;
  }
  if (deadline.kind === 'year') toYear ??= fromYear;
  return { fromYear, toYear };
}

/** The date by which a one-time deadline must be met (YYYY-MM-DD), or null when it recurs or awaits an event. */
export function finalDueDate(deadline: Deadline): string | null {
  if ((deadline.kind === 'year' || deadline.kind === 'year_range') && deadline.toYear !== null) return `${deadline.toYear}-12-31`;
  return null;
}

/** Whether the task falls due in `year`: the last year of a one-time deadline, or any year of an annual one. */
export function isDueInYear(deadline: Deadline, year: number): boolean {
  switch (deadline.kind) {
    case 'year':
    case 'year_range':
      return deadline.toYear === year;
    case 'annually':
      return deadline.fromYear !== null && deadline.toYear !== null && deadline.fromYear <= year && year <= deadline.toYear;
    case 'event':
      return false;
  }
}

