// Amendments to a program and their review history. `base` holds the values the change replaces as they were when it
// was proposed: if they differ when the approver approves, the proposal is stale and refused (409). `before` and
// `after` record what an approval actually changed.
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { amendmentKinds, amendmentStatuses } from '../../domain/amendment-workflow.js';
import { bookkeeping, id, oneOf } from './common.js';
import { agencies, indicators, programs, tasks } from './program.js';
import { transitionColumns } from './reporting.js';

export const amendments = pgTable(
  'amendments',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'restrict' }),
    proposingAgencyId: uuid('proposing_agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'restrict' }),
    indicatorId: uuid('indicator_id').references(() => indicators.id, { onDelete: 'restrict' }),
    change: jsonb('change').notNull(),
    base: jsonb('base'),
    rationale: text('rationale').notNull(),
    status: text('status').notNull().default('proposed'),
    coordinatorNote: text('coordinator_note'),
    decisionRef: text('decision_ref'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    before: jsonb('before'),
    after: jsonb('after'),
    ...bookkeeping(),
  },
  (t) => [
    check('amendments_kind_check', oneOf(t.kind, amendmentKinds)),
    check('amendments_status_check', oneOf(t.status, amendmentStatuses)),
    check(
      'amendments_target_check',
      sql`case ${t.kind} when 'add_task' then ${t.taskId} is null and ${t.indicatorId} is null
        when 'change_indicator_target' then ${t.indicatorId} is not null and ${t.taskId} is null
        else ${t.taskId} is not null and ${t.indicatorId} is null end`,
    ),
    check('amendments_decision_check', sql`(${t.status} in ('approved', 'rejected')) = (${t.decisionRef} is not null)`),
    index('amendments_program_idx').on(t.programId, t.createdAt, t.id),
    index('amendments_task_idx').on(t.taskId),
    index('amendments_indicator_idx').on(t.indicatorId),
    index('amendments_agency_idx').on(t.proposingAgencyId),
  ],
);

export const amendmentTransitions = pgTable(
  'amendment_transitions',
  {
    ...transitionColumns(),
    amendmentId: uuid('amendment_id')
      .notNull()
      .references(() => amendments.id, { onDelete: 'cascade' }),
  },
  (t) => [index('amendment_transitions_amendment_idx').on(t.amendmentId, t.id)],
);
