// The program document: a whole program (its agencies and agency groups, the program, task groups, indicators with
// their targets, tasks) in one JSON value, named by natural codes only, never by ids, so that it can be written by
// hand, kept in version control and imported into any database. `POST /v1/imports` takes it; `GET
// /v1/programs/{id}/document` gives it back; the XLSX template (xlsx.ts) is the same document in six sheets.
// Every rule a schema can state is here (and so in the OpenAPI document); rules across records are in validate.ts.
import Type, { type Static } from 'typebox';
import { periodKinds } from '../domain/periods.js';
import {
  agencyKinds,
  deadlineKinds,
  indicatorCategories,
  indicatorDirections,
  targetBases,
  targetComparators,
  taskKinds,
  taskStatuses,
} from '../domain/vocabulary.js';
import { AppendixSection, Code, DateString, Int32, StringEnum, Text, Year } from '../http/schemas.js';

/** How many records of each kind one document may hold: a city's program is far smaller; this bounds the work. */
export const documentLimits = { agencies: 2000, agencyGroups: 500, memberCodes: 500, taskGroups: 1000, indicators: 5000, tasks: 5000, supporters: 100 } as const;

// Targets and baselines are decimals; the bounds keep them within what a JSON number holds exactly.
const Decimal = (description: string) => Type.Number({ minimum: -1e15, maximum: 1e15, description });

const DocumentProgram = Type.Object(
  {
    code: Code('The program\'s document number, e.g. `17/CTr-UBND`: matches the program to update, or names the one to create.'),
    title: Text(2000),
    resolution: Type.Optional(Text(200, 'The resolution the program implements, e.g. `99/NQ-CP`.')),
    issuedOn: Type.Optional(DateString('The day the program was issued.')),
    startYear: Year('First year the program covers.'),
    endYear: Year('Last year the program covers (not before startYear).'),
    signedBy: Type.Optional(Text(200)),
    summary: Type.Optional(Text(20000)),
    issuerCode: Type.Optional(Code('Code of the agency that issued the program.')),
    coordinatorCode: Type.Optional(Code('Code of the agency that coordinates it and synthesises reports (DPI for 17/CTr-UBND).')),
    reportingPeriodKinds: Type.Optional(
      Type.Array(StringEnum(periodKinds), {
        minItems: 1,
        maxItems: 4,
        uniqueItems: true,
        description: 'The periods agencies report on. Left out: kept as stored (`["annual"]` for a new program).',
      }),
    ),
    reportDeadlineWorkingDays: Type.Optional(
      Int32({ minimum: 1, maximum: 60, description: 'Working days after a period\'s cut-off that reports are due. Left out: kept as stored (5 for a new program).' }),
    ),
  },
  { additionalProperties: false, description: 'The program itself, matched by `code`.' },
);

const DocumentAgency = Type.Object(
  {
    code: Code('Stable natural code, unique among all agencies (e.g. `so-ke-hoach-va-dau-tu`); matches an existing agency.'),
    name: Text(500, 'Full Vietnamese name.'),
    shortName: Type.Optional(Text(100, 'Customary short name, e.g. `Sở KH&ĐT`.')),
    kind: StringEnum(agencyKinds),
    parentCode: Type.Optional(Code('Code of the body it belongs to: in this document or already in the database.')),
    validFrom: Type.Optional(DateString('First day the agency exists; left out: since before anything recorded.')),
  },
  { additionalProperties: false },
);

const DocumentAgencyGroup = Type.Object(
  {
    code: Code('Stable natural code, unique among agency groups (e.g. `district_peoples_committees`).'),
    name: Text(500, 'The group as documents write it, e.g. `UBND quận, huyện`.'),
    description: Type.Optional(Text(4000)),
    memberCodes: Type.Array(Code('An agency code: in this document or already in the database.'), {
      maxItems: documentLimits.memberCodes,
      uniqueItems: true,
      description: 'The member agencies: the whole membership (members not listed are removed from the group).',
    }),
  },
  { additionalProperties: false },
);

const DocumentTaskGroup = Type.Object(
  {
    code: Code('The group\'s number in the program (section V), unique within it, e.g. `7`.'),
    title: Text(2000),
    position: Type.Optional(Int32({ minimum: 1, maximum: 1000, description: 'Order within the program; left out: the order of this list.' })),
    appendixSection: Type.Optional(AppendixSection('The appendix section that repeats this group (roman numeral), unique within the program.')),
    appendixTitle: Type.Optional(Text(2000, 'The appendix section\'s heading as printed there.')),
  },
  { additionalProperties: false },
);

const DocumentTarget = Type.Object(
  {
    comparator: StringEnum(targetComparators, { description: '`between` needs lower ≤ upper; `gte`/`gt` lower only; `lte`/`lt` upper only; `eq` lower = upper.' }),
    lower: Type.Optional(Decimal('Lower bound (between, gte, gt, eq).')),
    upper: Type.Optional(Decimal('Upper bound (between, lte, lt, eq).')),
    text: Type.Optional(Text(500, 'The target as the document writes it, e.g. `7,5- 8,0%/năm`.')),
  },
  { additionalProperties: false },
);

const DocumentIndicator = Type.Object(
  {
    code: Code('The document\'s number, e.g. `1` or `1.2`; unique within the program.'),
    parentCode: Type.Optional(Code('Code of the indicator this one is a sub-target of (same program).')),
    position: Type.Optional(Int32({ minimum: 1, maximum: 100000, description: 'Order in the program; left out: the order of this list.' })),
    category: StringEnum(indicatorCategories),
    name: Text(1000),
    unit: Type.Optional(Text(100)),
    direction: StringEnum(indicatorDirections),
    target: Type.Optional(DocumentTarget),
    basis: Type.Optional(StringEnum(targetBases, { description: 'Required with a target, not allowed without one.' })),
    targetYear: Type.Optional(Year('The year the target refers to; required when basis is `by_year`.')),
    baseline: Type.Optional(Type.Object({ value: Decimal('The value in the baseline year.'), year: Year() }, { additionalProperties: false })),
    responsibleAgencyCode: Type.Optional(Code('Code of the agency responsible for the indicator.')),
    sourceText: Type.Optional(Text(5000, 'The clause of the source document, verbatim.')),
    notes: Type.Optional(Text(5000)),
  },
  { additionalProperties: false },
);

const DocumentSupporter = Type.Object(
  {
    agencyCode: Type.Optional(Code('A supporting agency.')),
    groupCode: Type.Optional(Code('A supporting agency group.')),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Exactly one of `agencyCode` or `groupCode`.' },
);

const DocumentTask = Type.Object(
  {
    code: Code('The task\'s number, unique within the program, e.g. `01`.'),
    groupCode: Code('Code of its task group: in this document or already in the program.'),
    title: Text(2000),
    kind: StringEnum(taskKinds),
    leadAgencyCode: Code('Code of the one lead agency (cơ quan chủ trì).'),
    supporters: Type.Array(DocumentSupporter, {
      maxItems: documentLimits.supporters,
      description: 'Supporting agencies and agency groups in the order of the text; the whole list (replaces what is stored).',
    }),
    supportingText: Type.Optional(Text(2000, 'The supporting agencies as the source document words them.')),
    deadline: Type.Object(
      {
        kind: StringEnum(deadlineKinds),
        fromYear: Type.Optional(Year('Required for year and year_range; for annually, defaults to the program\'s startYear.')),
        toYear: Type.Optional(Year('year: equals fromYear (the default); year_range: after fromYear; annually: defaults to the program\'s endYear.')),
        text: Type.Optional(Text(500, 'The deadline as the source document words it.')),
      },
      { additionalProperties: false, description: '`year`, `year_range`, `annually` (every year of the span) or `event` (no years).' },
    ),
    isKey: Type.Optional(Type.Boolean({ description: 'A key task; left out: false.' })),
    status: Type.Optional(StringEnum(taskStatuses, { description: 'Left out: kept as stored (`not_started` for a new task), and so are progress and completedOn unless given.' })),
    progress: Type.Optional(Int32({ minimum: 0, maximum: 100, description: 'Percent complete; left out: kept as stored (0 for a new task).' })),
    completedOn: Type.Optional(DateString('Given exactly when status is `completed`.')),
  },
  { additionalProperties: false },
);

export const ProgramDocument = Type.Object(
  {
    formatVersion: Type.Unsafe<1>({ type: 'integer', format: 'int32', minimum: 1, maximum: 1, enum: [1], description: 'The version of this format: 1.' }),
    program: DocumentProgram,
    agencies: Type.Array(DocumentAgency, {
      maxItems: documentLimits.agencies,
      description: 'Agencies the program names, matched by code across the whole service: created when missing, updated when different.',
    }),
    agencyGroups: Type.Array(DocumentAgencyGroup, { maxItems: documentLimits.agencyGroups, description: 'Agency groups, matched by code across the whole service.' }),
    taskGroups: Type.Array(DocumentTaskGroup, { maxItems: documentLimits.taskGroups, description: 'The program\'s task groups, matched by code within the program.' }),
    indicators: Type.Array(DocumentIndicator, { maxItems: documentLimits.indicators, description: 'Indicators and sub-targets, matched by code within the program.' }),
    tasks: Type.Array(DocumentTask, { maxItems: documentLimits.tasks, description: 'Tasks, matched by code within the program.' }),
  },
  {
    $id: 'ProgramDocument',
    title: 'ProgramDocument',
    additionalProperties: false,
    description:
      'A whole program in one document, by natural codes (docs/imports.md). Records not in the document are left alone; a field left out means "none" except where its description says "kept as stored".',
  },
);
export type ProgramDocument = Static<typeof ProgramDocument>;
export type DocumentAgency = ProgramDocument['agencies'][number];
export type DocumentAgencyGroup = ProgramDocument['agencyGroups'][number];
export type DocumentTaskGroup = ProgramDocument['taskGroups'][number];
export type DocumentIndicator = ProgramDocument['indicators'][number];
export type DocumentTask = ProgramDocument['tasks'][number];

/** A small, complete document: the example of the OpenAPI document and of docs/imports.md. */
export const programDocumentExample: ProgramDocument = {
  formatVersion: 1,
  program: {
    code: '05/CTr-UBND',
    title: 'Chương trình hành động về chuyển đổi số giai đoạn 2026 - 2030',
    resolution: '01/NQ-CP',
    issuedOn: '2026-02-10',
    startYear: 2026,
    endYear: 2030,
    issuerCode: 'ubnd-tp-can-tho',
    coordinatorCode: 'so-khoa-hoc-va-cong-nghe',
  },
  agencies: [
    { code: 'ubnd-tp-can-tho', name: 'Ủy ban nhân dân thành phố Cần Thơ', shortName: 'UBND thành phố', kind: 'peoples_committee' },
    { code: 'so-khoa-hoc-va-cong-nghe', name: 'Sở Khoa học và Công nghệ', shortName: 'Sở KH&CN', kind: 'department', parentCode: 'ubnd-tp-can-tho', validFrom: '2025-03-01' },
    { code: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department', parentCode: 'ubnd-tp-can-tho' },
  ],
  agencyGroups: [{ code: 'city_departments', name: 'Các Sở, ban ngành thành phố', memberCodes: ['so-khoa-hoc-va-cong-nghe', 'so-tai-chinh'] }],
  taskGroups: [{ code: '1', title: 'Phát triển hạ tầng số', appendixSection: 'I' }],
  indicators: [
    {
      code: '1',
      category: 'economic',
      name: 'Tỷ trọng kinh tế số trong GRDP',
      unit: '%',
      direction: 'higher_is_better',
      target: { comparator: 'gte', lower: 20, text: 'ít nhất 20%' },
      basis: 'by_year',
      targetYear: 2030,
      baseline: { value: 12.5, year: 2025 },
    },
  ],
  tasks: [
    {
      code: '01',
      groupCode: '1',
      title: 'Kế hoạch phát triển hạ tầng số thành phố',
      kind: 'plan',
      leadAgencyCode: 'so-khoa-hoc-va-cong-nghe',
      supporters: [{ groupCode: 'city_departments' }, { agencyCode: 'so-tai-chinh' }],
      supportingText: 'Các Sở, ban ngành thành phố; Sở Tài chính',
      deadline: { kind: 'year', fromYear: 2026, text: '2026' },
    },
  ],
};
