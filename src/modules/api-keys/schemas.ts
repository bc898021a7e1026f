import Type, { type Static } from 'typebox';
import { roles } from '../../auth/roles.js';
import { ListQuery } from '../../http/pagination.js';
import { Nullable, PatchBody, SearchParam, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';
import { AgencyRef } from '../agencies/ref.js';

const Timestamp = (description: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description });
const RoleList = Type.Array(StringEnum(roles), { minItems: 1, maxItems: roles.length, uniqueItems: true, description: 'What the key may do (see docs/security.md).' });

export const ApiKey = Type.Object(
  {
    id: Uuid(),
    prefix: Type.String({ maxLength: 20, description: 'The visible start of the key (`pt_…`), to tell keys apart; the secret part is never shown again.' }),
    name: Type.String({ maxLength: 200 }),
    agency: Nullable(AgencyRef),
    roles: RoleList,
    status: StringEnum(['active', 'expired', 'revoked']),
    expiresAt: Nullable(Timestamp('When the key stops working; null: never.')),
    lastUsedAt: Nullable(Timestamp('Last request made with the key (recorded at most once a minute).')),
    revokedAt: Nullable(Timestamp('When the key was revoked.')),
    rotatedFromId: Nullable(Uuid('The key this one replaced, when it was issued by a rotation.')),
    createdBy: Nullable(Type.String({ maxLength: 300, description: 'Who issued the key.' })),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'ApiKey' },
);
export type ApiKey = Static<typeof ApiKey>;

export const IssuedApiKey = Type.Object(
  { ...ApiKey.properties, key: Type.String({ maxLength: 100, description: 'The whole key. Shown only in this answer: store it now.' }) },
  { additionalProperties: false, title: 'IssuedApiKey' },
);

export const apiKeyExample = {
  id: '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  prefix: 'pt_3f9a1c2b7d4e',
  name: 'Hệ thống báo cáo Sở Tài chính',
  agency: { id: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', code: 'so-ke-hoach-va-dau-tu', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' },
  roles: ['coordinator'],
  status: 'active',
  expiresAt: '2027-12-31T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  rotatedFromId: null,
  createdBy: 'api_key:Quản trị hệ thống',
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};
export const issuedApiKeyExample = { ...apiKeyExample, key: 'pt_3f9a1c2b7d4e_Vd0Jq6YlqK8c7Xw2p1Zr9uTn4sMb3eHa5oFi0gLk2Yc' };

const FutureTimestamp = Type.String({ format: 'date-time', maxLength: 40, description: 'When the key stops working (ISO 8601); must be in the future.' });

const writable = {
  name: Text(200, 'What the key is for, e.g. the system that uses it.'),
  roles: RoleList,
  agencyId: Nullable(Uuid('The agency the key acts for; required for agency_officer.')),
  expiresAt: Nullable(FutureTimestamp),
};

export const ApiKeyCreate = Type.Object(
  { name: writable.name, roles: writable.roles, agencyId: Type.Optional(writable.agencyId), expiresAt: Type.Optional(writable.expiresAt) },
  {
    additionalProperties: false,
    title: 'ApiKeyCreate',
    examples: [{ name: 'Hệ thống báo cáo Sở Tài chính', roles: ['agency_officer'], agencyId: '5b0e3c1a-9f7d-4e2b-8a6c-1d2e3f4a5b6c', expiresAt: '2027-12-31T00:00:00Z' }],
  },
);
export type ApiKeyCreate = Static<typeof ApiKeyCreate>;

export const ApiKeyPatch = PatchBody(writable, 'ApiKeyPatch', { roles: ['viewer'] });
export type ApiKeyPatch = Static<typeof ApiKeyPatch>;

export const ApiKeyRotate = Type.Object(
  {
    overlapSeconds: Type.Optional(
      Type.Integer({ format: 'int32', minimum: 0, maximum: 7 * 86_400, default: 0, description: 'How long the old key keeps working, so the client can switch without downtime (0: it stops now).' }),
    ),
  },
  { additionalProperties: false, title: 'ApiKeyRotate', examples: [{ overlapSeconds: 3600 }] },
);
export type ApiKeyRotate = Static<typeof ApiKeyRotate>;

export const apiKeySorts = ['name', '-name'] as const;
export const ApiKeyListQuery = ListQuery(
  {
    agencyId: Type.Optional(Uuid('Only keys acting for this agency.')),
    status: Type.Optional(StringEnum(['active', 'expired', 'revoked'])),
    q: Type.Optional(SearchParam),
  },
  apiKeySorts,
  'name',
);
export type ApiKeyListQuery = Static<typeof ApiKeyListQuery>;

export const Me = Type.Object(
  {
    type: StringEnum(['api_key', 'user', 'anonymous']),
    id: Nullable(Type.String({ maxLength: 300, description: 'The key id or the token subject.' })),
    name: Type.String({ maxLength: 300 }),
    agency: Nullable(AgencyRef),
    roles: Type.Array(StringEnum(roles), { maxItems: roles.length }),
  },
  { additionalProperties: false, title: 'Me' },
);
