import Type, { type Static } from 'typebox';
import { indicatorCategories, indicatorDirections, targetBases, targetComparators } from '../../domain/vocabulary.js';
import { CursorParam, LimitParam } from '../../http/pagination.js';
import { Code, IdOrCode, Int32, Nullable, SearchParam, StringEnum, Text, Timestamps, Uuid, Year } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

// Targets and values are decimals; the bounds keep them within the integers a JSON number holds exactly.
const Decimal = (description?: string) => Type.Number({ minimum: -1e15, maximum: 1e15, ...(description ? { description } : {}) });

const Position = Int32({ minimum: 1, maximum: 100000, description: 'Order in the document; lists sort by it.' });
const Category = StringEnum(indicatorCategories, { description: 'Section IV group: economic (1–8), social (9–14), environment (15–16), defence-security (17).' });
const Direction = StringEnum(indicatorDirections, { description: 'Which way is better; `closer_is_better` for shares that should land inside a band.' });
const Comparator = StringEnum(targetComparators, {
  description: '`between` needs lower ≤ upper; `gte`/`gt` lower only; `lte`/`lt` upper only; `eq` lower = upper.',
});
const Basis = StringEnum(targetBases, {
  description: '`period_average` ("bình quân" over the program years), `by_year` (the value in targetYear), `each_year` (every year).',
});

export const indicatorExample = {
  id: '3d2c1b0a-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
  programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  parentId: null,
  code: '1',
  position: 1,
  category: 'economic',
  name: 'Tăng trưởng kinh tế (GRDP) bình quân giai đoạn 2021 - 2025',
  unit: '%/năm',
  direction: 'higher_is_better',
  target: { comparator: 'between', lower: 7.5, upper: 8, text: '7,5- 8,0%/năm' },
  basis: 'period_average',
  targetYear: 2025,
  baseline: null,
  responsibleAgency: { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' },
  sourceText: 'Tăng trưởng kinh tế (GRDP) giai đoạn 2021 - 2025 bình quân đạt 7,5- 8,0%/năm',
  notes: null,
  childCount: 4,
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

export const Target = Type.Object(
  {
    comparator: Comparator,
    lower: Nullable(Decimal('Lower bound (between, gte, gt, eq).')),
    upper: Nullable(Decimal('Upper bound (between, lte, lt, eq).')),
    text: Nullable(Type.String({ maxLength: 500, description: 'The target as the document writes it, e.g. `7,5- 8,0%/năm`.' })),
  },
  { additionalProperties: false, title: 'Target' },
);

const Baseline = Type.Object(
  { value: Decimal('The value in the baseline year.'), year: Year('The baseline year.') },
  { additionalProperties: false, title: 'Baseline' },
);

export const Indicator = Type.Object(
  {
    id: Uuid(),
    programId: Uuid('The program the indicator belongs to.'),
    parentId: Nullable(Uuid('The indicator this one is a sub-target of; null for a top-level indicator.')),
    code: Type.String({ maxLength: 64, description: 'The document\'s number, e.g. `1` or `1.2`; unique within the program.' }),
    position: Position,
    category: Category,
    name: Type.String({ maxLength: 1000 }),
    unit: Nullable(Type.String({ maxLength: 100 })),
    direction: Direction,
    target: Nullable(Target),
    basis: Nullable(Basis),
    targetYear: Nullable(Year('The year the target refers to.')),
    baseline: Nullable(Baseline),
    responsibleAgency: Nullable(AgencyRef),
    sourceText: Nullable(Type.String({ maxLength: 5000, description: 'The clause of the document the indicator comes from, verbatim.' })),
    notes: Nullable(Type.String({ maxLength: 5000 })),
    childCount: Int32({ minimum: 0, maximum: 100000, description: 'Number of direct sub-indicators.' }),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'Indicator' },
);
export type Indicator = Static<typeof Indicator>;

const TargetInput = Type.Object(
  {
    comparator: Comparator,
    lower: Type.Optional(Nullable(Decimal('Lower bound (between, gte, gt, eq).'))),
    upper: Type.Optional(Nullable(Decimal('Upper bound (between, lte, lt, eq).'))),
    text: Type.Optional(Nullable(Text(500, 'The target as the document writes it.'))),
  },
  { additionalProperties: false, title: 'TargetInput' },
);

export const writable = {
  parentId: Nullable(Uuid('The parent indicator, in the same program; null for a top-level indicator.')),
  code: Code('The document\'s number, unique within the program.'),
  position: Position,
  category: Category,
  name: Text(1000),
  unit: Nullable(Text(100)),
  direction: Direction,
  target: Nullable(TargetInput),
  basis: Nullable(Basis),
  targetYear: Nullable(Year('The year the target refers to; required when basis is `by_year`.')),
  baseline: Nullable(Baseline),
  responsibleAgencyId: Nullable(Uuid('The agency responsible for the indicator.')),
  sourceText: Nullable(Text(5000)),
  notes: Nullable(Text(5000)),
};

export const IndicatorCreate = Type.Object(
  {
    programId: Uuid('The program the indicator belongs to.'),
    parentId: Type.Optional(writable.parentId),
    code: writable.code,
    position: writable.position,
    category: writable.category,
    name: writable.name,
    unit: Type.Optional(writable.unit),
    direction: writable.direction,
    target: Type.Optional(writable.target),
    basis: Type.Optional(writable.basis),
    targetYear: Type.Optional(writable.targetYear),
    baseline: Type.Optional(writable.baseline),
    responsibleAgencyId: Type.Optional(writable.responsibleAgencyId),
    sourceText: Type.Optional(writable.sourceText),
    notes: Type.Optional(writable.notes),
  },
  {
    additionalProperties: false,
    title: 'IndicatorCreate',
    examples: [
      {
        programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        code: '11',
        position: 29,
        category: 'social',
        name: 'Tỷ lệ hộ nghèo',
        unit: '%',
        direction: 'lower_is_better',
        target: { comparator: 'lt', upper: 0.5, text: 'dưới 0,5%' },
        basis: 'by_year',
        targetYear: 2025,
        sourceText: 'Giảm tỷ lệ hộ nghèo đến năm 2025 còn dưới 0,5%',
      },
    ],
  },
);
export type IndicatorCreate = Static<typeof IndicatorCreate>;

export const IndicatorPatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'IndicatorPatch',
  examples: [{ baseline: { value: 6.2, year: 2020 } }, { target: null, basis: null }],
});
export type IndicatorPatch = Static<typeof IndicatorPatch>;

export const indicatorSorts = ['position', '-position', 'code', 'relevance'] as const;

export const IndicatorListQuery = Type.Object(
  {
    programId: Type.Optional(IdOrCode('Program id or code, e.g. `17/CTr-UBND`.')),
    category: Type.Optional(Category),
    parentId: Type.Optional(Uuid('Only the direct sub-indicators of this indicator.')),
    topLevel: Type.Optional(Type.Boolean({ description: '`true`: only top-level indicators; `false`: only sub-indicators.' })),
    q: Type.Optional(SearchParam),
    sort: Type.Optional(
      StringEnum(indicatorSorts, {
        description:
          '`position`: document order, program by program (the default without `q`); `-position`: reversed; `code`: by code as text (`1`, `1.1`, `10`, …); `relevance`: best match first (the default with `q`).',
      }),
    ),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);
export type IndicatorListQuery = Static<typeof IndicatorListQuery>;
