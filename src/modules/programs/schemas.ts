import Type, { type Static } from 'typebox';
import { periodKinds } from '../../domain/periods.js';
import { CursorParam, LimitParam, SortParam } from '../../http/pagination.js';
import { Code, DateString, Int32, Nullable, SearchParam, StringEnum, Text, Timestamps, Uuid, Year } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const exampleAgency = { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' };

export const programExample = {
  id: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  code: '17/CTr-UBND',
  title:
    'Chương trình hành động thực hiện Nghị quyết số 99/NQ-CP ngày 30/8/2021 của Chính phủ ban hành Chương trình hành động của Chính phủ nhiệm kỳ 2021 - 2026 thực hiện Nghị quyết của Quốc hội về Kế hoạch phát triển kinh tế - xã hội 05 năm 2021 - 2025',
  resolution: '99/NQ-CP',
  issuer: { id: '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928', code: 'ubnd-tp-can-tho', name: 'Ủy ban nhân dân thành phố Cần Thơ', shortName: 'UBND thành phố' },
  coordinator: exampleAgency,
  issuedOn: '2021-10-04',
  startYear: 2021,
  endYear: 2025,
  signedBy: 'Trần Việt Trường',
  summary: 'Đẩy mạnh chuyển dịch cơ cấu kinh tế theo hướng khai thác tốt nhất tiềm năng, lợi thế, …',
  reportingPeriodKinds: ['annual'],
  reportDeadlineWorkingDays: 5,
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

const ReportingPeriodKinds = Type.Array(StringEnum(periodKinds), {
  minItems: 1,
  maxItems: 4,
  uniqueItems: true,
  description: 'The periods agencies report on (Decree 09/2019/NĐ-CP windows); `annual` for 17/CTr-UBND ("định kỳ hàng năm").',
});
const ReportDeadlineWorkingDays = Int32({
  minimum: 1,
  maximum: 60,
  description: 'A report is due this many working days after its period\'s data cut-off (weekends and public holidays skipped; at least 1, Decree 09 art. 8(5)).',
});

export const Program = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 64, description: 'The program\'s document number, e.g. `17/CTr-UBND`; unique.' }),
    title: Type.String({ maxLength: 2000 }),
    resolution: Nullable(Type.String({ maxLength: 200, description: 'The resolution the program implements.' })),
    issuer: Nullable(AgencyRef),
    coordinator: Nullable(AgencyRef),
    issuedOn: Nullable(DateString()),
    startYear: Int32({ minimum: 1900, maximum: 2200 }),
    endYear: Int32({ minimum: 1900, maximum: 2200 }),
    signedBy: Nullable(Type.String({ maxLength: 200 })),
    summary: Nullable(Type.String({ maxLength: 20000 })),
    reportingPeriodKinds: ReportingPeriodKinds,
    reportDeadlineWorkingDays: ReportDeadlineWorkingDays,
    ...Timestamps,
  },
  { additionalProperties: false, title: 'Program' },
);
export type Program = Static<typeof Program>;

const writable = {
  code: Code('Document number, unique among programs.'),
  title: Text(2000),
  resolution: Nullable(Text(200)),
  issuerAgencyId: Nullable(Uuid('The agency that issued the program.')),
  coordinatorAgencyId: Nullable(Uuid('The agency that coordinates it and synthesises reports (DPI for 17/CTr-UBND).')),
  issuedOn: Nullable(DateString()),
  startYear: Year('First year the program covers.'),
  endYear: Year('Last year the program covers.'),
  signedBy: Nullable(Text(200)),
  summary: Nullable(Text(20000)),
  reportingPeriodKinds: ReportingPeriodKinds,
  reportDeadlineWorkingDays: ReportDeadlineWorkingDays,
};

export const ProgramCreate = Type.Object(
  {
    code: writable.code,
    title: writable.title,
    startYear: writable.startYear,
    endYear: writable.endYear,
    resolution: Type.Optional(writable.resolution),
    issuerAgencyId: Type.Optional(writable.issuerAgencyId),
    coordinatorAgencyId: Type.Optional(writable.coordinatorAgencyId),
    issuedOn: Type.Optional(writable.issuedOn),
    signedBy: Type.Optional(writable.signedBy),
    summary: Type.Optional(writable.summary),
    reportingPeriodKinds: Type.Optional(writable.reportingPeriodKinds),
    reportDeadlineWorkingDays: Type.Optional(writable.reportDeadlineWorkingDays),
  },
  {
    additionalProperties: false,
    title: 'ProgramCreate',
    examples: [{ code: '05/CTr-UBND', title: 'Chương trình hành động thực hiện Nghị quyết …', startYear: 2026, endYear: 2030, resolution: '01/NQ-CP' }],
  },
);
export type ProgramCreate = Static<typeof ProgramCreate>;

export const ProgramPatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'ProgramPatch',
  examples: [{ signedBy: 'Trần Việt Trường' }],
});
export type ProgramPatch = Static<typeof ProgramPatch>;

export const programSorts = ['code', '-code', 'title', '-title', 'relevance'] as const;

export const ProgramListQuery = Type.Object(
  {
    q: Type.Optional(SearchParam),
    sort: Type.Optional(SortParam(programSorts, 'code')),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);
export type ProgramListQuery = Static<typeof ProgramListQuery>;
