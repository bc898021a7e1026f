import Type, { type Static } from 'typebox';
import { agencyKinds } from '../../domain/vocabulary.js';
import { CursorParam, LimitParam, SortParam } from '../../http/pagination.js';
import { Code, DateString, IdOrCode, Nullable, SearchParam, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';
import { AgencyRef } from './ref.js';

export const agencyExample = {
  id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c',
  code: 'so-ke-hoach-va-dau-tu',
  name: 'Sở Kế hoạch và Đầu tư',
  shortName: 'Sở KH&ĐT',
  kind: 'department',
  parent: { id: '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928', code: 'ubnd-tp-can-tho', name: 'Ủy ban nhân dân thành phố Cần Thơ', shortName: 'UBND thành phố' },
  validFrom: null,
  validTo: '2025-02-28',
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

const Kind = StringEnum(agencyKinds, { description: 'What kind of body it is: `department` (Sở), `board` (Ban), `district_peoples_committee` (UBND quận, huyện), …' });

export const Agency = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 64, description: 'Stable natural code, unique among agencies, e.g. `so-ke-hoach-va-dau-tu`.' }),
    name: Type.String({ maxLength: 500, description: 'Full Vietnamese name.' }),
    shortName: Nullable(Type.String({ maxLength: 100, description: 'Customary short name, e.g. `Sở KH&ĐT`.' })),
    kind: Kind,
    parent: Nullable(AgencyRef),
    validFrom: Nullable(DateString('First day the agency exists; null: since before anything recorded.')),
    validTo: Nullable(DateString('Last day the agency exists (set by a lineage event that closes it); null: it still exists.')),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'Agency' },
);
export type Agency = Static<typeof Agency>;

const writable = {
  code: Code('Stable natural code, unique among agencies.'),
  name: Text(500, 'Full Vietnamese name.'),
  shortName: Nullable(Text(100, 'Customary short name; null when none is customary.')),
  kind: Kind,
  parentId: Nullable(Uuid('The body this agency belongs to (a department\'s parent is the City People\'s Committee); it must not be the agency itself or one of its descendants.')),
  validFrom: Nullable(DateString('First day it exists (a body created by a restructuring: the day it takes over). Its end is set by lineage events.')),
};

export const AgencyCreate = Type.Object(
  {
    code: writable.code,
    name: writable.name,
    kind: writable.kind,
    shortName: Type.Optional(writable.shortName),
    parentId: Type.Optional(writable.parentId),
    validFrom: Type.Optional(writable.validFrom),
  },
  {
    additionalProperties: false,
    title: 'AgencyCreate',
    examples: [{ code: 'so-tai-chinh', name: 'Sở Tài chính', shortName: 'STC', kind: 'department', parentId: '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928' }],
  },
);
export type AgencyCreate = Static<typeof AgencyCreate>;

export const AgencyPatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'AgencyPatch',
  examples: [{ shortName: 'Sở KH&ĐT' }],
});
export type AgencyPatch = Static<typeof AgencyPatch>;

export const agencySorts = ['name', '-name', 'code', '-code', 'relevance'] as const;

export const AgencyListQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    parentId: Type.Optional(IdOrCode('Only the direct children of this agency (id or code, e.g. `ubnd-tp-can-tho`).')),
    q: Type.Optional(SearchParam),
    asOf: Type.Optional(DateString('Only agencies that exist on this day (their validity covers it).')),
    sort: Type.Optional(SortParam(agencySorts, 'name')),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);
export type AgencyListQuery = Static<typeof AgencyListQuery>;
