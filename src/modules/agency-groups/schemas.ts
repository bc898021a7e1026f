import Type, { type Static } from 'typebox';
import { CursorParam, LimitParam } from '../../http/pagination.js';
import { Code, Nullable, SearchParam, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

/** Generous for a city (a few dozen departments, a dozen districts) while keeping bodies bounded. */
export const maxMembers = 500;

export const agencyGroupExample = {
  id: '2d4f6a8c-1b3e-4d5f-8a7b-9c0d1e2f3a4b',
  code: 'district_peoples_committees',
  name: 'UBND quận, huyện',
  description: "The People's Committees of Can Tho's nine districts (5 quận, 4 huyện) as of 2021.",
  members: [
    { id: '3a5c7e9b-2d4f-4a6b-8c0d-1e2f3a4b5c6d', code: 'ubnd-huyen-co-do', name: 'Ủy ban nhân dân huyện Cờ Đỏ', shortName: 'UBND huyện Cờ Đỏ' },
    { id: '4b6d8f0a-3e5a-4b7c-9d1e-2f3a4b5c6d7e', code: 'ubnd-quan-ninh-kieu', name: 'Ủy ban nhân dân quận Ninh Kiều', shortName: 'UBND quận Ninh Kiều' },
  ],
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

export const AgencyGroup = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 64, description: 'Stable natural code, unique among groups, e.g. `city_departments_and_boards`.' }),
    name: Type.String({ maxLength: 500, description: 'The group as the document writes it, e.g. `Các Sở, ban ngành thành phố`.' }),
    description: Nullable(Type.String({ maxLength: 4000 })),
    members: Type.Array(AgencyRef, { maxItems: maxMembers, description: 'The member agencies, ordered by name; empty when membership is left open.' }),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'AgencyGroup' },
);
export type AgencyGroup = Static<typeof AgencyGroup>;

const writable = {
  code: Code('Stable natural code, unique among groups.'),
  name: Text(500, 'The group as the document writes it.'),
  description: Nullable(Text(4000, 'Who belongs and why; null for none.')),
  memberIds: Type.Array(Uuid(), {
    maxItems: maxMembers,
    uniqueItems: true,
    description: 'Ids of the member agencies, each at most once; every id must name an existing agency (422 otherwise). Replaces the whole membership.',
  }),
};

export const AgencyGroupCreate = Type.Object(
  {
    code: writable.code,
    name: writable.name,
    description: Type.Optional(writable.description),
    memberIds: Type.Optional(writable.memberIds),
  },
  {
    additionalProperties: false,
    title: 'AgencyGroupCreate',
    examples: [
      {
        code: 'ninh_kieu_and_cai_rang',
        name: 'UBND quận Ninh Kiều và quận Cái Răng',
        description: 'The two central urban districts.',
        memberIds: ['4b6d8f0a-3e5a-4b7c-9d1e-2f3a4b5c6d7e', '5c7e9a1b-4f6b-4c8d-8e2f-3a4b5c6d7e8f'],
      },
    ],
  },
);
export type AgencyGroupCreate = Static<typeof AgencyGroupCreate>;

export const AgencyGroupPatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'AgencyGroupPatch',
  examples: [{ memberIds: ['4b6d8f0a-3e5a-4b7c-9d1e-2f3a4b5c6d7e'] }],
});
export type AgencyGroupPatch = Static<typeof AgencyGroupPatch>;

export const agencyGroupSorts = ['name', '-name', 'code', '-code'] as const;

export const AgencyGroupListQuery = Type.Object(
  {
    q: Type.Optional(SearchParam),
    sort: Type.Optional(StringEnum(agencyGroupSorts, { default: 'name', description: 'Order; `-` for descending.' })),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);
export type AgencyGroupListQuery = Static<typeof AgencyGroupListQuery>;
