// The program itself: agencies and their groups, programs, task groups, tasks with their supporters, indicators
// and their values.
import { sql, type SQL } from 'drizzle-orm';
import { bookkeeping, decimal, folded, id, oneOf } from './common.js';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import {
  agencyKinds,
  deadlineKinds,
  indicatorCategories,
  indicatorDirections,
  targetBases,
  targetComparators,
  taskKinds,
  taskStatuses,
  valueKinds,
} from '../../domain/vocabulary.js';
import { periodIdPattern, periodKinds } from '../../domain/periods.js';

export const agencies = pgTable(
  'agencies',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id, { onDelete: 'restrict' }),
    // When the agency existed (both ends inclusive; null: since before anything recorded / still). Lineage events
    // (src/db/schema/lineage.ts) close predecessors and open successors.
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs((): SQL => folded(sql`${agencies.code} || ' ' || ${agencies.name} || ' ' || coalesce(${agencies.shortName}, '')`)),
    ...bookkeeping(),
  },
  (t) => [
    unique('agencies_code_key').on(t.code),
    check('agencies_kind_check', oneOf(t.kind, agencyKinds)),
    check('agencies_parent_not_self_check', sql`${t.parentId} <> ${t.id}`),
    check('agencies_validity_check', sql`${t.validFrom} <= ${t.validTo}`),
    index('agencies_parent_idx').on(t.parentId),
    index('agencies_search_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

export const agencyGroups = pgTable(
  'agency_groups',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    ...bookkeeping(),
  },
  (t) => [unique('agency_groups_code_key').on(t.code)],
);

export const agencyGroupMembers = pgTable(
  'agency_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => agencyGroups.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ name: 'agency_group_members_pkey', columns: [t.groupId, t.agencyId] }), index('agency_group_members_agency_idx').on(t.agencyId)],
);

export const programs = pgTable(
  'programs',
  {
    id: id(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    resolution: text('resolution'),
    issuerAgencyId: uuid('issuer_agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    coordinatorAgencyId: uuid('coordinator_agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    issuedOn: date('issued_on', { mode: 'string' }),
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    signedBy: text('signed_by'),
    summary: text('summary'),
    // How agencies report on it: which kinds of period, and how many working days after the cut-off a report is due.
    reportingPeriodKinds: text('reporting_period_kinds').array().notNull().default(sql`'{annual}'::text[]`),
    reportDeadlineWorkingDays: integer('report_deadline_working_days').notNull().default(5),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs((): SQL => folded(sql`${programs.code} || ' ' || ${programs.title}`)),
    ...bookkeeping(),
  },
  (t) => [
    unique('programs_code_key').on(t.code),
    check('programs_years_check', sql`${t.startYear} between 1900 and 2200 and ${t.endYear} between ${t.startYear} and 2200`),
    check(
      'programs_reporting_check',
      sql`cardinality(${t.reportingPeriodKinds}) between 1 and 4 and ${t.reportingPeriodKinds} <@ array[${sql.raw(periodKinds.map((k) => `'${k}'`).join(', '))}]::text[]
        and ${t.reportDeadlineWorkingDays} between 1 and 60`,
    ),
  ],
);

export const taskGroups = pgTable(
  'task_groups',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    appendixSection: text('appendix_section'),
    appendixTitle: text('appendix_title'),
    ...bookkeeping(),
  },
  (t) => [
    unique('task_groups_program_code_key').on(t.programId, t.code),
    unique('task_groups_program_section_key').on(t.programId, t.appendixSection),
    // Lets tasks reference (group, program) so a task cannot sit in another program's group.
    unique('task_groups_id_program_key').on(t.id, t.programId),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'restrict' }),
    groupId: uuid('group_id').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    leadAgencyId: uuid('lead_agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
    supportingText: text('supporting_text'),
    deadlineKind: text('deadline_kind').notNull(),
    deadlineFromYear: integer('deadline_from_year'),
    deadlineToYear: integer('deadline_to_year'),
    deadlineText: text('deadline_text'),
    isKey: boolean('is_key').notNull().default(false),
    status: text('status').notNull().default('not_started'),
    progress: smallint('progress').notNull().default(0),
    completedOn: date('completed_on', { mode: 'string' }),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs((): SQL => folded(sql`${tasks.code} || ' ' || ${tasks.title}`)),
    ...bookkeeping(),
  },
  (t) => [
    unique('tasks_program_code_key').on(t.programId, t.code),
    foreignKey({ name: 'tasks_group_fkey', columns: [t.groupId, t.programId], foreignColumns: [taskGroups.id, taskGroups.programId] }).onDelete('restrict'),
    check('tasks_kind_check', oneOf(t.kind, taskKinds)),
    check('tasks_status_check', oneOf(t.status, taskStatuses)),
    check('tasks_deadline_kind_check', oneOf(t.deadlineKind, deadlineKinds)),
    check(
      'tasks_deadline_years_check',
      // coalesce(…, false): a comparison with a missing year is NULL, which a CHECK would let through.
      sql`coalesce(case ${t.deadlineKind}
        when 'year' then ${t.deadlineToYear} = ${t.deadlineFromYear}
        when 'year_range' then ${t.deadlineToYear} > ${t.deadlineFromYear}
        when 'annually' then ${t.deadlineToYear} >= ${t.deadlineFromYear}
        else ${t.deadlineFromYear} is null and ${t.deadlineToYear} is null end, false)`,
    ),
    check('tasks_progress_check', sql`${t.progress} between 0 and 100`),
    check('tasks_completed_on_check', sql`(${t.status} = 'completed') = (${t.completedOn} is not null)`),
    index('tasks_program_code_idx').on(t.programId, t.code, t.id),
    index('tasks_group_idx').on(t.groupId),
    index('tasks_lead_agency_idx').on(t.leadAgencyId, t.code, t.id),
    index('tasks_code_idx').on(t.code, t.id),
    index('tasks_search_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

/** A supporting ("phối hợp") assignment names one agency or one agency group, in the order of the text. */
export const taskSupporters = pgTable(
  'task_supporters',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    agencyGroupId: uuid('agency_group_id').references(() => agencyGroups.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ name: 'task_supporters_pkey', columns: [t.taskId, t.position] }),
    check('task_supporters_one_target_check', sql`num_nonnulls(${t.agencyId}, ${t.agencyGroupId}) = 1`),
    unique('task_supporters_agency_key').on(t.taskId, t.agencyId),
    unique('task_supporters_group_key').on(t.taskId, t.agencyGroupId),
    index('task_supporters_agency_idx').on(t.agencyId),
    index('task_supporters_group_idx').on(t.agencyGroupId),
  ],
);

export const indicators = pgTable(
  'indicators',
  {
    id: id(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'restrict' }),
    parentId: uuid('parent_id'),
    code: text('code').notNull(),
    position: integer('position').notNull(),
    category: text('category').notNull(),
    name: text('name').notNull(),
    unit: text('unit'),
    direction: text('direction').notNull(),
    targetComparator: text('target_comparator'),
    targetLower: decimal('target_lower'),
    targetUpper: decimal('target_upper'),
    targetText: text('target_text'),
    basis: text('basis'),
    targetYear: integer('target_year'),
    baselineValue: decimal('baseline_value'),
    baselineYear: integer('baseline_year'),
    responsibleAgencyId: uuid('responsible_agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    sourceText: text('source_text'),
    notes: text('notes'),
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs((): SQL => folded(sql`${indicators.code} || ' ' || ${indicators.name}`)),
    ...bookkeeping(),
  },
  (t) => [
    unique('indicators_program_code_key').on(t.programId, t.code),
    unique('indicators_id_program_key').on(t.id, t.programId),
    foreignKey({ name: 'indicators_parent_fkey', columns: [t.parentId, t.programId], foreignColumns: [t.id, t.programId] }).onDelete('restrict'),
    check('indicators_parent_not_self_check', sql`${t.parentId} <> ${t.id}`),
    check('indicators_category_check', oneOf(t.category, indicatorCategories)),
    check('indicators_direction_check', oneOf(t.direction, indicatorDirections)),
    check('indicators_basis_check', oneOf(t.basis, targetBases)),
    check('indicators_comparator_check', oneOf(t.targetComparator, targetComparators)),
    check(
      'indicators_target_check',
      // coalesce(…, false): a comparison with a missing bound is NULL, which a CHECK would let through.
      sql`coalesce(case
        when ${t.targetComparator} is null then ${t.targetLower} is null and ${t.targetUpper} is null and ${t.basis} is null
        when ${t.basis} is null then false
        when ${t.targetComparator} = 'between' then ${t.targetLower} <= ${t.targetUpper}
        when ${t.targetComparator} in ('gte', 'gt') then ${t.targetLower} is not null and ${t.targetUpper} is null
        when ${t.targetComparator} in ('lte', 'lt') then ${t.targetUpper} is not null and ${t.targetLower} is null
        when ${t.targetComparator} = 'eq' then ${t.targetLower} = ${t.targetUpper}
        else false end, false)`,
    ),
    check('indicators_target_year_check', sql`${t.basis} is distinct from 'by_year' or ${t.targetYear} is not null`),
    check('indicators_years_check', sql`${t.targetYear} between 1900 and 2200 and ${t.baselineYear} between 1900 and 2200`),
    check('indicators_baseline_check', sql`(${t.baselineValue} is null) = (${t.baselineYear} is null)`),
    index('indicators_program_position_idx').on(t.programId, t.position, t.id),
    index('indicators_parent_idx').on(t.parentId),
    index('indicators_search_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: id(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'restrict' }),
    period: text('period').notNull(),
    value: decimal('value').notNull(),
    kind: text('kind').notNull().default('official'),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    note: text('note'),
    ...bookkeeping(),
  },
  (t) => [
    unique('indicator_values_indicator_period_kind_key').on(t.indicatorId, t.period, t.kind),
    check('indicator_values_kind_check', oneOf(t.kind, valueKinds)),
    check('indicator_values_period_check', sql`${t.period} ~ ${sql.raw(`'${periodIdPattern.source}'`)}`),
    index('indicator_values_indicator_idx').on(t.indicatorId, t.period, t.id),
  ],
);
