import Type, { type Static } from 'typebox';
import { lineageEventKinds } from '../../domain/lineage.js';
import { ListQuery } from '../../http/pagination.js';
import { DateString, IdOrCode, Int32, Nullable, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const Kind = StringEnum(lineageEventKinds, {
  description: '`rename` (one → one), `merge` (several → one), `split` (one → several, each task assigned), `abolish` (one → its successors).',
});

export const LineageEvent = Type.Object(
  {
    id: Uuid(),
    kind: Kind,
    effectiveOn: DateString('The first day of the new arrangement; the predecessors\' last day is the day before.'),
    predecessors: Type.Array(AgencyRef, { maxItems: 100 }),
    successors: Type.Array(AgencyRef, { maxItems: 100 }),
    taskAssignments: Type.Array(
      Type.Object(
        { task: Type.Object({ id: Uuid(), code: Type.String({ maxLength: 64 }), title: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }), agency: AgencyRef },
        { additionalProperties: false },
      ),
      { maxItems: 10_000, description: 'For a split (or an abolition with several successors): which successor takes each task.' },
    ),
    legalBasis: Nullable(Type.String({ maxLength: 5000, description: 'The act(s) it rests on, as published.' })),
    note: Nullable(Type.String({ maxLength: 5000 })),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'LineageEvent' },
);

const dpi = { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' };
const finance = { id: '8d7c6b5a-4938-4271-8f6e-5d4c3b2a1908', code: 'so-tai-chinh', name: 'Sở Tài chính', shortName: null };
export const lineageEventExample = {
  id: '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
  kind: 'merge',
  effectiveOn: '2025-03-01',
  predecessors: [dpi, { id: '2f3e4d5c-6b7a-4899-8a1b-2c3d4e5f6a7b', code: 'so-tai-chinh-cu', name: 'Sở Tài chính', shortName: null }],
  successors: [finance],
  taskAssignments: [],
  legalBasis: 'Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ quy định tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh, cấp huyện',
  note: null,
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

export const LineageEventCreate = Type.Object(
  {
    kind: Kind,
    effectiveOn: DateString('The first day of the new arrangement.'),
    predecessorIds: Type.Array(Uuid(), { minItems: 1, maxItems: 100, description: 'The agencies that end (the day before `effectiveOn`).' }),
    successorIds: Type.Array(Uuid(), { minItems: 1, maxItems: 100, description: 'The agencies that take over; create a new one first (POST /v1/agencies, with `validFrom`).' }),
    taskAssignments: Type.Optional(
      Type.Array(Type.Object({ taskId: Uuid(), agencyId: Uuid('One of the successors.') }, { additionalProperties: false }), {
        maxItems: 10_000,
        description: 'Required for a split (and an abolition with several successors): every task the predecessor answers for, each to one successor.',
      }),
    ),
    legalBasis: Type.Optional(Nullable(Text(5000))),
    note: Type.Optional(Nullable(Text(5000))),
  },
  {
    additionalProperties: false,
    title: 'LineageEventCreate',
    examples: [{ kind: 'merge', effectiveOn: '2025-03-01', predecessorIds: [dpi.id, '2f3e4d5c-6b7a-4899-8a1b-2c3d4e5f6a7b'], successorIds: [finance.id], legalBasis: lineageEventExample.legalBasis }],
  },
);
export type LineageEventCreate = Static<typeof LineageEventCreate>;

export const lineageSorts = ['effectiveOn', '-effectiveOn'] as const;
export const LineageEventListQuery = ListQuery(
  { agencyId: Type.Optional(IdOrCode('Only events this agency is a predecessor or successor in (id or code).')), kind: Type.Optional(Kind) },
  lineageSorts,
  'effectiveOn',
);
export type LineageEventListQuery = Static<typeof LineageEventListQuery>;

const Link = Type.Object(
  {
    agency: AgencyRef,
    event: Type.Object({ id: Uuid(), kind: Kind, effectiveOn: DateString() }, { additionalProperties: false }),
    distance: Int32({ minimum: 1, maximum: 1000, description: '1: a direct predecessor/successor; 2: one further, …' }),
  },
  { additionalProperties: false },
);

export const AgencyLineage = Type.Object(
  {
    agency: Type.Object({ ...AgencyRef.properties, validFrom: Nullable(DateString()), validTo: Nullable(DateString()) }, { additionalProperties: false }),
    predecessors: Type.Array(Link, { maxItems: 10_000, description: 'Every agency it descends from, oldest event first.' }),
    successors: Type.Array(Link, { maxItems: 10_000, description: 'Every agency descending from it, oldest event first.' }),
  },
  { additionalProperties: false, title: 'AgencyLineage' },
);
export const agencyLineageExample = {
  agency: { ...dpi, validFrom: null, validTo: '2025-02-28' },
  predecessors: [],
  successors: [{ agency: finance, event: { id: lineageEventExample.id, kind: 'merge', effectiveOn: '2025-03-01' }, distance: 1 }],
};
