// The collections one can export, each with the same filters and the same access as its list endpoint: the filters
// are the list's own query parameters (without sort, limit and cursor) and are turned into SQL by the list's own
// filter builder, so an export holds exactly the rows the list pages through. The order is the list's default sort
// without `q` (which ends in a unique key), so the same export twice gives the same file.
import { asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { TSchema } from 'typebox';
import { readAccess, rolesAccess, type Access, type Actor } from '../auth/roles.js';
import type { Database } from '../db/connect.js';
import { agencies, auditEvents, indicators, indicatorValues, reports, taskGroups, tasks } from '../db/schema/index.js';
import { agencyFilters } from '../modules/agencies/repository.js';
import { AgencyListQuery } from '../modules/agencies/schemas.js';
import { auditEventFilters } from '../modules/audit-events/repository.js';
import { AuditEventListQuery } from '../modules/audit-events/schemas.js';
import { indicatorValueFilters } from '../modules/indicator-values/repository.js';
import { IndicatorValueListQuery } from '../modules/indicator-values/schemas.js';
import { indicatorFilters } from '../modules/indicators/repository.js';
import { IndicatorListQuery } from '../modules/indicators/schemas.js';
import { lineageOn } from '../modules/lineage/resolve.js';
import { reportFilters } from '../modules/reports/repository.js';
import { ReportListQuery } from '../modules/reports/schemas.js';
import { taskFilters } from '../modules/tasks/repository.js';
import { TaskListQuery } from '../modules/tasks/schemas.js';
import {
  agencyColumns,
  auditEventColumns,
  indicatorColumns,
  indicatorValueColumns,
  leadAgency,
  parentAgency,
  parentIndicator,
  program,
  reportColumns,
  reportingAgency,
  responsibleAgency,
  taskColumns,
  type Column,
} from './columns.js';
import type { RawQuery } from './cursor.js';

export const collectionNames = ['tasks', 'indicators', 'indicator-values', 'agencies', 'reports', 'audit-events'] as const;
export type CollectionName = (typeof collectionNames)[number];

export interface ExportContext {
  /** Who asks: reports are filtered by what they may see. */
  actor: Actor;
  /** Today in Vietnam: tasks name the agency responsible on `asOf`, or on this day. */
  today: string;
}

/** The statements of one export, every lookup its filters need already done. */
export interface ExportPlan {
  rows: RawQuery;
  count: RawQuery;
  /** The rows as COPY writes them into CSV (src/exports/copy.ts): the same, but booleans spelt as the encoder does. */
  copy: RawQuery;
}

export interface Collection {
  name: CollectionName;
  /** The XLSX sheet's name, and how the API's descriptions name the collection. */
  title: string;
  columns: Column[];
  /** The list's query parameters but sort, limit and cursor. */
  filters: Record<string, TSchema>;
  access: Access;
  /** The order of the rows, in words (docs, API description). */
  order: string;
  plan(db: Database, filters: Record<string, unknown>, context: ExportContext): Promise<ExportPlan>;
}

type Paging = 'sort' | 'limit' | 'cursor';
const withoutPaging = <P extends Record<string, TSchema>>(properties: P): Omit<P, Paging> => {
  const { sort: _sort, limit: _limit, cursor: _cursor, ...filters } = properties;
  return filters;
};

/** The query as the export reads it and as XLSX counts it (same joins and filters; no columns, no order). */
function plan(
  select: (fields: Record<string, SQL>) => { where(where: SQL | undefined): { orderBy(...order: SQL[]): { toSQL(): RawQuery }; toSQL(): RawQuery } },
  columns: Column[],
  where: SQL | undefined,
  order: SQL[],
): ExportPlan {
  const fields = Object.fromEntries(columns.map((c) => [c.name, c.sql]));
  // COPY's CSV writes a boolean as t or f; the other formats write true and false.
  const copyFields = Object.fromEntries(columns.map((c) => [c.name, c.kind === 'boolean' ? sql`case when ${c.sql} then 'true' when not ${c.sql} then 'false' end` : c.sql]));
  return {
    rows: select(fields).where(where).orderBy(...order).toSQL(),
    count: select({ count: sql`count(*)` }).where(where).toSQL(),
    copy: select(copyFields).where(where).orderBy(...order).toSQL(),
  };
}

const taskCollection: Collection = {
  name: 'tasks',
  title: 'tasks',
  columns: taskColumns,
  filters: withoutPaging(TaskListQuery.properties),
  access: readAccess,
  order: 'by `code`, then `id`',
  async plan(db, given, { today }) {
    const filters = given as Omit<TaskListQuery, Paging>;
    const day = filters.asOf ?? today;
    const { where, lineage } = await taskFilters(db, filters, day);
    // The agency responsible on the day: the lead, or its successor after a rename, merger, split or abolition. Few
    // tasks ever move, so they go in as one JSON object (task id → agency id) whatever their number.
    const moved = await (lineage ?? (await lineageOn(db, day))).movedTasks(db);
    const responsibleId = moved.size > 0 ? sql`coalesce((${JSON.stringify(Object.fromEntries(moved))}::text::jsonb ->> ${tasks.id}::text)::uuid, ${tasks.leadAgencyId})` : sql`${tasks.leadAgencyId}`;
    const select = (fields: Record<string, SQL>) =>
      db
        .select(fields)
        .from(tasks)
        .innerJoin(taskGroups, eq(taskGroups.id, tasks.groupId))
        .innerJoin(program, eq(program.id, tasks.programId))
        .innerJoin(leadAgency, eq(leadAgency.id, tasks.leadAgencyId))
        .innerJoin(responsibleAgency, sql`${responsibleAgency.id} = ${responsibleId}`);
    return plan(select, taskColumns, where, [asc(tasks.code), asc(tasks.id)]);
  },
};

const indicatorCollection: Collection = {
  name: 'indicators',
  title: 'indicators',
  columns: indicatorColumns,
  filters: withoutPaging(IndicatorListQuery.properties),
  access: readAccess,
  order: 'by program, then `position` (document order), then `id`',
  async plan(db, given) {
    const select = (fields: Record<string, SQL>) =>
      db
        .select(fields)
        .from(indicators)
        .innerJoin(program, eq(program.id, indicators.programId))
        .leftJoin(parentIndicator, eq(parentIndicator.id, indicators.parentId))
        .leftJoin(responsibleAgency, eq(responsibleAgency.id, indicators.responsibleAgencyId));
    const where = indicatorFilters(given as Omit<IndicatorListQuery, Paging>);
    return plan(select, indicatorColumns, where, [asc(indicators.programId), asc(indicators.position), asc(indicators.id)]);
  },
};

const indicatorValueCollection: Collection = {
  name: 'indicator-values',
  title: 'indicator-values',
  columns: indicatorValueColumns,
  filters: withoutPaging(IndicatorValueListQuery.properties),
  access: readAccess,
  order: 'by `period`, then `id`',
  async plan(db, given) {
    // The list's filters name `indicators` (the program of a value is its indicator's), so it is joined by that name.
    const select = (fields: Record<string, SQL>) =>
      db
        .select(fields)
        .from(indicatorValues)
        .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
        .innerJoin(program, eq(program.id, indicators.programId))
        .leftJoin(reportingAgency, eq(reportingAgency.id, indicatorValues.agencyId));
    const where = indicatorValueFilters(given as Omit<IndicatorValueListQuery, Paging>);
    return plan(select, indicatorValueColumns, where, [asc(indicatorValues.period), asc(indicatorValues.id)]);
  },
};

const agencyCollection: Collection = {
  name: 'agencies',
  title: 'agencies',
  columns: agencyColumns,
  filters: withoutPaging(AgencyListQuery.properties),
  access: readAccess,
  order: 'by `name`, then `id`',
  async plan(db, given) {
    const select = (fields: Record<string, SQL>) => db.select(fields).from(agencies).leftJoin(parentAgency, eq(parentAgency.id, agencies.parentId));
    return plan(select, agencyColumns, agencyFilters(given as Omit<AgencyListQuery, Paging>), [asc(agencies.name), asc(agencies.id)]);
  },
};

const reportCollection: Collection = {
  name: 'reports',
  title: 'reports',
  columns: reportColumns,
  filters: withoutPaging(ReportListQuery.properties),
  access: readAccess,
  order: 'by `period`, then `id`',
  async plan(db, given, { actor }) {
    const select = (fields: Record<string, SQL>) =>
      db
        .select(fields)
        .from(reports)
        .innerJoin(program, eq(program.id, reports.programId))
        .innerJoin(reportingAgency, eq(reportingAgency.id, reports.agencyId));
    // Drafts and returned reports only to their own agency and to reviewers, as in the list.
    const where = reportFilters(actor, given as Omit<ReportListQuery, Paging>);
    return plan(select, reportColumns, where, [asc(reports.period), asc(reports.id)]);
  },
};

const auditEventCollection: Collection = {
  name: 'audit-events',
  title: 'audit-events',
  columns: auditEventColumns,
  filters: withoutPaging(AuditEventListQuery.properties),
  access: rolesAccess('admin', 'coordinator'),
  order: 'newest first: by `id`, descending',
  async plan(db, given) {
    const select = (fields: Record<string, SQL>) => db.select(fields).from(auditEvents);
    return plan(select, auditEventColumns, auditEventFilters(given as Omit<AuditEventListQuery, Paging>), [desc(auditEvents.id)]);
  },
};

export const collections: Record<CollectionName, Collection> = {
  tasks: taskCollection,
  indicators: indicatorCollection,
  'indicator-values': indicatorValueCollection,
  agencies: agencyCollection,
  reports: reportCollection,
  'audit-events': auditEventCollection,
};
