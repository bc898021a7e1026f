// Reports: reading (with who may see what), creating and editing. The review workflow is in workflow.ts.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { hasAnyRole, type Actor } from '../../auth/roles.js';
import { refersTo } from '../../db/lookup.js';
import { agencies, indicators, programs, reportIndicatorValues, reports, reportTaskUpdates, reportTransitions, tasks } from '../../db/schema/index.js';
import { matchesSearch, searchRank } from '../../db/search.js';
import type { Queryable } from '../../db/types.js';
import { parsePeriodId, periodEnd, submissionDeadline, type PeriodKind } from '../../domain/periods.js';
import { isEditable, type ReportStatus } from '../../domain/report-workflow.js';
import { paginateSearch, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { HttpProblem, invalidField, notFound } from '../../http/problem.js';
import { agencyRefJson } from '../agencies/ref.js';
import { holidaySet } from '../holidays/repository.js';
import { lineageOn, type LineageOn } from '../lineage/resolve.js';
import { agenciesTakingPart, takesPartInTask } from './involvement.js';
import type { Report, ReportCreate, ReportListQuery, ReportPatch, TaskUpdateInput, ValueInput } from './schemas.js';

/** Roles that act for every agency; anyone else acts only for the agency it belongs to. */
export const reviewers = ['admin', 'coordinator'] as const;

/**
 * Drafts and returned reports are the agency's own until (re)submitted: others see submitted and accepted ones only.
 * Null: the caller sees everything.
 */
export function visibleTo(actor: Actor): SQL | undefined {
  if (hasAnyRole(actor, reviewers)) return undefined;
  const published = inArray(reports.status, ['submitted', 'accepted']);
  return actor.agencyId ? or(published, eq(reports.agencyId, actor.agencyId)) : published;
}

const summaryColumns = {
  id: reports.id,
  programId: reports.programId,
  agency: sql<Report['agency']>`${agencyRefJson(agencies)}`,
  period: reports.period,
  status: sql<ReportStatus>`${reports.status}`,
  dueOn: reports.dueOn,
  firstSubmittedAt: reports.firstSubmittedAt,
  submittedAt: reports.submittedAt,
  timeliness: sql<'on_time' | 'late' | null>`${reports.timeliness}`,
  acceptedAt: reports.acceptedAt,
  createdAt: reports.createdAt,
  updatedAt: reports.updatedAt,
};
const selectSummaries = (db: Queryable, extra: Record<string, SQL<number>> = {}) =>
  db.select({ ...summaryColumns, ...extra }).from(reports).innerJoin(agencies, eq(agencies.id, reports.agencyId));
type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['execute']>>[number];

// In the statement that reads the report, so that report, updates and history come from one snapshot.
const detailColumns = {
  results: reports.results,
  advantages: reports.advantages,
  difficulties: reports.difficulties,
  proposals: reports.proposals,
  taskUpdates: sql<Report['taskUpdates']>`coalesce((
    select json_agg(json_build_object('taskId', u.task_id, 'taskCode', t.code, 'taskTitle', t.title, 'status', u.status, 'progress', u.progress,
      'completedOn', u.completed_on, 'note', u.note, 'evidenceUrl', u.evidence_url) order by t.code, t.id)
    from report_task_updates u join tasks t on t.id = u.task_id where u.report_id = ${reports.id}), '[]'::json)`,
  indicatorValues: sql<Report['indicatorValues']>`coalesce((
    select json_agg(json_build_object('indicatorId', v.indicator_id, 'indicatorCode', i.code, 'indicatorName', i.name, 'unit', i.unit,
      'value', v.value, 'kind', v.kind, 'note', v.note) order by i.position, i.id)
    from report_indicator_values v join indicators i on i.id = v.indicator_id where v.report_id = ${reports.id}), '[]'::json)`,
  history: sql<Report['history']>`coalesce((
    select json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason,
      'actor', json_build_object('type', h.actor_type, 'id', h.actor_id, 'name', h.actor_name, 'agencyId', h.actor_agency_id),
      'requestId', h.request_id, 'at', to_char(h.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by h.id)
    from report_transitions h where h.report_id = ${reports.id}), '[]'::json)`,
};

const selectReports = (db: Queryable) => db.select({ ...summaryColumns, ...detailColumns }).from(reports).innerJoin(agencies, eq(agencies.id, reports.agencyId));

const withKind = <Row extends { period: string }>(row: Row) => ({ ...row, periodKind: parsePeriodId(row.period)!.kind });

const sorts: Record<string, SortSpec<SummaryRow>> = sortBothWays<SummaryRow>('period', [reports.period, reports.id], (r) => [r.period, r.id]);

/** The list's filters, the caller's visibility included, as one condition; exports (src/exports) select with the same. */
export function reportFilters(actor: Actor, query: Omit<ReportListQuery, 'sort' | 'limit' | 'cursor'>): SQL | undefined {
  const kindPatterns = { annual: '^[0-9]{4}$', half_year: '-H', quarter: '-Q', month: '-[0-9]{2}$' } as const;
  return and(
    visibleTo(actor),
    query.programId ? refersTo(reports.programId, programs, query.programId) : undefined,
    query.agencyId ? refersTo(reports.agencyId, agencies, query.agencyId) : undefined,
    query.period ? eq(reports.period, query.period) : undefined,
    query.periodKind ? sql`${reports.period} ~ ${kindPatterns[query.periodKind as PeriodKind]}` : undefined,
    query.status ? eq(reports.status, query.status) : undefined,
    query.q ? matchesSearch(reports.searchText, query.q) : undefined,
  );
}

export async function listReports(db: Queryable, actor: Actor, query: ReportListQuery) {
  const rank = query.q ? searchRank(reports.searchText, query.q) : undefined;
  const page = paginateSearch(sorts, query, 'period', rank, reports.id);
  const rows = await selectSummaries(db, rank ? { rank } : {})
    .where(and(reportFilters(actor, query), page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  const { items, nextCursor } = page.finish(rows);
  return { items: items.map(withKind), nextCursor };
}

/** The whole report, or 404 when there is none the caller may see. `forUpdate` locks it for a write. */
export async function getReport(db: Queryable, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  if (options.forUpdate) await db.select({ id: reports.id }).from(reports).where(eq(reports.id, id)).for('update');
  const [row] = await selectReports(db).where(and(eq(reports.id, id), visibleTo(actor)));
  if (!row) throw notFound('report', id);
  return withKind(row);
}

/** One line of a report's (or an amendment's) history: who moved it, from what to what, and why. */
export function transitionRow(actor: Actor, from: string | null, to: string, reason: string | null) {
  return {
    fromStatus: from,
    toStatus: to,
    reason,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    actorAgencyId: actor.agencyId,
    requestId: sql`nullif(current_setting('plantrack.request_id', true), '')`,
  };
}

/** An agency officer writes only its own agency's reports (OWASP API1: ids of another agency's reports are refused). */
export function assertOwnReport(actor: Actor, agencyId: string): void {
  if (hasAnyRole(actor, reviewers) || actor.agencyId === agencyId) return;
  throw new HttpProblem('forbidden', 'An agency officer may only write its own agency\'s reports.');
}

async function checkTaskUpdates(db: Queryable, programId: string, agencyId: string, lineage: LineageOn, updates: TaskUpdateInput[]): Promise<void> {
  const seen = new Set<string>();
  updates.forEach((u, i) => {
    const id = u.taskId.toLowerCase();
    if (seen.has(id)) throw new HttpProblem('validation', 'A task is listed twice.', [{ in: 'body', pointer: `/taskUpdates/${i}`, message: 'is already listed' }]);
    seen.add(id);
  });
  if (updates.length === 0) return;
  const ids = [...seen];
  const rows = await db
    .select({ id: tasks.id, programId: tasks.programId, involved: sql<boolean>`${await takesPartInTask(db, agencyId, lineage)}` })
    .from(tasks)
    .where(inArray(tasks.id, ids));
  const found = new Map(rows.map((r) => [r.id, r]));
  const problems = updates.flatMap((u, i) => {
    const task = found.get(u.taskId.toLowerCase());
    const pointer = `/taskUpdates/${i}/taskId`;
    if (!task || task.programId !== programId) return [{ in: 'body' as const, pointer, message: 'No task of this program has this id.' }];
    if (!task.involved) return [{ in: 'body' as const, pointer, message: 'The agency neither leads nor supports this task.' }];
    if ((u.status === 'completed') !== (u.completedOn !== undefined && u.completedOn !== null)) {
      return [{ in: 'body' as const, pointer: `/taskUpdates/${i}/completedOn`, message: 'completedOn is given exactly when status is completed.' }];
    }
    return [];
  });
  if (problems.length > 0) throw new HttpProblem('invalid-value', `${problems.length} task update${problems.length === 1 ? ' is' : 's are'} not the agency's to report.`, problems);
}

async function checkValues(db: Queryable, programId: string, agencyId: string, lineage: LineageOn, values: ValueInput[]): Promise<void> {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const id = v.indicatorId.toLowerCase();
    if (seen.has(id)) throw new HttpProblem('validation', 'An indicator is listed twice.', [{ in: 'body', pointer: `/indicatorValues/${i}`, message: 'is already listed' }]);
    seen.add(id);
  });
  if (values.length === 0) return;
  const answersFor = lineage.standsFor(agencyId);
  const rows = await db
    .select({
      id: indicators.id,
      programId: indicators.programId,
      unit: indicators.unit,
      hasTarget: sql<boolean>`${indicators.targetComparator} is not null`,
      // The indicator's responsible agency (the coordinator when it has none), or whoever stands for it now.
      answersFor: sql<boolean>`${answersFor.length ? inArray(sql`coalesce(${indicators.responsibleAgencyId}, ${programs.coordinatorAgencyId})`, answersFor) : sql`false`}`,
    })
    .from(indicators)
    .innerJoin(programs, eq(programs.id, indicators.programId))
    .where(inArray(indicators.id, [...seen]));
  const found = new Map(rows.map((r) => [r.id, r]));
  const problems = values.flatMap((v, i) => {
    const indicator = found.get(v.indicatorId.toLowerCase());
    const at = (field: string, message: string) => [{ in: 'body' as const, pointer: `/indicatorValues/${i}/${field}`, message }];
    if (!indicator || indicator.programId !== programId) return at('indicatorId', 'No indicator of this program has this id.');
    if (!indicator.answersFor) return at('indicatorId', 'The agency does not answer for this indicator (its responsible agency does; the coordinator for those without one).');
    if (v.unit !== undefined && v.unit !== indicator.unit) return at('unit', `The indicator is measured in ${indicator.unit ?? 'no unit'}, not ${v.unit}.`);
    return [];
  });
  if (problems.length > 0) throw new HttpProblem('invalid-value', `${problems.length} indicator value${problems.length === 1 ? ' is' : 's are'} not the agency's to report.`, problems);
}

async function replaceContents(db: Queryable, reportId: string, body: Pick<ReportPatch, 'taskUpdates' | 'indicatorValues'>): Promise<void> {
  if (body.taskUpdates) {
    await db.delete(reportTaskUpdates).where(eq(reportTaskUpdates.reportId, reportId));
    if (body.taskUpdates.length > 0) {
      await db.insert(reportTaskUpdates).values(
        body.taskUpdates.map((u) => ({ reportId, taskId: u.taskId.toLowerCase(), status: u.status, progress: u.progress, completedOn: u.completedOn ?? null, note: u.note ?? null, evidenceUrl: u.evidenceUrl ?? null })),
      );
    }
  }
  if (body.indicatorValues) {
    await db.delete(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, reportId));
    if (body.indicatorValues.length > 0) {
      await db.insert(reportIndicatorValues).values(
        body.indicatorValues.map((v) => ({ reportId, indicatorId: v.indicatorId.toLowerCase(), value: v.value, kind: v.kind ?? 'estimate', note: v.note ?? null })),
      );
    }
  }
}

export async function createReport(db: Queryable, actor: Actor, now: Date, body: ReportCreate) {
  assertOwnReport(actor, body.agencyId.toLowerCase());
  const agencyId = body.agencyId.toLowerCase();
  const [program] = await db
    .select({ id: programs.id, startYear: programs.startYear, endYear: programs.endYear, kinds: programs.reportingPeriodKinds, days: programs.reportDeadlineWorkingDays })
    .from(programs)
    .where(eq(programs.id, body.programId));
  if (!program) throw invalidField('unknown-reference', '/programId', 'No program has this id.');
  const period = parsePeriodId(body.period);
  if (!period || !program.kinds.includes(period.kind) || period.year < program.startYear || period.year > program.endYear) {
    throw invalidField('invalid-value', '/period', `The program is reported on by ${program.kinds.join(', ')} periods of ${program.startYear}–${program.endYear}; ${body.period} is not one of them.`);
  }
  const lineage = await lineageOn(db, periodEnd(period));
  if (!(await agenciesTakingPart(db, program.id, lineage)).includes(agencyId)) {
    throw invalidField('invalid-value', '/agencyId', `The agency takes no part in this program at the end of ${period.id} (it leads and supports none of its tasks then, or does not exist then), so it does not report on it.`);
  }
  await checkTaskUpdates(db, program.id, agencyId, lineage, body.taskUpdates ?? []);
  await checkValues(db, program.id, agencyId, lineage, body.indicatorValues ?? []);
  const dueOn = submissionDeadline(period, { workingDaysAfterCutoff: program.days }, await holidaySet(db));
  const [created] = await db
    .insert(reports)
    .values({ programId: program.id, agencyId, period: body.period, dueOn, results: body.results ?? null, advantages: body.advantages ?? null, difficulties: body.difficulties ?? null, proposals: body.proposals ?? null })
    .returning({ id: reports.id });
  await replaceContents(db, created!.id, body);
  await db.insert(reportTransitions).values({ reportId: created!.id, ...transitionRow(actor, null, 'draft', null), occurredAt: now });
  return getReport(db, actor, created!.id);
}

/** Changes the content of a report the agency still holds (draft or returned); 409 once it is submitted. */
export async function updateReport(db: Queryable, actor: Actor, id: string, patch: ReportPatch) {
  const current = await getReport(db, actor, id, { forUpdate: true });
  assertOwnReport(actor, current.agency.id);
  if (!isEditable(current.status)) {
    throw new HttpProblem('invalid-transition', `A ${current.status} report cannot be changed; ${current.status === 'accepted' ? 'a coordinator can reopen it' : 'wait until it is returned'}.`);
  }
  const lineage = await lineageOn(db, periodEnd(parsePeriodId(current.period)!));
  if (patch.taskUpdates) await checkTaskUpdates(db, current.programId, current.agency.id, lineage, patch.taskUpdates);
  if (patch.indicatorValues) await checkValues(db, current.programId, current.agency.id, lineage, patch.indicatorValues);
  const { taskUpdates: _t, indicatorValues: _v, ...narrative } = patch;
  await db.update(reports).set({ ...narrative, updatedAt: sql`now()` }).where(eq(reports.id, id));
  await replaceContents(db, id, patch);
  return getReport(db, actor, id);
}

export async function deleteReport(db: Queryable, actor: Actor, id: string): Promise<void> {
  const current = await getReport(db, actor, id, { forUpdate: true });
  assertOwnReport(actor, current.agency.id);
  if (current.status !== 'draft') throw new HttpProblem('invalid-transition', 'Only a draft can be deleted; a report once submitted stays on record.');
  await db.delete(reports).where(eq(reports.id, id));
}
