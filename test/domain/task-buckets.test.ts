import t from 'tap';
import type { Deadline } from '../../src/domain/deadlines.js';
import { dueDateAsOf, taskBucket, taskBuckets, type TaskBucket, type TaskProgressState } from '../../src/domain/task-buckets.js';
import type { DeadlineKind, TaskStatus } from '../../src/domain/vocabulary.js';
import { tasks } from '../../src/seed/cantho-17/tasks.js';

// Every deadline form the seed program uses.
const year2021: Deadline = { kind: 'year', fromYear: 2021, toYear: 2021 };
const range2021to2022: Deadline = { kind: 'year_range', fromYear: 2021, toYear: 2022 };
const range2020to2030: Deadline = { kind: 'year_range', fromYear: 2020, toYear: 2030 }; // starts before the program
const annually: Deadline = { kind: 'annually', fromYear: 2021, toYear: 2025 };
const afterApproval: Deadline = { kind: 'event', fromYear: null, toYear: null };

const state = (deadline: Deadline, status: TaskStatus, completedOn: string | null = null): TaskProgressState => ({ deadline, status, completedOn });

t.test('dueDateAsOf', async (t) => {
  const cases: [string, Deadline, string, string | null][] = [
    ['a year, before it', year2021, '2019-05-01', '2021-12-31'],
    ['a year, long after it', year2021, '2030-01-01', '2021-12-31'],
    ['a range: the end of its last year', range2021to2022, '2021-03-01', '2022-12-31'],
    ['a range starting before the program', range2020to2030, '2023-12-14', '2030-12-31'],
    ['annually, before the span: the end of its first year', annually, '2020-06-01', '2021-12-31'],
    ['annually, its first day', annually, '2021-01-01', '2021-12-31'],
    ['annually, mid-span', annually, '2023-12-14', '2023-12-31'],
    ['annually, the last day of a year', annually, '2023-12-31', '2023-12-31'],
    ['annually, the first day of the next', annually, '2024-01-01', '2024-12-31'],
    ['annually, the last day of the span', annually, '2025-12-31', '2025-12-31'],
    ['annually, after the span: the end of its last year', annually, '2026-03-01', '2025-12-31'],
    ['annually without bounds: the year of asOf', { kind: 'annually', fromYear: null, toYear: null }, '2023-05-05', '2023-12-31'],
    ['an event has no due date', afterApproval, '2023-12-14', null],
    ['a year without its year has none either', { kind: 'year', fromYear: null, toYear: null }, '2023-12-14', null],
  ];
  for (const [name, deadline, asOf, expected] of cases) t.equal(dueDateAsOf(deadline, asOf), expected, name);
  t.throws(() => dueDateAsOf(year2021, '2023-13-01'), RangeError, 'asOf must be a date');
});

t.test('taskBucket', async (t) => {
  const cases: [string, TaskProgressState, string, TaskBucket, string | null][] = [
    // cancelled wins over everything else
    ['cancelled, past due', state(year2021, 'cancelled'), '2022-01-01', 'cancelled', '2021-12-31'],
    ['cancelled, event', state(afterApproval, 'cancelled'), '2022-01-01', 'cancelled', null],
    // a year
    ['not started, asOf = due date', state(year2021, 'not_started'), '2021-12-31', 'within_deadline', '2021-12-31'],
    ['not started, a day past due', state(year2021, 'not_started'), '2022-01-01', 'overdue', '2021-12-31'],
    ['in progress, before due', state(year2021, 'in_progress'), '2021-06-01', 'within_deadline', '2021-12-31'],
    ['in progress, past due', state(year2021, 'in_progress'), '2023-12-14', 'overdue', '2021-12-31'],
    ['completed on the due date', state(year2021, 'completed', '2021-12-31'), '2022-06-01', 'completed_on_time', '2021-12-31'],
    ['completed a day after the due date', state(year2021, 'completed', '2022-01-01'), '2022-06-01', 'completed_late', '2021-12-31'],
    ['completed on asOf itself', state(year2021, 'completed', '2021-05-01'), '2021-05-01', 'completed_on_time', '2021-12-31'],
    ['completed after asOf, asOf before due: not yet', state(year2021, 'completed', '2022-01-01'), '2021-12-31', 'within_deadline', '2021-12-31'],
    ['completed after asOf, asOf past due: not yet, so overdue', state(year2021, 'completed', '2022-03-01'), '2022-02-01', 'overdue', '2021-12-31'],
    ['completed without a date counts as not completed', state(year2021, 'completed', null), '2022-01-01', 'overdue', '2021-12-31'],
    ['a date with another status is ignored', state(year2021, 'in_progress', '2021-05-01'), '2022-01-01', 'overdue', '2021-12-31'],
    // a range
    ['range, completed early', state(range2021to2022, 'completed', '2021-03-01'), '2021-06-01', 'completed_on_time', '2022-12-31'],
    ['range, completed on its last day', state(range2021to2022, 'completed', '2022-12-31'), '2023-12-14', 'completed_on_time', '2022-12-31'],
    ['range, completed a day late', state(range2021to2022, 'completed', '2023-01-01'), '2023-12-14', 'completed_late', '2022-12-31'],
    ['range, not started at its end', state(range2021to2022, 'not_started'), '2022-12-31', 'within_deadline', '2022-12-31'],
    ['range, not started after its end', state(range2021to2022, 'not_started'), '2023-01-01', 'overdue', '2022-12-31'],
    ['2020–2030, within the range', state(range2020to2030, 'in_progress'), '2023-12-14', 'within_deadline', '2030-12-31'],
    ['2020–2030, completed before the program began', state(range2020to2030, 'completed', '2019-12-01'), '2023-12-14', 'completed_on_time', '2030-12-31'],
    ['2020–2030, after it', state(range2020to2030, 'not_started'), '2031-01-01', 'overdue', '2030-12-31'],
    // annually
    ['annually, not done this year yet', state(annually, 'not_started'), '2023-06-01', 'within_deadline', '2023-12-31'],
    ['annually, done this year', state(annually, 'completed', '2023-03-01'), '2023-06-01', 'completed_on_time', '2023-12-31'],
    ['annually, done on 31 December', state(annually, 'completed', '2023-12-31'), '2023-12-31', 'completed_on_time', '2023-12-31'],
    ['annually, done last year: an earlier cycle', state(annually, 'completed', '2022-11-01'), '2023-06-01', 'within_deadline', '2023-12-31'],
    ['annually, done two years ago', state(annually, 'completed', '2022-11-01'), '2024-01-01', 'within_deadline', '2024-12-31'],
    ['annually, before the span, done in 2020', state(annually, 'completed', '2020-06-01'), '2020-12-01', 'within_deadline', '2021-12-31'],
    ['annually, done after asOf', state(annually, 'completed', '2024-03-01'), '2023-12-31', 'within_deadline', '2023-12-31'],
    ['annually, after the span, last cycle done', state(annually, 'completed', '2025-12-31'), '2026-02-01', 'completed_on_time', '2025-12-31'],
    ['annually, after the span, last cycle done late', state(annually, 'completed', '2026-01-01'), '2026-02-01', 'completed_late', '2025-12-31'],
    ['annually, after the span, never done', state(annually, 'in_progress'), '2026-01-01', 'overdue', '2025-12-31'],
    // an event
    ['event not happened', state(afterApproval, 'not_started'), '2023-12-14', 'no_deadline_yet', null],
    ['event, in progress', state(afterApproval, 'in_progress'), '2030-01-01', 'no_deadline_yet', null],
    ['event, completed', state(afterApproval, 'completed', '2022-05-01'), '2023-01-01', 'completed_on_time', null],
    ['event, completed after asOf', state(afterApproval, 'completed', '2024-05-01'), '2023-01-01', 'no_deadline_yet', null],
  ];
  const seen = new Set<TaskBucket>();
  for (const [name, task, asOf, bucket, dueOn] of cases) {
    t.same(taskBucket(task, asOf), { bucket, dueOn }, name);
    seen.add(bucket);
  }
  t.same([...seen].sort(), [...taskBuckets].sort(), 'the table reaches every bucket');
  t.throws(() => taskBucket(state(year2021, 'completed', '2021/05/01'), '2022-01-01'), RangeError, 'completedOn must be a date');
  t.throws(() => taskBucket(state(year2021, 'not_started'), ''), RangeError, 'asOf must be a date');
});

t.test('the seed program as of 2023-12-14, nothing started', async (t) => {
  // By hand from the appendix deadlines (docs/seed-data.md):
  // - year (20): 18 due 2021 (01, 15–17, 21, 22, 28–31, 37–44) are overdue; 2 due 2023 (09, 19) are within.
  // - year_range (21): 10 ending 2022 (02–08, 18, 23, 27) are overdue; 8 ending 2025 (10, 11, 13, 20, 24, 26, 32,
  //   35) and 3 ending 2030 (25 from 2020, 33, 34) are within.
  // - annually (2: 12, 36) are due 2023-12-31, within; event (1: 14) has no deadline yet.
  const expected: Record<DeadlineKind, Partial<Record<TaskBucket, number>>> = {
    year: { overdue: 18, within_deadline: 2 },
    year_range: { overdue: 10, within_deadline: 11 },
    annually: { within_deadline: 2 },
    event: { no_deadline_yet: 1 },
  };
  const counted: Record<DeadlineKind, Partial<Record<TaskBucket, number>>> = { year: {}, year_range: {}, annually: {}, event: {} };
  for (const task of tasks) {
    const { bucket } = taskBucket({ deadline: task.deadline, status: 'not_started', completedOn: null }, '2023-12-14');
    const byKind = counted[task.deadline.kind];
    byKind[bucket] = (byKind[bucket] ?? 0) + 1;
  }
  t.equal(tasks.length, 44);
  t.same(counted, expected);
});
