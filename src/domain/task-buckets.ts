// The buckets the Government Office counts tasks in when a program reports progress: completed on time,
// completed late, not completed but within the deadline, not completed and overdue; plus tasks that have no
// deadline yet (an event they wait on has not happened) and cancelled ones. A task is judged as of a day, so a
// report for an earlier period sees the task as it stood then: a completion dated after that day has not
// happened yet.
//
// Due dates: a year or a year range is due on 31 December of its last year. An `annually` task falls due every
// year of its span; as of a day it is due at the end of that day's year, held inside the span (before the span
// starts, at the end of its first year; after it ends, at the end of its last). One completion date cannot
// record every yearly cycle, so a completion dated in an earlier year than the cycle being judged belongs to an
// earlier cycle and does not count. An `event` task has no due date.
import { finalDueDate, type Deadline } from './deadlines.js';
import { isCalendarDate } from './periods.js';
import type { TaskStatus } from './vocabulary.js';

export const taskBuckets = [
  'completed_on_time',
  'completed_late',
  'within_deadline',
  'overdue',
  'no_deadline_yet',
  'cancelled',
] as const;
export type TaskBucket = (typeof taskBuckets)[number];

export interface TaskProgressState {
  deadline: Deadline;
  status: TaskStatus;
  /** YYYY-MM-DD; set exactly when status is `completed` (the database enforces it). */
  completedOn: string | null;
}

export interface TaskBucketResult {
  bucket: TaskBucket;
  /** The due date the bucket was judged against, or null when the task has none. */
  dueOn: string | null;
}

/** The date the task is due by as of `asOf` (YYYY-MM-DD), or null when it has no due date. */
export function dueDateAsOf(deadline: Deadline, asOf: string): string | null {
  assertDate(asOf, 'asOf');
  switch (deadline.kind) {
    case 'year':
    case 'year_range':
      return finalDueDate(deadline);
    case 'annually': {
      let year = Number(asOf.slice(0, 4));
      if (deadline.fromYear !== null) year = Math.max(year, deadline.fromYear);
      if (deadline.toYear !== null) year = Math.min(year, deadline.toYear);
      return `${year}-12-31`;
    }
    case 'event':
      return null;
  }
}

/**
 * The bucket a task is counted in as of `asOf`. A task marked completed without a date (the database refuses
 * it) is counted as not completed, so that it shows up as a problem rather than as a success.
 */
export function taskBucket(task: TaskProgressState, asOf: string): TaskBucketResult {
  const dueOn = dueDateAsOf(task.deadline, asOf);
  if (task.status === 'cancelled') return { bucket: 'cancelled', dueOn };
  if (isCompletedForCycle(task, asOf, dueOn)) {
    const onTime = dueOn === null || (task.completedOn as string) <= dueOn;
    return { bucket: onTime ? 'completed_on_time' : 'completed_late', dueOn };
  }
  if (dueOn === null) return { bucket: 'no_deadline_yet', dueOn };
  return { bucket: asOf <= dueOn ? 'within_deadline' : 'overdue', dueOn };
}

function isCompletedForCycle(task: TaskProgressState, asOf: string, dueOn: string | null): boolean {
  if (task.status !== 'completed' || task.completedOn === null) return false;
  assertDate(task.completedOn, 'completedOn');
  if (task.completedOn > asOf) return false;
  const belongsToEarlierCycle = task.deadline.kind === 'annually' && dueOn !== null && task.completedOn.slice(0, 4) < dueOn.slice(0, 4);
  return !belongsToEarlierCycle;
}

function assertDate(value: string, name: string): void {
  if (!isCalendarDate(value)) throw new RangeError(`${name} is not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
}
