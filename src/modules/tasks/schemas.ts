import Type, { type Static } from 'typebox';
import { deadlineKinds, taskKinds, taskStatuses } from '../../domain/vocabulary.js';
import { CursorParam, LimitParam, SortParam } from '../../http/pagination.js';
import { AppendixSection, Code, DateString, IdOrCode, Int32, Nullable, SearchParam, StringEnum, Text, Timestamps, Uuid, Year } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const Deadline = Type.Object(
  {
    kind: StringEnum(deadlineKinds, {
      description: '`year` (by 31 December), `year_range` (by the end of its last year), `annually` (every year of its span), `event` (once an event happens).',
    }),
    fromYear: Nullable(Year()),
    toYear: Nullable(Year()),
    text: Nullable(Type.String({ maxLength: 500, description: 'The deadline as the document words it ("Thời gian trình").' })),
    dueOn: Nullable(DateString('Final due date of a one-time deadline; null for annual and event deadlines.')),
  },
  { additionalProperties: false },
);

const Supporter = Type.Object(
  {
    type: StringEnum(['agency', 'agency_group']),
    id: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false, title: 'Supporter' },
);

export const taskProperties = {
  id: Uuid(),
  programId: Uuid(),
  code: Type.String({ maxLength: 64, description: 'Number in the appendix, unique within the program (e.g. `01`).' }),
  title: Type.String({ maxLength: 2000 }),
  kind: StringEnum(taskKinds),
  group: Type.Object(
    { id: Uuid(), code: Type.String({ maxLength: 64 }), title: Type.String({ maxLength: 2000 }) },
    { additionalProperties: false, description: 'The task group (section V) the task belongs to.' },
  ),
  appendixSection: Nullable(Type.String({ maxLength: 16, description: 'Roman numeral of the appendix section, from the task group.' })),
  leadAgency: AgencyRef,
  responsibleAgency: Type.Object(AgencyRef.properties, {
    additionalProperties: false,
    description:
      'Who answers for the task on `asOf` (today when not given): the lead agency, or its successor after a rename, merger, split or abolition (docs/lineage.md). `leadAgency` stays the lead the program names.',
  }),
  supporters: Type.Array(Supporter, { maxItems: 100, description: 'Supporting agencies and agency groups, in the order of the text.' }),
  supportingText: Nullable(Type.String({ maxLength: 2000, description: 'The supporting agencies as the document words them.' })),
  deadline: Deadline,
  isKey: Type.Boolean(),
  status: StringEnum(taskStatuses),
  progress: Int32({ minimum: 0, maximum: 100, description: 'Percent complete.' }),
  completedOn: Nullable(DateString()),
  ...Timestamps,
};

export const Task = Type.Object(taskProperties, { additionalProperties: false, title: 'Task' });
export type Task = Static<typeof Task>;

export const AgencyTask = Type.Object(
  {
    ...taskProperties,
    role: StringEnum(['lead', 'supporting'], { description: '`lead` when the agency leads the task (even if it also belongs to a supporting group).' }),
    via: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 50,
      description: 'For a supporting role: codes of the agency groups through which the agency supports (empty when it is only named directly); always empty for `lead`.',
    }),
  },
  { additionalProperties: false, title: 'AgencyTask' },
);

export const taskExample = {
  id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  code: '01',
  title: 'Kế hoạch về phục hồi, phát triển kinh tế',
  kind: 'plan',
  group: {
    id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    code: '1',
    title:
      'Tập trung thực hiện mục tiêu kép vừa phòng, chống dịch bệnh COVID-19, vừa phục hồi, phát triển kinh tế - xã hội, bảo đảm sức khỏe, tính mạng của Nhân dân là trên hết, trước hết và bảo đảm an sinh xã hội',
  },
  appendixSection: 'I',
  leadAgency: { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' },
  responsibleAgency: { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' },
  supporters: [
    { type: 'agency_group', id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', code: 'city_departments_and_boards', name: 'Các Sở, ban ngành thành phố' },
    { type: 'agency_group', id: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f', code: 'relevant_agencies', name: 'Cơ quan có liên quan' },
    { type: 'agency_group', id: '4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80', code: 'district_peoples_committees', name: 'UBND quận, huyện' },
  ],
  supportingText: 'Các Sở, ban ngành, cơ quan có liên quan, UBND quận, huyện',
  deadline: { kind: 'year', fromYear: 2021, toYear: 2021, text: '2021', dueOn: '2021-12-31' },
  isKey: false,
  status: 'not_started',
  progress: 0,
  completedOn: null,
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

const SupporterInput = Type.Object(
  { agencyId: Type.Optional(Uuid()), agencyGroupId: Type.Optional(Uuid()) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Exactly one of `agencyId` or `agencyGroupId`.' },
);

const DeadlineInput = Type.Object(
  {
    kind: StringEnum(deadlineKinds),
    fromYear: Type.Optional(Nullable(Year('Required for year, year_range; defaults to the program\'s first year for annually.'))),
    toYear: Type.Optional(Nullable(Year('Defaults to fromYear for year; to the program\'s last year for annually.'))),
    text: Type.Optional(Nullable(Text(500, 'The original wording.'))),
  },
  { additionalProperties: false },
);

export const writable = {
  groupId: Uuid('A task group of the same program.'),
  code: Code('Unique within the program.'),
  title: Text(2000),
  kind: StringEnum(taskKinds),
  leadAgencyId: Uuid('The one lead agency (cơ quan chủ trì).'),
  supporters: Type.Array(SupporterInput, { maxItems: 100, description: 'Replaces the whole list; order is kept.' }),
  supportingText: Nullable(Text(2000)),
  deadline: DeadlineInput,
  isKey: Type.Boolean(),
  status: StringEnum(taskStatuses, { description: 'Setting `completed` defaults completedOn to today and progress to 100.' }),
  progress: Int32({ minimum: 0, maximum: 100 }),
  completedOn: Nullable(DateString('Set exactly when status is completed; `null` with status `completed` is refused.')),
};

export const TaskCreate = Type.Object(
  {
    programId: Uuid(),
    groupId: writable.groupId,
    code: writable.code,
    title: writable.title,
    kind: writable.kind,
    leadAgencyId: writable.leadAgencyId,
    deadline: writable.deadline,
    supporters: Type.Optional(writable.supporters),
    supportingText: Type.Optional(writable.supportingText),
    isKey: Type.Optional(writable.isKey),
    status: Type.Optional(writable.status),
    progress: Type.Optional(writable.progress),
    completedOn: Type.Optional(writable.completedOn),
  },
  {
    additionalProperties: false,
    title: 'TaskCreate',
    examples: [
      {
        programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        groupId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        code: '45',
        title: 'Kế hoạch thực hiện chuyển đổi số năm 2026',
        kind: 'plan',
        leadAgencyId: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c',
        supporters: [{ agencyGroupId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e' }],
        supportingText: 'Các Sở, ban ngành thành phố',
        deadline: { kind: 'year', fromYear: 2026, text: '2026' },
      },
    ],
  },
);
export type TaskCreate = Static<typeof TaskCreate>;

export const TaskPatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'TaskPatch',
  examples: [{ status: 'in_progress', progress: 40 }],
});
export type TaskPatch = Static<typeof TaskPatch>;

export const taskSorts = ['code', '-code', 'title', '-title', 'relevance'] as const;

const filters = {
  programId: Type.Optional(IdOrCode('Program id or code (e.g. `17/CTr-UBND`).')),
  groupId: Type.Optional(Uuid('Task group id.')),
  section: Type.Optional(AppendixSection('Appendix section (roman numeral).')),
  leadAgencyId: Type.Optional(IdOrCode('Lead agency id or code.')),
  supportingAgencyId: Type.Optional(IdOrCode('Supporting agency id or code; matches tasks naming the agency directly or through a group it belongs to.')),
  kind: Type.Optional(StringEnum(taskKinds)),
  status: Type.Optional(StringEnum(taskStatuses)),
  dueYear: Type.Optional(Year('Tasks due in that year: one-time deadlines ending that year and annual tasks whose span includes it.')),
  isKey: Type.Optional(Type.Boolean()),
  q: Type.Optional(SearchParam),
  asOf: Type.Optional(
    DateString(
      'A day: `leadAgencyId` and `supportingAgencyId` then follow agency lineage (what the agency is responsible for that day, inherited tasks included), and `responsibleAgency` is given for that day.',
    ),
  ),
  sort: Type.Optional(SortParam(taskSorts, 'code')),
  limit: Type.Optional(LimitParam),
  cursor: Type.Optional(CursorParam),
};

export const TaskListQuery = Type.Object(filters, { additionalProperties: false });
export type TaskListQuery = Static<typeof TaskListQuery>;

const { leadAgencyId: _lead, supportingAgencyId: _supporting, ...agencyTaskFilters } = filters;
export const AgencyTaskListQuery = Type.Object(
  { role: Type.Optional(StringEnum(['lead', 'supporting'], { description: 'Only tasks the agency leads, or only those it supports.' })), ...agencyTaskFilters },
  { additionalProperties: false },
);
export type AgencyTaskListQuery = Static<typeof AgencyTaskListQuery>;
