// Agency lineage: renames, mergers, splits and abolitions with the day they take effect, the agencies before and
// after, and (for a split) where each task goes. Recording an event closes its predecessors (valid_to) and opens its
// successors (valid_from) in the same transaction; nothing else about history changes.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { lineageEventKinds } from '../../domain/lineage.js';
import { bookkeeping, id, oneOf } from './common.js';
import { agencies, tasks } from './program.js';

export const lineageEvents = pgTable(
  'lineage_events',
  {
    id: id(),
    kind: text('kind').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    legalBasis: text('legal_basis'),
    note: text('note'),
    ...bookkeeping(),
  },
  (t) => [check('lineage_events_kind_check', oneOf(t.kind, lineageEventKinds)), index('lineage_events_effective_idx').on(t.effectiveOn, t.id)],
);

export const lineageEventAgencies = pgTable(
  'lineage_event_agencies',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => lineageEvents.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    position: integer('position').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ name: 'lineage_event_agencies_pkey', columns: [t.eventId, t.role, t.position] }),
    check('lineage_event_agencies_role_check', sql`${t.role} in ('predecessor', 'successor')`),
    index('lineage_event_agencies_agency_idx').on(t.agencyId),
  ],
);

export const lineageTaskAssignments = pgTable(
  'lineage_task_assignments',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => lineageEvents.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'restrict' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ name: 'lineage_task_assignments_pkey', columns: [t.eventId, t.taskId] }), index('lineage_task_assignments_task_idx').on(t.taskId)],
);
