// Amendments: what a proposal looks like (one shape per kind, told apart by `kind`), what the service answers, and the
// bodies of the review steps. The change shapes reuse the task and indicator write schemas, so a proposed deadline is
// written exactly as a PATCH of the task would write it.
import Type, { type Static } from 'typebox';
import { amendmentKinds, amendmentStatuses, type AmendmentKind } from '../../domain/amendment-workflow.js';
import { deadlineKinds, targetBases, taskKinds, taskStatuses } from '../../domain/vocabulary.js';
import { ListQuery } from '../../http/pagination.js';
import { IdOrCode, Nullable, StringEnum, Text, Timestamps, Uuid, Year } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';
import { Target, writable as indicatorFields } from '../indicators/schemas.js';
import { Transition } from '../reports/schemas.js';
import { writable as taskFields } from '../tasks/schemas.js';

const Timestamp = (description: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description });
const closed = (title: string, description: string) => ({ additionalProperties: false, title, description }) as const;

/** What each kind proposes. */
export const changeShapes = {
  add_task: Type.Object(
    {
      groupId: taskFields.groupId,
      code: taskFields.code,
      title: taskFields.title,
      kind: taskFields.kind,
      leadAgencyId: taskFields.leadAgencyId,
      deadline: taskFields.deadline,
      supporters: Type.Optional(taskFields.supporters),
      supportingText: Type.Optional(taskFields.supportingText),
      isKey: Type.Optional(taskFields.isKey),
    },
    closed('NewTask', 'add_task: the new task, as TaskCreate writes it (its program is the amendment\'s).'),
  ),
  change_task_deadline: Type.Object({ deadline: taskFields.deadline }, closed('TaskDeadlineChange', 'change_task_deadline: the new deadline, replacing the whole value.')),
  change_task_lead: Type.Object({ leadAgencyId: taskFields.leadAgencyId }, closed('TaskLeadChange', 'change_task_lead: the new lead agency.')),
  change_task_supporters: Type.Object(
    { supporters: taskFields.supporters, supportingText: Type.Optional(taskFields.supportingText) },
    closed('TaskSupportersChange', 'change_task_supporters: the new list of supporting agencies and groups, and optionally the wording.'),
  ),
  cancel_task: Type.Object({}, closed('TaskCancellation', 'cancel_task: nothing to give; the task becomes `cancelled`.')),
  change_indicator_target: Type.Object(
    { target: indicatorFields.target, basis: Type.Optional(indicatorFields.basis), targetYear: Type.Optional(indicatorFields.targetYear) },
    closed('IndicatorTargetChange', 'change_indicator_target: the new target, and optionally its basis and year.'),
  ),
};
export type Change = Static<(typeof changeShapes)[AmendmentKind]>;

const common = {
  programId: Uuid('The program to amend.'),
  proposingAgencyId: Uuid('The agency that proposes; an agency officer proposes only for its own agency.'),
};
const rationale = Text(5000, 'Why (lý do đề nghị): read by DPI and the approver.');
const kind = <K extends AmendmentKind>(value: K) => StringEnum([value] as const);
const taskId = Uuid('The task to change, a task of the program.');

export const proposalShapes = {
  add_task: Type.Object({ ...common, kind: kind('add_task'), change: changeShapes.add_task, rationale }, closed('AddTaskProposal', 'Adds a task to the program.')),
  change_task_deadline: Type.Object(
    { ...common, kind: kind('change_task_deadline'), taskId, change: changeShapes.change_task_deadline, rationale },
    closed('TaskDeadlineProposal', 'Moves a task\'s deadline.'),
  ),
  change_task_lead: Type.Object({ ...common, kind: kind('change_task_lead'), taskId, change: changeShapes.change_task_lead, rationale }, closed('TaskLeadProposal', 'Gives a task another lead agency.')),
  change_task_supporters: Type.Object(
    { ...common, kind: kind('change_task_supporters'), taskId, change: changeShapes.change_task_supporters, rationale },
    closed('TaskSupportersProposal', 'Replaces a task\'s supporting agencies.'),
  ),
  cancel_task: Type.Object({ ...common, kind: kind('cancel_task'), taskId, change: changeShapes.cancel_task, rationale }, closed('TaskCancellationProposal', 'Cancels a task.')),
  change_indicator_target: Type.Object(
    { ...common, kind: kind('change_indicator_target'), indicatorId: Uuid('The indicator to change, an indicator of the program.'), change: changeShapes.change_indicator_target, rationale },
    closed('IndicatorTargetProposal', 'Changes an indicator\'s target.'),
  ),
};

const program = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const industry = '6c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
const task07 = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const proposalExamples = [
  {
    programId: program,
    proposingAgencyId: industry,
    kind: 'change_task_deadline',
    taskId: task07,
    change: { deadline: { kind: 'year', fromYear: 2024, text: '2024' } },
    rationale: 'Chờ Bộ Công Thương ban hành hướng dẫn triển khai Chương trình thương mại điện tử quốc gia giai đoạn 2021 - 2025.',
  },
  {
    programId: program,
    proposingAgencyId: industry,
    kind: 'add_task',
    change: {
      groupId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      code: '45',
      title: 'Đề án phát triển logistics thành phố Cần Thơ giai đoạn 2024 - 2030',
      kind: 'scheme',
      leadAgencyId: industry,
      deadline: { kind: 'year', fromYear: 2024, text: '2024' },
      supportingText: 'Các Sở, ban ngành thành phố',
    },
    rationale: 'Triển khai Quyết định số 221/QĐ-TTg của Thủ tướng Chính phủ về phát triển dịch vụ logistics.',
  },
  { programId: program, proposingAgencyId: industry, kind: 'change_task_lead', taskId: task07, change: { leadAgencyId: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c' }, rationale: 'Giao Sở Kế hoạch và Đầu tư chủ trì theo chức năng tổng hợp.' },
  {
    programId: program,
    proposingAgencyId: industry,
    kind: 'change_task_supporters',
    taskId: task07,
    change: { supporters: [{ agencyId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a' }], supportingText: 'Sở Thông tin và Truyền thông' },
    rationale: 'Chỉ cần Sở Thông tin và Truyền thông phối hợp về hạ tầng số.',
  },
  { programId: program, proposingAgencyId: industry, kind: 'cancel_task', taskId: task07, change: {}, rationale: 'Nội dung đã được lồng ghép vào Đề án chuyển đổi số thành phố.' },
  {
    programId: program,
    proposingAgencyId: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c',
    kind: 'change_indicator_target',
    indicatorId: '3d2c1b0a-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
    change: { target: { comparator: 'between', lower: 6.5, upper: 7, text: '6,5 - 7,0%/năm' } },
    rationale: 'Tác động của dịch COVID-19 năm 2021 làm tăng trưởng kinh tế giảm sâu.',
  },
];

/** The body of a proposal: one of six shapes, by `kind`. */
const p = proposalShapes;
export const AmendmentCreate = Type.Union([p.add_task, p.change_task_deadline, p.change_task_lead, p.change_task_supporters, p.cancel_task, p.change_indicator_target], { title: 'AmendmentCreate', examples: proposalExamples });
export type AmendmentCreate = Static<typeof AmendmentCreate>;

// ---- What the service answers

const AmendedDeadline = Type.Object(
  { kind: StringEnum(deadlineKinds), fromYear: Nullable(Year()), toYear: Nullable(Year()), text: Nullable(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
const AmendedSupporter = Type.Object(
  { agencyId: Type.Optional(Uuid()), agencyGroupId: Type.Optional(Uuid()) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Exactly one of `agencyId` or `agencyGroupId`.' },
);

/** The fields an amendment replaces (or, for add_task, creates), as the task or indicator holds them. */
export const AmendedFields = Type.Object(
  {
    taskId: Type.Optional(Uuid('add_task: the task created.')),
    groupId: Type.Optional(Uuid()),
    code: Type.Optional(Type.String({ maxLength: 64 })),
    title: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: Type.Optional(StringEnum(taskKinds)),
    isKey: Type.Optional(Type.Boolean()),
    leadAgencyId: Type.Optional(Uuid()),
    deadline: Type.Optional(AmendedDeadline),
    supporters: Type.Optional(Type.Array(AmendedSupporter, { maxItems: 100 })),
    supportingText: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    status: Type.Optional(StringEnum(taskStatuses)),
    target: Type.Optional(Nullable(Target)),
    basis: Type.Optional(Nullable(StringEnum(targetBases))),
    targetYear: Type.Optional(Nullable(Year())),
  },
  {
    additionalProperties: false,
    title: 'AmendedFields',
    description:
      'Per kind: `deadline` (kind, years, wording); `leadAgencyId`; `supporters` and `supportingText`; `status` (cancel_task); `target`, `basis` and `targetYear`; for add_task the new task\'s fields with its `taskId`.',
  },
);
export type AmendedFields = Static<typeof AmendedFields>;

const c = changeShapes;
const fields = (description: string) => Type.Union([AmendedFields, Type.Null()], { description });
const summaryProperties = {
  id: Uuid(),
  programId: Uuid(),
  proposingAgency: AgencyRef,
  kind: StringEnum(amendmentKinds, { description: 'What the amendment changes; `change` has the shape of its kind.' }),
  taskId: Nullable(Uuid('The task it changes; for add_task, the task it created once approved (null before).')),
  indicatorId: Nullable(Uuid('The indicator whose target it changes (change_indicator_target).')),
  change: Type.Union([c.add_task, c.change_task_deadline, c.change_task_lead, c.change_task_supporters, c.cancel_task, c.change_indicator_target], { description: 'What is proposed, as the proposal gave it.' }),
  rationale: Type.String({ maxLength: 5000 }),
  status: StringEnum(amendmentStatuses, { description: '`proposed` → `recommended` or `declined` (DPI); `recommended` → `approved` or `rejected` (the approver).' }),
  coordinatorNote: Nullable(Type.String({ maxLength: 2000, description: 'DPI\'s note when recommending or declining.' })),
  decisionRef: Nullable(Type.String({ maxLength: 500, description: 'The approver\'s decision (e.g. `Quyết định số 123/QĐ-UBND ngày 15/3/2024`); set when approved or rejected.' })),
  decidedAt: Nullable(Timestamp('When the approver approved or rejected it.')),
  base: fields('The values the change replaces as they were when proposed; approval is refused (409) if they have changed since. Null for add_task.'),
  before: fields('Once approved: the values the approval replaced. Null otherwise, and for add_task.'),
  after: fields('Once approved: the values the approval wrote. Null otherwise.'),
  ...Timestamps,
};

export const AmendmentSummary = Type.Object(summaryProperties, { additionalProperties: false, title: 'AmendmentSummary' });
export const Amendment = Type.Object(
  { ...summaryProperties, history: Type.Array(Transition, { maxItems: 100, description: 'Every transition, oldest first.' }) },
  { additionalProperties: false, title: 'Amendment' },
);
export type Amendment = Static<typeof Amendment>;

const actorOf = (name: string, agencyId: string | null) => ({ type: 'api_key', id: '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name, agencyId });
export const amendmentExample = {
  id: '8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
  programId: program,
  proposingAgency: { id: industry, code: 'so-cong-thuong', name: 'Sở Công Thương', shortName: null },
  kind: 'change_task_deadline',
  taskId: task07,
  indicatorId: null,
  change: proposalExamples[0]!.change,
  rationale: proposalExamples[0]!.rationale,
  status: 'approved',
  coordinatorNote: 'Đề nghị UBND thành phố chấp thuận.',
  decisionRef: 'Quyết định số 123/QĐ-UBND ngày 15/3/2024',
  decidedAt: '2024-03-15T03:00:00.000Z',
  base: { deadline: { kind: 'year_range', fromYear: 2021, toYear: 2022, text: '2021-2022' } },
  before: { deadline: { kind: 'year_range', fromYear: 2021, toYear: 2022, text: '2021-2022' } },
  after: { deadline: { kind: 'year', fromYear: 2024, toYear: 2024, text: '2024' } },
  createdAt: '2024-02-20T02:00:00.000Z',
  updatedAt: '2024-03-15T03:00:00.000Z',
  history: [
    { from: null, to: 'proposed', reason: null, actor: actorOf('Hệ thống Sở Công Thương', industry), requestId: null, at: '2024-02-20T02:00:00.000Z' },
    { from: 'proposed', to: 'recommended', reason: 'Đề nghị UBND thành phố chấp thuận.', actor: actorOf('Sở Kế hoạch và Đầu tư', null), requestId: null, at: '2024-03-01T02:00:00.000Z' },
    { from: 'recommended', to: 'approved', reason: 'Quyết định số 123/QĐ-UBND ngày 15/3/2024', actor: actorOf('Văn phòng UBND thành phố', null), requestId: null, at: '2024-03-15T03:00:00.000Z' },
  ],
};
const { history: _history, ...summaryExample } = amendmentExample;
export const amendmentSummaryExample = summaryExample;

// ---- Review steps

const note = (description: string) => Text(2000, description);
export const RecommendBody = Type.Object(
  { note: Type.Optional(note('DPI\'s opinion for the approver.')) },
  { additionalProperties: false, title: 'AmendmentRecommendation', examples: [{ note: 'Đề nghị UBND thành phố chấp thuận.' }] },
);
export const DeclineBody = Type.Object(
  { note: note('Why DPI declines it: recorded and shown to the proposing agency.') },
  { additionalProperties: false, title: 'AmendmentDeclination', examples: [{ note: 'Nhiệm vụ đã được giao tại Kế hoạch số 45/KH-UBND; không cần bổ sung.' }] },
);
export const DecisionBody = Type.Object(
  {
    decisionRef: Text(500, 'The decision of the Chairman or the City People\'s Committee that approves or rejects it.'),
    note: Type.Optional(note('A remark recorded with the decision.')),
  },
  { additionalProperties: false, title: 'AmendmentDecision', examples: [{ decisionRef: 'Quyết định số 123/QĐ-UBND ngày 15/3/2024', note: 'Đồng ý điều chỉnh thời gian trình.' }] },
);
export type ReviewBody = { note?: string; decisionRef?: string };

// ---- Lists

export const amendmentSorts = ['createdAt', '-createdAt'] as const;
const filters = {
  status: Type.Optional(StringEnum(amendmentStatuses)),
  kind: Type.Optional(StringEnum(amendmentKinds)),
};
export const AmendmentListQuery = ListQuery(
  {
    programId: Type.Optional(IdOrCode('Program id or code (e.g. `17/CTr-UBND`).')),
    ...filters,
    taskId: Type.Optional(Uuid('Amendments of this task (including the add_task that created it).')),
    indicatorId: Type.Optional(Uuid('Amendments of this indicator\'s target.')),
    proposingAgencyId: Type.Optional(IdOrCode('Proposing agency id or code.')),
  },
  amendmentSorts,
  'createdAt',
);
export type AmendmentListQuery = Static<typeof AmendmentListQuery>;

export const TargetAmendmentListQuery = ListQuery(filters, amendmentSorts, 'createdAt');
export type TargetAmendmentListQuery = Static<typeof TargetAmendmentListQuery>;
