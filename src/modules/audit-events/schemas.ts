import Type, { type Static } from 'typebox';
import { actorTypes } from '../../auth/roles.js';
import { ListQuery } from '../../http/pagination.js';
import { Nullable, StringEnum, Uuid } from '../../http/schemas.js';

const Timestamp = (description: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description });
const Change = Type.Object(
  { before: Type.Unknown({ description: 'The value before (null: none, e.g. on insert).' }), after: Type.Unknown({ description: 'The value after (null: none, e.g. on delete).' }) },
  { additionalProperties: false },
);

export const AuditEvent = Type.Object(
  {
    id: Type.Integer({ format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Increases with every event: the order things happened in.' }),
    occurredAt: Timestamp('When the transaction that made the change started.'),
    requestId: Nullable(Type.String({ maxLength: 128, description: 'The x-request-id of the request (null for the seed, migrations or the CLI).' })),
    operationId: Nullable(Type.String({ maxLength: 100, description: 'The API operation, e.g. `acceptReport`.' })),
    actor: Type.Object(
      {
        type: StringEnum(actorTypes),
        id: Nullable(Type.String({ maxLength: 300, description: 'The API key id or the token subject.' })),
        name: Nullable(Type.String({ maxLength: 300 })),
        agencyId: Nullable(Uuid('The agency the actor acted for, as it was then.')),
      },
      { additionalProperties: false },
    ),
    resourceType: Type.String({ maxLength: 100, description: 'The table: `tasks`, `reports`, `task_supporters` (a task\'s supporters), …' }),
    resourceId: Type.String({ maxLength: 100, description: 'The id of the resource (for a child row, its parent\'s: a task\'s for its supporters).' }),
    action: StringEnum(['insert', 'update', 'delete']),
    changes: Type.Record(Type.String({ maxLength: 100 }), Change, {
      description: 'Each field that changed (camelCase), with its value before and after. Secrets are never recorded.',
    }),
  },
  { additionalProperties: false, title: 'AuditEvent' },
);

export const auditEventExample = {
  id: 48213,
  occurredAt: '2026-11-27T08:15:02.361Z',
  requestId: '6f1c2a4e-1b7d-4a8e-9f1e-2c3d4e5f6a7b',
  operationId: 'updateTask',
  actor: { type: 'api_key', id: '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Hệ thống báo cáo Sở Công Thương', agencyId: '6c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f' },
  resourceType: 'tasks',
  resourceId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  action: 'update',
  changes: { status: { before: 'in_progress', after: 'completed' }, progress: { before: 60, after: 100 }, completedOn: { before: null, after: '2026-11-27' } },
};

export const auditSorts = ['id', '-id'] as const;
export const AuditEventListQuery = ListQuery(
  {
    resourceType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_]+$', description: 'The table, e.g. `tasks`, `reports`.' })),
    resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[0-9A-Za-z-]+$', description: 'The resource\'s id.' })),
    actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 300, pattern: '^[\\x21-\\x7e]+$', description: 'An API key id or a token subject.' })),
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' })),
    action: Type.Optional(StringEnum(['insert', 'update', 'delete'])),
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'At or after this time (ISO 8601).' })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Before this time (ISO 8601).' })),
  },
  auditSorts,
  '-id',
);
export type AuditEventListQuery = Static<typeof AuditEventListQuery>;
