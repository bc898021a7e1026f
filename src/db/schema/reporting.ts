// Periodic reporting (section VI of a program): public holidays for submission deadlines, one report per program,
// agency and period with its narrative, task updates and indicator values, and the history of its review.
import { sql, type SQL } from 'drizzle-orm';
import { bigserial, check, date, index, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { periodIdPattern } from '../../domain/periods.js';
import { reportStatuses } from '../../domain/report-workflow.js';
import { taskStatuses, valueKinds } from '../../domain/vocabulary.js';
import { bookkeeping, decimal, folded, id, oneOf } from './common.js';
import { agencies, indicators, programs, tasks } from './program.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Days off that submission deadlines skip (weekends are skipped anyway). Data, edited by administrators. */
export const publicHolidays = pgTable(
  'public_holidays',
  {
    id: id(),
    date: date('date', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    ...bookkeeping(),
  },
  (t) => [unique('public_holidays_date_key').on(t.date)],
);

export const reports = pgTable(
  'reports',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'restrict' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
    period: text('period').notNull(),
    status: text('status').notNull().default('draft'),
    results: text('results'),
    advantages: text('advantages'),
    difficulties: text('difficulties'),
    proposals: text('proposals'),
    // Fixed when the report is created, from the program's rule and the holidays then known.
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    firstSubmittedAt: at('first_submitted_at'),
    submittedAt: at('submitted_at'),
    // Of the first submission: a report returned for changes and sent again was still sent on time.
    timeliness: text('timeliness'),
    acceptedAt: at('accepted_at'),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          folded(sql`coalesce(${reports.results}, '') || ' ' || coalesce(${reports.advantages}, '') || ' ' || coalesce(${reports.difficulties}, '') || ' ' || coalesce(${reports.proposals}, '')`),
      ),
    ...bookkeeping(),
  },
  (t) => [
    unique('reports_program_agency_period_key').on(t.programId, t.agencyId, t.period),
    check('reports_status_check', oneOf(t.status, reportStatuses)),
    check('reports_period_check', sql`${t.period} ~ ${sql.raw(`'${periodIdPattern.source}'`)}`),
    check('reports_timeliness_check', sql`${t.timeliness} in ('on_time', 'late')`),
    check('reports_submission_check', sql`(${t.status} = 'draft') = (${t.firstSubmittedAt} is null) and (${t.firstSubmittedAt} is null) = (${t.timeliness} is null)`),
    index('reports_program_period_idx').on(t.programId, t.period, t.agencyId),
    index('reports_agency_idx').on(t.agencyId, t.period, t.id),
    index('reports_search_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

/** What a report says about one task the agency leads or supports; applied to the task when the report is accepted. */
export const reportTaskUpdates = pgTable(
  'report_task_updates',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'restrict' }),
    status: text('status').notNull(),
    progress: smallint('progress').notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    note: text('note'),
    evidenceUrl: text('evidence_url'),
  },
  (t) => [
    primaryKey({ name: 'report_task_updates_pkey', columns: [t.reportId, t.taskId] }),
    check('report_task_updates_status_check', oneOf(t.status, taskStatuses)),
    check('report_task_updates_progress_check', sql`${t.progress} between 0 and 100`),
    check('report_task_updates_completed_on_check', sql`(${t.status} = 'completed') = (${t.completedOn} is not null)`),
    index('report_task_updates_task_idx').on(t.taskId),
  ],
);

/** A value a report gives for an indicator the agency answers for; recorded for the report's period on acceptance. */
export const reportIndicatorValues = pgTable(
  'report_indicator_values',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'restrict' }),
    value: decimal('value').notNull(),
    kind: text('kind').notNull().default('estimate'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ name: 'report_indicator_values_pkey', columns: [t.reportId, t.indicatorId] }),
    check('report_indicator_values_kind_check', oneOf(t.kind, valueKinds)),
    index('report_indicator_values_indicator_idx').on(t.indicatorId),
  ],
);

/** Who moved a report (or an amendment) from one state to another, when, and why. Never changed afterwards. */
export const transitionColumns = () => ({
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  reason: text('reason'),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull(),
  actorAgencyId: uuid('actor_agency_id'),
  requestId: text('request_id'),
  occurredAt: at('occurred_at').notNull().defaultNow(),
});

export const reportTransitions = pgTable(
  'report_transitions',
  {
    ...transitionColumns(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
  },
  (t) => [index('report_transitions_report_idx').on(t.reportId, t.id)],
);
