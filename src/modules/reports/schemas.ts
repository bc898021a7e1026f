import Type, { type Static } from 'typebox';
import { periodKinds } from '../../domain/periods.js';
import { reportStatuses } from '../../domain/report-workflow.js';
import { taskStatuses, valueKinds } from '../../domain/vocabulary.js';
import { ListQuery } from '../../http/pagination.js';
import { DateString, IdOrCode, Int32, Link, Nullable, PatchBody, PeriodId, SearchParam, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const Timestamp = (description: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description });
const Narrative = (description: string) => Nullable(Type.String({ maxLength: 50_000, description }));
const Value = Type.Number({ minimum: -1e15, maximum: 1e15, description: 'The value, in the indicator\'s unit.' });

const reportableTaskStatuses = ['not_started', 'in_progress', 'completed'] as const;

const TaskUpdate = Type.Object(
  {
    taskId: Uuid(),
    taskCode: Type.String({ maxLength: 64 }),
    taskTitle: Type.String({ maxLength: 2000 }),
    status: StringEnum(taskStatuses),
    progress: Int32({ minimum: 0, maximum: 100, description: 'Percent complete.' }),
    completedOn: Nullable(DateString()),
    note: Nullable(Type.String({ maxLength: 5000 })),
    evidenceUrl: Nullable(Type.String({ maxLength: 2000, description: 'A link to the document that shows it (decision, plan, report).' })),
  },
  { additionalProperties: false, title: 'ReportTaskUpdate' },
);

const ReportedValue = Type.Object(
  {
    indicatorId: Uuid(),
    indicatorCode: Type.String({ maxLength: 64 }),
    indicatorName: Type.String({ maxLength: 2000 }),
    unit: Nullable(Type.String({ maxLength: 200 })),
    value: Value,
    kind: StringEnum(valueKinds),
    note: Nullable(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false, title: 'ReportIndicatorValue' },
);

export const Transition = Type.Object(
  {
    from: Nullable(Type.String({ maxLength: 40 })),
    to: Type.String({ maxLength: 40 }),
    reason: Nullable(Type.String({ maxLength: 2000 })),
    actor: Type.Object(
      {
        type: Type.String({ maxLength: 20 }),
        id: Nullable(Type.String({ maxLength: 300 })),
        name: Type.String({ maxLength: 300 }),
        agencyId: Nullable(Uuid()),
      },
      { additionalProperties: false },
    ),
    requestId: Nullable(Type.String({ maxLength: 128 })),
    at: Timestamp('When it happened.'),
  },
  { additionalProperties: false, title: 'Transition' },
);

const summaryProperties = {
  id: Uuid(),
  programId: Uuid(),
  agency: AgencyRef,
  period: PeriodId('The period reported on:'),
  periodKind: StringEnum(periodKinds),
  status: StringEnum(reportStatuses, {
    description: '`draft` → `submitted` → `accepted`; `submitted` → `returned` → `submitted`; `accepted` → `returned` when reopened.',
  }),
  dueOn: DateString('The submission deadline: the data cut-off plus the program\'s working days.'),
  firstSubmittedAt: Nullable(Timestamp('First submission; timeliness is judged on it.')),
  submittedAt: Nullable(Timestamp('Latest submission.')),
  timeliness: Nullable(StringEnum(['on_time', 'late'], { description: 'The first submission against `dueOn`, in Vietnam time.' })),
  acceptedAt: Nullable(Timestamp('When DPI accepted it.')),
  ...Timestamps,
};

export const ReportSummary = Type.Object(summaryProperties, { additionalProperties: false, title: 'ReportSummary' });

export const Report = Type.Object(
  {
    ...summaryProperties,
    results: Narrative('Kết quả thực hiện: what was done.'),
    advantages: Narrative('Thuận lợi.'),
    difficulties: Narrative('Khó khăn, vướng mắc.'),
    proposals: Narrative('Đề xuất, kiến nghị.'),
    taskUpdates: Type.Array(TaskUpdate, { maxItems: 1000 }),
    indicatorValues: Type.Array(ReportedValue, { maxItems: 1000 }),
    history: Type.Array(Transition, { maxItems: 1000, description: 'Every transition, oldest first.' }),
  },
  { additionalProperties: false, title: 'Report' },
);
export type Report = Static<typeof Report>;

const agencyExample = { id: '6c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f', code: 'so-cong-thuong', name: 'Sở Công Thương', shortName: null };
export const reportExample = {
  id: '2e4f6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b',
  programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  agency: agencyExample,
  period: '2023',
  periodKind: 'annual',
  status: 'submitted',
  dueOn: '2023-12-21',
  firstSubmittedAt: '2023-12-18T02:15:00.000Z',
  submittedAt: '2023-12-18T02:15:00.000Z',
  timeliness: 'on_time',
  acceptedAt: null,
  createdAt: '2023-12-01T03:00:00.000Z',
  updatedAt: '2023-12-18T02:15:00.000Z',
  results: 'Hoàn thành Đề án phát triển thương mại điện tử giai đoạn 2021 - 2025.',
  advantages: 'Được sự quan tâm chỉ đạo của UBND thành phố.',
  difficulties: 'Nguồn lực đầu tư hạ tầng thương mại còn hạn chế.',
  proposals: 'Đề nghị bổ sung kinh phí xúc tiến thương mại năm 2024.',
  taskUpdates: [
    {
      taskId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
      taskCode: '07',
      taskTitle: 'Đề án phát triển thương mại điện tử thành phố Cần Thơ giai đoạn 2021 - 2025',
      status: 'completed',
      progress: 100,
      completedOn: '2023-06-30',
      note: 'Đã trình UBND thành phố phê duyệt.',
      evidenceUrl: 'https://congbao.cantho.gov.vn/van-ban/1234',
    },
  ],
  indicatorValues: [],
  history: [
    {
      from: 'draft',
      to: 'submitted',
      reason: null,
      actor: { type: 'api_key', id: '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Hệ thống báo cáo Sở Công Thương', agencyId: agencyExample.id },
      requestId: '6f1c2a4e-1b7d-4a8e-9f1e-2c3d4e5f6a7b',
      at: '2023-12-18T02:15:00.000Z',
    },
  ],
};
const { results: _r, advantages: _a, difficulties: _d, proposals: _p, taskUpdates: _t, indicatorValues: _i, history: _h, ...reportSummaryExample } = reportExample;
export { reportSummaryExample };

const TaskUpdateInput = Type.Object(
  {
    taskId: Uuid('A task of the program that the agency leads or supports (directly or through one of its groups).'),
    status: StringEnum(reportableTaskStatuses, { description: 'Cancelling a task is an amendment, not a report.' }),
    progress: Int32({ minimum: 0, maximum: 100 }),
    completedOn: Type.Optional(Nullable(DateString('Required with status `completed`, and only then.'))),
    note: Type.Optional(Nullable(Text(5000))),
    evidenceUrl: Type.Optional(Nullable(Link('A link to the document that shows it.'))),
  },
  { additionalProperties: false },
);

const ValueInput = Type.Object(
  {
    indicatorId: Uuid('An indicator of the program the agency answers for (its responsible agency; the coordinator for those without one).'),
    value: Value,
    kind: Type.Optional(StringEnum(valueKinds, { default: 'estimate', description: '`estimate` (ước thực hiện, the default for a report) or `official`.' })),
    unit: Type.Optional(Text(200, 'The unit the value is in; when given it must be the indicator\'s unit.')),
    note: Type.Optional(Nullable(Text(5000))),
  },
  { additionalProperties: false },
);

const writable = {
  results: Nullable(Text(50_000)),
  advantages: Nullable(Text(50_000)),
  difficulties: Nullable(Text(50_000)),
  proposals: Nullable(Text(50_000)),
  taskUpdates: Type.Array(TaskUpdateInput, { maxItems: 1000, description: 'Replaces the whole list. One entry per task.' }),
  indicatorValues: Type.Array(ValueInput, { maxItems: 1000, description: 'Replaces the whole list. One entry per indicator.' }),
};

export const ReportCreate = Type.Object(
  {
    programId: Uuid(),
    agencyId: Uuid('The reporting agency; an agency officer can only report for its own.'),
    period: PeriodId('A period of a kind the program reports on, within its years:'),
    results: Type.Optional(writable.results),
    advantages: Type.Optional(writable.advantages),
    difficulties: Type.Optional(writable.difficulties),
    proposals: Type.Optional(writable.proposals),
    taskUpdates: Type.Optional(writable.taskUpdates),
    indicatorValues: Type.Optional(writable.indicatorValues),
  },
  {
    additionalProperties: false,
    title: 'ReportCreate',
    examples: [
      {
        programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        agencyId: agencyExample.id,
        period: '2023',
        results: 'Hoàn thành Đề án phát triển thương mại điện tử giai đoạn 2021 - 2025.',
        taskUpdates: [{ taskId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', status: 'completed', progress: 100, completedOn: '2023-06-30' }],
      },
    ],
  },
);
export type ReportCreate = Static<typeof ReportCreate>;

export const ReportPatch = PatchBody(writable, 'ReportPatch', { difficulties: 'Nguồn lực đầu tư hạ tầng thương mại còn hạn chế.' });
export type ReportPatch = Static<typeof ReportPatch>;
export type TaskUpdateInput = Static<typeof TaskUpdateInput>;
export type ValueInput = Static<typeof ValueInput>;

export const ReasonBody = (title: string, example: string) =>
  Type.Object({ reason: Text(2000, 'Why: recorded in the report\'s history and sent to the agency.') }, { additionalProperties: false, title, examples: [{ reason: example }] });

export const reportSorts = ['period', '-period', 'relevance'] as const;
export const ReportListQuery = ListQuery(
  {
    programId: Type.Optional(IdOrCode('Program id or code (e.g. `17/CTr-UBND`).')),
    agencyId: Type.Optional(IdOrCode('Reporting agency id or code.')),
    period: Type.Optional(PeriodId('Only this period:')),
    periodKind: Type.Optional(StringEnum(periodKinds)),
    status: Type.Optional(StringEnum(reportStatuses)),
    q: Type.Optional(SearchParam),
  },
  reportSorts,
  'period',
);
export type ReportListQuery = Static<typeof ReportListQuery>;
