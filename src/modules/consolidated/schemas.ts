import Type from 'typebox';
import { assessmentRules, assessmentStatuses } from '../../domain/assessment.js';
import { periodKinds } from '../../domain/periods.js';
import { submissionStates } from '../../domain/report-workflow.js';
import { taskBuckets } from '../../domain/task-buckets.js';
import { indicatorDirections, targetBases, targetComparators, taskStatuses, valueKinds } from '../../domain/vocabulary.js';
import { CalendarDate, DateString, Int32, Nullable, PeriodId, StringEnum, Uuid } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const Count = Int32({ minimum: 0, maximum: 10_000_000 });
const Counts = Type.Object(Object.fromEntries([...taskBuckets, 'total'].map((bucket) => [bucket, Count])), {
  additionalProperties: false,
  title: 'TaskBucketCounts',
  description:
    'Tasks by Government Office bucket: completed on time / late, not completed within the deadline / overdue, no deadline yet (waiting on an event), cancelled.',
});
const Window = Type.Object({ from: CalendarDate(), to: CalendarDate() }, { additionalProperties: false });
const Text = (maxLength: number) => Type.String({ maxLength });

export const tableNames = ['submissions', 'tasks_by_section', 'tasks_by_group', 'tasks_by_lead_agency', 'overdue_tasks', 'indicators', 'concerns'] as const;
export type TableName = (typeof tableNames)[number];
export const formats = ['json', 'csv', 'zip', 'xlsx'] as const;

export const ConsolidatedParams = Type.Object(
  { id: Uuid('The program id.'), period: PeriodId('A period within the program\'s years:') },
  { additionalProperties: false },
);

export const ConsolidatedQuery = Type.Object(
  {
    format: Type.Optional(
      StringEnum(formats, {
        description:
          'Instead of the Accept header: `json`; `csv` (one table, named by `table`); `zip` (every table as CSV); `xlsx` (one sheet per table, Vietnamese headers).',
      }),
    ),
    table: Type.Optional(StringEnum(tableNames, { description: 'The table for `format=csv`.' })),
    bom: Type.Optional(Type.Boolean({ default: false, description: 'Start CSV files with a UTF-8 byte order mark, so that Excel reads Vietnamese correctly.' })),
  },
  { additionalProperties: false },
);

export const ConsolidatedReport = Type.Object(
  {
    program: Type.Object({ id: Uuid(), code: Text(64), title: Text(2000) }, { additionalProperties: false }),
    period: Type.Object(
      { id: PeriodId('The period:'), kind: StringEnum(periodKinds), reportingWindow: Window, calendarWindow: Window, submissionDeadline: CalendarDate() },
      { additionalProperties: false },
    ),
    asOf: DateString('The day tasks are judged on: the period\'s data cut-off, or today while the period runs.'),
    generatedAt: Type.String({ format: 'date-time', maxLength: 40 }),
    submissions: Type.Array(
      Type.Object(
        {
          agency: AgencyRef,
          state: StringEnum(submissionStates),
          reportId: Nullable(Uuid()),
          dueOn: Nullable(DateString()),
          submittedAt: Nullable(Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description: 'First submission.' })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100_000, description: 'Every agency expected to report (it leads or supports a task of the program), and where its report stands.' },
    ),
    submissionCounts: Type.Object(Object.fromEntries(['expected', ...submissionStates].map((s) => [s, Count])), { additionalProperties: false }),
    tasks: Type.Object(
      {
        total: Counts,
        bySection: Type.Array(Type.Object({ section: Nullable(Text(16)), title: Nullable(Text(2000)), counts: Counts }, { additionalProperties: false }), { maxItems: 1000 }),
        byGroup: Type.Array(Type.Object({ group: Type.Object({ id: Uuid(), code: Text(64), title: Text(2000) }, { additionalProperties: false }), counts: Counts }, { additionalProperties: false }), {
          maxItems: 10_000,
        }),
        byLeadAgency: Type.Array(Type.Object({ agency: AgencyRef, counts: Counts }, { additionalProperties: false }), { maxItems: 100_000 }),
      },
      { additionalProperties: false },
    ),
    overdueTasks: Type.Array(
      Type.Object(
        {
          task: Type.Object({ id: Uuid(), code: Text(64), title: Text(2000) }, { additionalProperties: false }),
          leadAgency: AgencyRef,
          deadlineText: Nullable(Text(500)),
          dueOn: DateString(),
          status: StringEnum(taskStatuses),
          progress: Int32({ minimum: 0, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1_000_000 },
    ),
    indicators: Type.Array(
      Type.Object(
        {
          indicator: Type.Object({ id: Uuid(), code: Text(64), parentCode: Nullable(Text(64)), name: Text(2000), unit: Nullable(Text(200)) }, { additionalProperties: false }),
          target: Nullable(
            Type.Object(
              {
                comparator: StringEnum(targetComparators),
                lower: Nullable(Type.Number()),
                upper: Nullable(Type.Number()),
                text: Nullable(Text(500)),
                basis: Nullable(StringEnum(targetBases)),
                targetYear: Nullable(Int32({ minimum: 1900, maximum: 2200 })),
                direction: StringEnum(indicatorDirections),
              },
              { additionalProperties: false },
            ),
          ),
          baseline: Nullable(Type.Object({ value: Type.Number(), year: Int32({ minimum: 1900, maximum: 2200 }) }, { additionalProperties: false })),
          latest: Nullable(Type.Object({ period: Text(7), value: Type.Number(), kind: StringEnum(valueKinds) }, { additionalProperties: false })),
          assessment: Type.Object(
            {
              status: StringEnum(assessmentStatuses),
              rule: StringEnum(assessmentRules),
              valuesUsed: Type.Array(Type.Object({ year: Int32({ minimum: 1900, maximum: 2200 }), value: Type.Number(), kind: StringEnum(valueKinds) }, { additionalProperties: false }), {
                maxItems: 300,
              }),
              computed: Nullable(Type.Number()),
              expected: Nullable(Text(500)),
              reason: Text(2000),
              reasonVi: Text(2000),
            },
            { additionalProperties: false, description: 'How the status was reached: the rule, the values used, the number compared and the bar.' },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100_000 },
    ),
    concerns: Type.Array(
      Type.Object(
        { agency: AgencyRef, reportId: Uuid(), status: StringEnum(['submitted', 'accepted']), difficulties: Nullable(Text(50_000)), proposals: Nullable(Text(50_000)) },
        { additionalProperties: false },
      ),
      { maxItems: 100_000, description: 'Difficulties and proposals from the submitted and accepted reports, by agency.' },
    ),
  },
  { additionalProperties: false, title: 'ConsolidatedReport' },
);
