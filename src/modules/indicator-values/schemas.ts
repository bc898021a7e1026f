import Type, { type Static } from 'typebox';
import { valueKinds } from '../../domain/vocabulary.js';
import { CursorParam, LimitParam } from '../../http/pagination.js';
import { IdOrCode, Nullable, PeriodId, StringEnum, Text, Timestamps, Uuid, Year } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const Period = PeriodId;
const Value = Type.Number({ minimum: -1e15, maximum: 1e15, description: 'The value, in the indicator\'s unit.' });
const kindDescription = '`official` (published statistics) or `estimate` (ước thực hiện).';
const Kind = StringEnum(valueKinds, { description: kindDescription });

export const indicatorValueExample = {
  id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  indicatorId: '3d2c1b0a-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
  indicatorCode: '1',
  period: '2024',
  value: 7.1,
  kind: 'estimate',
  agency: { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' },
  note: 'Ước thực hiện, báo cáo tình hình kinh tế - xã hội năm 2024.',
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

export const IndicatorValue = Type.Object(
  {
    id: Uuid(),
    indicatorId: Uuid(),
    indicatorCode: Type.String({ maxLength: 64, description: 'The indicator\'s code within its program, e.g. `1.2`.' }),
    period: Period('The reporting period:'),
    value: Value,
    kind: Kind,
    agency: Nullable(AgencyRef),
    note: Nullable(Type.String({ maxLength: 2000 })),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'IndicatorValue' },
);
export type IndicatorValue = Static<typeof IndicatorValue>;

const writable = {
  period: Period('The reporting period:'),
  value: Value,
  kind: Kind,
  agencyId: Nullable(Uuid('The agency that reported the value.')),
  note: Nullable(Text(2000)),
};

export const IndicatorValueCreate = Type.Object(
  {
    indicatorId: Uuid('The indicator the value is for.'),
    period: writable.period,
    value: writable.value,
    kind: Type.Optional(StringEnum(valueKinds, { default: 'official', description: kindDescription })),
    agencyId: Type.Optional(writable.agencyId),
    note: Type.Optional(writable.note),
  },
  {
    additionalProperties: false,
    title: 'IndicatorValueCreate',
    examples: [{ indicatorId: '3d2c1b0a-8f7e-4d6c-9b5a-4e3d2c1b0a9f', period: '2024', value: 7.1, kind: 'estimate', note: 'Ước thực hiện năm 2024.' }],
  },
);
export type IndicatorValueCreate = Static<typeof IndicatorValueCreate>;

export const IndicatorValuePatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'IndicatorValuePatch',
  examples: [{ value: 7.05, kind: 'official', note: 'Số liệu chính thức.' }],
});
export type IndicatorValuePatch = Static<typeof IndicatorValuePatch>;

export const indicatorValueSorts = ['period', '-period'] as const;

export const IndicatorValueListQuery = Type.Object(
  {
    indicatorId: Type.Optional(Uuid('Only values of this indicator.')),
    programId: Type.Optional(IdOrCode('Only values of this program\'s indicators: program id or code, e.g. `17/CTr-UBND`.')),
    period: Type.Optional(Period('Exactly this period:')),
    year: Type.Optional(Year('Every period of this year (the year, its halves, quarters and months).')),
    kind: Type.Optional(Kind),
    agencyId: Type.Optional(IdOrCode('Only values reported by this agency: id or code, e.g. `so-ke-hoach-va-dau-tu`.')),
    sort: Type.Optional(StringEnum(indicatorValueSorts, { default: 'period', description: 'Order by period id; `-` for descending.' })),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);
export type IndicatorValueListQuery = Static<typeof IndicatorValueListQuery>;
