import { and, eq, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connect.js';
import { agencyIdOf, idOf, refersTo } from '../../db/lookup.js';
import { agencies, agencyGroupMembers, agencyGroups, programs, taskGroups, tasks, taskSupporters } from '../../db/schema/index.js';
import { matchesSearch, searchRank } from '../../db/search.js';
import { finalDueDate, storedDeadlineYears } from '../../domain/deadlines.js';
import { vietnamDateOf } from '../../domain/periods.js';
import type { DeadlineKind, TaskKind, TaskStatus } from '../../domain/vocabulary.js';
import { paginateSearch, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { HttpProblem, invalidField, notFound } from '../../http/problem.js';
import { emitEvent } from '../../webhooks/outbox.js';
import { agencyRefJson } from '../agencies/ref.js';
import { lineageOn, type LineageOn } from '../lineage/resolve.js';
import type { AgencyTaskListQuery, Task, TaskCreate, TaskListQuery, TaskPatch } from './schemas.js';

const taskColumns = {
  id: tasks.id,
  programId: tasks.programId,
  code: tasks.code,
  title: tasks.title,
  kind: sql<TaskKind>`${tasks.kind}`,
  group: sql<Task['group']>`json_build_object('id', ${taskGroups.id}, 'code', ${taskGroups.code}, 'title', ${taskGroups.title})`,
  appendixSection: taskGroups.appendixSection,
  leadAgency: sql<Task['leadAgency']>`${agencyRefJson(agencies)}`,
  // In the same statement as the task, so both come from one snapshot. Each supporter is looked up by primary key
  // in a scalar subquery: with left joins the planner hashed the whole agency_groups table once per task, three
  // times the cost of a list page at national scale (docs/performance.md).
  supporters: sql<Task['supporters']>`coalesce((
    select json_agg(coalesce(
        (select json_build_object('type', 'agency', 'id', sa.id, 'code', sa.code, 'name', sa.name) from agencies sa where sa.id = s.agency_id),
        (select json_build_object('type', 'agency_group', 'id', sg.id, 'code', sg.code, 'name', sg.name) from agency_groups sg where sg.id = s.agency_group_id))
      order by s.position)
    from task_supporters s
    where s.task_id = ${tasks.id}), '[]'::json)`,
  supportingText: tasks.supportingText,
  deadlineKind: sql<DeadlineKind>`${tasks.deadlineKind}`,
  deadlineFromYear: tasks.deadlineFromYear,
  deadlineToYear: tasks.deadlineToYear,
  deadlineText: tasks.deadlineText,
  isKey: tasks.isKey,
  status: sql<TaskStatus>`${tasks.status}`,
  progress: tasks.progress,
  completedOn: tasks.completedOn,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

/**
 * Tasks with their group and lead agency; `extra` adds computed columns (an agency's role, say). Each row also says
 * whether any lineage event is in force by `day` (an uncorrelated subquery: evaluated once per statement).
 */
function selectTasks<Extra extends Record<string, SQL>>(db: Queryable, day: string | Placeholder, extra?: Extra) {
  const lineageInForce = sql<boolean>`exists (select 1 from lineage_events where effective_on <= ${day})`;
  return db
    .select({ ...taskColumns, lineageInForce, ...(extra as Extra) })
    .from(tasks)
    .innerJoin(taskGroups, eq(taskGroups.id, tasks.groupId))
    .innerJoin(agencies, eq(agencies.id, tasks.leadAgencyId));
}
interface TaskRow {
  lineageInForce: boolean;
  id: string;
  programId: string;
  code: string;
  title: string;
  kind: TaskKind;
  group: Task['group'];
  appendixSection: string | null;
  leadAgency: Task['leadAgency'];
  supporters: Task['supporters'];
  supportingText: string | null;
  deadlineKind: DeadlineKind;
  deadlineFromYear: number | null;
  deadlineToYear: number | null;
  deadlineText: string | null;
  isKey: boolean;
  status: TaskStatus;
  progress: number;
  completedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function sortsFor<Row extends TaskRow>(): Record<string, SortSpec<Row>> {
  return {
    ...sortBothWays<Row>('code', [tasks.code, tasks.id], (r) => [r.code, r.id]),
    ...sortBothWays<Row>('title', [tasks.title, tasks.id], (r) => [r.title, r.id]),
  };
}

/**
 * Tasks that name one of the agencies as a supporter directly, or through a group one of them belongs to. `agencies`
 * is a list of ids, or SQL for one id (a lookup by code, so the filter costs no extra round trip).
 */
function supportedBy(agencies: string[] | SQL): SQL {
  if (Array.isArray(agencies) && agencies.length === 0) return sql`false`;
  const isOne = (column: AnyPgColumn) => (Array.isArray(agencies) ? inArray(column, agencies) : sql`${column} = ${agencies}`);
  return sql`exists (select 1 from ${taskSupporters}
    where ${taskSupporters.taskId} = ${tasks.id}
      and (${isOne(taskSupporters.agencyId)}
        or ${taskSupporters.agencyGroupId} in (select ${agencyGroupMembers.groupId} from ${agencyGroupMembers} where ${isOne(agencyGroupMembers.agencyId)})))`;
}

function dueIn(year: number): SQL {
  // The SQL twin of isDueInYear() in src/domain/deadlines.ts; test/tasks.test.ts checks they agree.
  return sql`((${tasks.deadlineKind} in ('year', 'year_range') and ${tasks.deadlineToYear} = ${year})
    or (${tasks.deadlineKind} = 'annually' and ${year} between ${tasks.deadlineFromYear} and ${tasks.deadlineToYear}))`;
}

function commonFilters(query: Omit<TaskListQuery, 'leadAgencyId' | 'supportingAgencyId'>): (SQL | undefined)[] {
  return [
    query.programId ? refersTo(tasks.programId, programs, query.programId) : undefined,
    query.groupId ? eq(tasks.groupId, query.groupId) : undefined,
    query.section ? eq(taskGroups.appendixSection, query.section) : undefined,
    query.kind ? eq(tasks.kind, query.kind) : undefined,
    query.status ? eq(tasks.status, query.status) : undefined,
    query.dueYear !== undefined ? dueIn(query.dueYear) : undefined,
    query.isKey !== undefined ? eq(tasks.isKey, query.isKey) : undefined,
    query.q ? matchesSearch(tasks.searchText, query.q) : undefined,
  ];
}

/**
 * Rows as the API shows them: the deadline as one object with its due date, and the agency responsible for each task
 * on the lineage's day (the lead, or its successor after a merger, split or rename).
 */
async function present<Row extends TaskRow>(db: Queryable, rows: Row[], day: string, known?: LineageOn) {
  // Lineage is loaded only when an event is in force by the day: the rows say so (lineageInForce), so a program whose
  // agencies never changed costs no query for it.
  const lineage = known ?? (rows.some((r) => r.lineageInForce) ? await lineageOn(db, day) : undefined);
  const moved = lineage?.changesAnything && rows.length > 0 ? await lineage.movedTasks(db, inArray(tasks.id, rows.map((r) => r.id))) : new Map<string, string>();
  const successors = moved.size > 0 ? await agencyRefs(db, [...new Set(moved.values())]) : new Map<string, Task['leadAgency']>();
  return rows.map(({ deadlineKind, deadlineFromYear, deadlineToYear, deadlineText, lineageInForce: _inForce, ...row }) => {
    const deadline = { kind: deadlineKind, fromYear: deadlineFromYear, toYear: deadlineToYear };
    const successor = moved.get(row.id);
    return { ...row, responsibleAgency: successor ? successors.get(successor)! : row.leadAgency, deadline: { ...deadline, text: deadlineText, dueOn: finalDueDate(deadline) } };
  });
}

async function agencyRefs(db: Queryable, ids: string[]): Promise<Map<string, Task['leadAgency']>> {
  const rows = await db.select({ id: agencies.id, code: agencies.code, name: agencies.name, shortName: agencies.shortName }).from(agencies).where(inArray(agencies.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Today in Vietnam: the day a representation without `asOf` is of, and the default completion date. */
const today = () => vietnamDateOf(new Date());

/**
 * The list's filters as one condition, with the lineage of `day` when they needed it (`asOf` with an agency filter);
 * exports (src/exports) select with the same. Without `asOf`, `leadAgencyId` and `supportingAgencyId` match the
 * agencies the program names. With it they follow agency lineage to that day: what an agency is responsible for then,
 * including what it inherited.
 */
export async function taskFilters(db: Queryable, query: Omit<TaskListQuery, 'sort' | 'limit' | 'cursor'>, day: string): Promise<{ where: SQL | undefined; lineage: LineageOn | undefined }> {
  const agencyFilters: (SQL | undefined)[] = [];
  let lineage: LineageOn | undefined;
  if (query.asOf && (query.leadAgencyId || query.supportingAgencyId)) {
    lineage = await lineageOn(db, day);
    const lead = query.leadAgencyId ? await agencyIdOf(db, query.leadAgencyId) : undefined;
    const supporting = query.supportingAgencyId ? await agencyIdOf(db, query.supportingAgencyId) : undefined;
    if (lead !== undefined) agencyFilters.push(lead === null ? sql`false` : await lineage.responsibleIs(db, lead));
    if (supporting !== undefined) agencyFilters.push(supportedBy(supporting === null ? [] : lineage.standsFor(supporting)));
  } else {
    if (query.leadAgencyId) agencyFilters.push(refersTo(tasks.leadAgencyId, agencies, query.leadAgencyId));
    if (query.supportingAgencyId) agencyFilters.push(supportedBy(idOf(agencies, query.supportingAgencyId)));
  }
  return { where: and(...commonFilters(query), ...agencyFilters), lineage };
}

export async function listTasks(db: Queryable, query: TaskListQuery, now: string = today()) {
  const day = query.asOf ?? now;
  const rank = query.q ? searchRank(tasks.searchText, query.q) : undefined;
  const page = paginateSearch(sortsFor<TaskRow>(), query, 'code', rank, tasks.id);
  const { where, lineage } = await taskFilters(db, query, day);
  const rows: TaskRow[] = await selectTasks(db, day, rank ? { rank } : undefined)
    .where(and(where, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  const { items, nextCursor } = page.finish(rows);
  return { items: await present(db, items, day, lineage), nextCursor };
}

/** What an agency leads and what it supports (directly or through its groups); with `asOf`, through its lineage. */
export async function listAgencyTasks(db: Queryable, agencyId: string, query: AgencyTaskListQuery, now: string = today()) {
  const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId));
  if (!agency) throw notFound('agency', agencyId);
  const day = query.asOf ?? now;
  const lineage = query.asOf ? await lineageOn(db, day) : undefined;
  const standsFor = lineage ? lineage.standsFor(agency.id) : [agency.id];
  const leads = lineage ? await lineage.responsibleIs(db, agency.id) : eq(tasks.leadAgencyId, agency.id);
  const supports = supportedBy(standsFor);
  const roleFilter = query.role === 'lead' ? leads : query.role === 'supporting' ? and(sql`not (${leads})`, supports) : sql`(${leads} or ${supports})`;
  const extra = {
    role: sql<'lead' | 'supporting'>`case when ${leads} then 'lead' else 'supporting' end`,
    via: sql<string[]>`case when ${leads} then '{}'::text[] else array(
      select ${agencyGroups.code} from ${taskSupporters}
      join ${agencyGroups} on ${agencyGroups.id} = ${taskSupporters.agencyGroupId}
      where ${taskSupporters.taskId} = ${tasks.id}
        and exists (select 1 from ${agencyGroupMembers} where ${agencyGroupMembers.groupId} = ${agencyGroups.id} and ${inArray(agencyGroupMembers.agencyId, standsFor)})
      order by ${taskSupporters.position}) end`,
  };
  type Row = TaskRow & { role: 'lead' | 'supporting'; via: string[] };
  const rank = query.q ? searchRank(tasks.searchText, query.q) : undefined;
  const page = paginateSearch(sortsFor<Row>(), query, 'code', rank, tasks.id);
  const rows = (await selectTasks(db, day, rank ? { ...extra, rank } : extra)
    .where(and(...commonFilters(query), roleFilter, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch)) as Row[];
  const { items, nextCursor } = page.finish(rows);
  return { items: await present(db, items, day, lineage), nextCursor };
}

/**
 * Reading one task is the most frequent query there is: it is built once per database handle and kept as a prepared
 * statement, instead of being composed again on every request (docs/performance.md measured the composing).
 */
const taskById = new WeakMap<Queryable, ReturnType<typeof prepareTaskById>>();
const prepareTaskById = (db: Queryable) =>
  selectTasks(db, sql.placeholder('day')).where(eq(tasks.id, sql.placeholder('id'))).prepare('plantrack_task_by_id');

/** One task; `responsibleAgency` is as of `asOf` (today by default). */
export async function getTask(db: Queryable, id: string, asOf: string = today()) {
  let prepared = taskById.get(db);
  if (!prepared) taskById.set(db, (prepared = prepareTaskById(db)));
  const [row] = (await prepared.execute({ id, day: asOf })) as TaskRow[];
  if (!row) throw notFound('task', id);
  const [task] = await present(db, [row], asOf);
  return task!;
}

type SupporterInput = NonNullable<TaskCreate['supporters']>[number];

/** Replaces a task's supporters, naming each unknown or repeated one by its position in the body. */
async function replaceSupporters(db: Queryable, taskId: string, given: SupporterInput[]): Promise<void> {
  // UUIDs may arrive in either case; the database answers in lower case.
  const supporters = given.map((s) => ({ agencyId: s.agencyId?.toLowerCase(), agencyGroupId: s.agencyGroupId?.toLowerCase() }));
  const seen = new Set<string>();
  supporters.forEach((s, i) => {
    const key = s.agencyId ?? `group:${s.agencyGroupId}`;
    if (seen.has(key)) throw new HttpProblem('validation', 'A supporter is listed twice.', [{ in: 'body', pointer: `/supporters/${i}`, message: 'is already listed' }]);
    seen.add(key);
  });
  const agencyIds = supporters.flatMap((s) => (s.agencyId ? [s.agencyId] : []));
  const groupIds = supporters.flatMap((s) => (s.agencyGroupId ? [s.agencyGroupId] : []));
  // FOR KEY SHARE: a supporter found here cannot be deleted before this transaction commits.
  const knownAgencies = new Set(
    agencyIds.length ? (await db.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, agencyIds)).for('key share')).map((r) => r.id) : [],
  );
  const knownGroups = new Set(
    groupIds.length ? (await db.select({ id: agencyGroups.id }).from(agencyGroups).where(inArray(agencyGroups.id, groupIds)).for('key share')).map((r) => r.id) : [],
  );
  supporters.forEach((s, i) => {
    if (s.agencyId && !knownAgencies.has(s.agencyId)) throw invalidField('unknown-reference', `/supporters/${i}/agencyId`, 'No agency has this id.');
    if (s.agencyGroupId && !knownGroups.has(s.agencyGroupId)) throw invalidField('unknown-reference', `/supporters/${i}/agencyGroupId`, 'No agency group has this id.');
  });
  await db.delete(taskSupporters).where(eq(taskSupporters.taskId, taskId));
  if (supporters.length > 0) {
    await db.insert(taskSupporters).values(
      supporters.map((s, i) => ({ taskId, position: i + 1, agencyId: s.agencyId ?? null, agencyGroupId: s.agencyGroupId ?? null })),
    );
  }
}

/** The stored deadline columns: years an annual deadline leaves out span the program; a year ends where it starts. */
function deadlineColumns(deadline: TaskCreate['deadline'], program: { startYear: number; endYear: number }) {
  const { fromYear, toYear } = storedDeadlineYears(deadline, program);
  return { deadlineKind: deadline.kind, deadlineFromYear: fromYear, deadlineToYear: toYear, deadlineText: deadline.text ?? null };
}

/** Completion bookkeeping: completing defaults the date to today and progress to 100; reopening clears the date. */
function completionColumns(change: Pick<TaskPatch, 'status' | 'progress' | 'completedOn'>, wasCompleted: boolean) {
  if (change.status === undefined) return {};
  if (change.status === 'completed') {
    // An explicit `completedOn: null` is kept, and refused by the database's check (422), not replaced.
    return wasCompleted ? {} : { completedOn: change.completedOn === undefined ? today() : change.completedOn, progress: change.progress ?? 100 };
  }
  return { completedOn: change.completedOn ?? null };
}

async function programYears(db: Queryable, programId: string, pointer: string) {
  const [program] = await db.select({ startYear: programs.startYear, endYear: programs.endYear }).from(programs).where(eq(programs.id, programId));
  if (!program) throw invalidField('unknown-reference', pointer, 'No program has this id.');
  return program;
}

export async function createTask(db: Queryable, body: TaskCreate) {
  const { supporters, deadline, ...fields } = body;
  const program = await programYears(db, body.programId, '/programId');
  const [created] = await db
    .insert(tasks)
    .values({ ...fields, ...deadlineColumns(deadline, program), ...completionColumns(body, false) })
    .returning({ id: tasks.id });
  await replaceSupporters(db, created!.id, supporters ?? []);
  return getTask(db, created!.id);
}

export async function updateTask(db: Queryable, id: string, patch: TaskPatch) {
  const [current] = await db.select({ programId: tasks.programId, status: tasks.status }).from(tasks).where(eq(tasks.id, id)).for('update');
  if (!current) throw notFound('task', id);
  const { supporters, deadline, ...fields } = patch;
  const deadlineChange = deadline ? deadlineColumns(deadline, await programYears(db, current.programId, '/deadline')) : {};
  await db
    .update(tasks)
    .set({ ...fields, ...deadlineChange, ...completionColumns(patch, current.status === 'completed'), updatedAt: sql`now()` })
    .where(eq(tasks.id, id));
  if (supporters) await replaceSupporters(db, id, supporters);
  const task = await getTask(db, id);
  if (task.status !== current.status) {
    await emitEvent(db, {
      type: 'task.status_changed',
      resourceType: 'tasks',
      resourceId: id,
      data: { taskId: id, programId: task.programId, code: task.code, from: current.status, to: task.status, progress: task.progress, completedOn: task.completedOn },
    });
  }
  return task;
}

export async function deleteTask(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(tasks).where(eq(tasks.id, id)).returning({ id: tasks.id });
  if (!deleted) throw notFound('task', id);
}
