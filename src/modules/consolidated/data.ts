// The consolidated report DPI sends the City People's Committee for one period of a program: who reported and how,
// where the tasks stand (Government Office buckets, as of the period's data cut-off or today if earlier), how each
// indicator compares with its target, and the difficulties and proposals the agencies raised. Built from the
// database in a handful of queries; the judging is done by the pure rules of src/domain.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agencies, indicators, indicatorValues, programs, reports, taskGroups, tasks } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { assessIndicator, type YearValue } from '../../domain/assessment.js';
import type { DeadlineKind, IndicatorDirection, TargetBasis, TargetComparator, TaskStatus } from '../../domain/vocabulary.js';
import { calendarWindow, parsePeriodId, periodEnd, reportingWindow, submissionDeadline, vietnamDateOf, type Period } from '../../domain/periods.js';
import { submissionState, type ReportStatus } from '../../domain/report-workflow.js';
import { taskBucket, taskBuckets, type TaskBucket } from '../../domain/task-buckets.js';
import { HttpProblem } from '../../http/problem.js';
import { agencyRefJson, type AgencyRef } from '../agencies/ref.js';
import { holidaySet } from '../holidays/repository.js';
import { lineageOn } from '../lineage/resolve.js';
import { agenciesTakingPart } from '../reports/involvement.js';

export type BucketCounts = Record<TaskBucket | 'total', number>;

const emptyCounts = (): BucketCounts => Object.fromEntries([...taskBuckets, 'total'].map((b) => [b, 0])) as BucketCounts;

/** Counts per key, in the order keys are first met; `describe` gives each key's public fields. */
function tally<K, D>(items: { key: K; bucket: TaskBucket }[], describe: (key: K) => D): (D & { counts: BucketCounts })[] {
  const byKey = new Map<K, BucketCounts>();
  for (const { key, bucket } of items) {
    const counts = byKey.get(key) ?? byKey.set(key, emptyCounts()).get(key)!;
    counts[bucket]++;
    counts.total++;
  }
  return [...byKey].map(([key, counts]) => ({ ...describe(key), counts }));
}

async function loadProgram(db: Queryable, programId: string, periodId: string) {
  const [program] = await db
    .select({ id: programs.id, code: programs.code, title: programs.title, startYear: programs.startYear, endYear: programs.endYear, days: programs.reportDeadlineWorkingDays })
    .from(programs)
    .where(eq(programs.id, programId));
  if (!program) throw new HttpProblem('not-found', `No program has id ${programId}.`);
  const period = parsePeriodId(periodId);
  if (!period || period.year < program.startYear || period.year > program.endYear) {
    throw new HttpProblem('not-found', `Program ${program.code} runs ${program.startYear}–${program.endYear}; it has no period ${periodId}.`);
  }
  return { program, period };
}

async function submissions(db: Queryable, programId: string, period: Period) {
  // The agencies of that period: those taking part at its end, successors in place of what a restructuring closed.
  const expected = await agenciesTakingPart(db, programId, await lineageOn(db, periodEnd(period)));
  if (expected.length === 0) return [];
  const rows = await db
    .select({
      agency: sql<AgencyRef>`${agencyRefJson(agencies)}`,
      reportId: reports.id,
      status: sql<ReportStatus | null>`${reports.status}`,
      dueOn: reports.dueOn,
      submittedAt: reports.firstSubmittedAt,
      timeliness: sql<'on_time' | 'late' | null>`${reports.timeliness}`,
    })
    .from(agencies)
    .leftJoin(reports, and(eq(reports.agencyId, agencies.id), eq(reports.programId, programId), eq(reports.period, period.id)))
    .where(inArray(agencies.id, expected))
    .orderBy(asc(agencies.kind), asc(agencies.name), asc(agencies.id));
  return rows.map(({ reportId, status, timeliness, ...row }) => ({
    ...row,
    reportId,
    state: submissionState(status ? { status, timeliness } : null),
  }));
}

async function taskStanding(db: Queryable, programId: string, asOf: string) {
  // Plain columns, not JSON built per row: a program can hold ten thousand tasks, and its groups and lead agencies are
  // a few dozen, looked up once.
  const rows = await db
    .select({
      id: tasks.id,
      code: tasks.code,
      title: tasks.title,
      status: sql<TaskStatus>`${tasks.status}`,
      progress: tasks.progress,
      completedOn: tasks.completedOn,
      deadlineKind: sql<DeadlineKind>`${tasks.deadlineKind}`,
      fromYear: tasks.deadlineFromYear,
      toYear: tasks.deadlineToYear,
      deadlineText: tasks.deadlineText,
      groupId: tasks.groupId,
      leadAgencyId: tasks.leadAgencyId,
    })
    .from(tasks)
    .where(eq(tasks.programId, programId));
  const groupRows = await db
    .select({ id: taskGroups.id, code: taskGroups.code, title: taskGroups.title, position: taskGroups.position, section: taskGroups.appendixSection, sectionTitle: taskGroups.appendixTitle })
    .from(taskGroups)
    .where(eq(taskGroups.programId, programId));
  const groups = new Map(groupRows.map((g) => [g.id, g]));
  const leadIds = [...new Set(rows.map((r) => r.leadAgencyId))];
  const leads = new Map(
    leadIds.length
      ? (await db.select({ id: agencies.id, code: agencies.code, name: agencies.name, shortName: agencies.shortName }).from(agencies).where(inArray(agencies.id, leadIds))).map((a) => [a.id, a])
      : [],
  );
  // Appendix order: by group position, then code (as the list and the document order them).
  const ordered = rows
    .map((task) => ({ task, group: groups.get(task.groupId)!, leadAgency: leads.get(task.leadAgencyId)! }))
    .sort((a, b) => a.group.position - b.group.position || (a.task.code < b.task.code ? -1 : a.task.code > b.task.code ? 1 : a.task.id < b.task.id ? -1 : 1));
  const judged = ordered.map((entry) => ({
    ...entry,
    ...taskBucket({ deadline: { kind: entry.task.deadlineKind, fromYear: entry.task.fromYear, toYear: entry.task.toYear }, status: entry.task.status, completedOn: entry.task.completedOn }, asOf),
  }));
  const sections = new Map(groupRows.map((g) => [g.section, g.sectionTitle]));
  return {
    total: tally(judged.map(({ bucket }) => ({ key: 'all', bucket })), () => ({}))[0]?.counts ?? emptyCounts(),
    bySection: tally(judged.map(({ group, bucket }) => ({ key: group.section, bucket })), (section) => ({ section, title: sections.get(section) ?? null })),
    byGroup: tally(judged.map(({ group, bucket }) => ({ key: group.id, bucket })), (id) => {
      const { code, title } = groups.get(id)!;
      return { group: { id, code, title } };
    }),
    byLeadAgency: tally(judged.map(({ leadAgency, bucket }) => ({ key: leadAgency.id, bucket })), (id) => ({ agency: leads.get(id)! })),
    overdue: judged
      .filter(({ bucket }) => bucket === 'overdue')
      .map(({ task, leadAgency, dueOn }) => ({
        task: { id: task.id, code: task.code, title: task.title },
        leadAgency,
        deadlineText: task.deadlineText,
        dueOn: dueOn!,
        status: task.status,
        progress: task.progress,
      })),
  };
}

async function indicatorTable(db: Queryable, program: { id: string; startYear: number; endYear: number }, period: Period) {
  const parent = sql`(select p.code from indicators p where p.id = ${indicators.parentId})`;
  const rows = await db
    .select({
      id: indicators.id,
      code: indicators.code,
      parentCode: sql<string | null>`${parent}`,
      name: indicators.name,
      unit: indicators.unit,
      direction: sql<IndicatorDirection>`${indicators.direction}`,
      comparator: sql<TargetComparator | null>`${indicators.targetComparator}`,
      lower: indicators.targetLower,
      upper: indicators.targetUpper,
      targetText: indicators.targetText,
      basis: sql<TargetBasis | null>`${indicators.basis}`,
      targetYear: indicators.targetYear,
      baselineValue: indicators.baselineValue,
      baselineYear: indicators.baselineYear,
    })
    .from(indicators)
    .where(eq(indicators.programId, program.id))
    .orderBy(asc(indicators.position), asc(indicators.id));
  // Yearly values only: the assessment compares years (a quarter's value is not a year's).
  const values = rows.length
    ? await db
        .select({ indicatorId: indicatorValues.indicatorId, period: indicatorValues.period, value: indicatorValues.value, kind: sql<'official' | 'estimate'>`${indicatorValues.kind}` })
        .from(indicatorValues)
        .where(and(inArray(indicatorValues.indicatorId, rows.map((r) => r.id)), sql`${indicatorValues.period} ~ '^[0-9]{4}$'`, sql`${indicatorValues.period}::int <= ${period.year}`))
    : [];
  const valuesOf = new Map<string, YearValue[]>();
  for (const v of values) (valuesOf.get(v.indicatorId) ?? valuesOf.set(v.indicatorId, []).get(v.indicatorId)!).push({ year: Number(v.period), value: v.value, kind: v.kind });
  return rows.map((row) => {
    const own = valuesOf.get(row.id) ?? [];
    const target = row.comparator ? { comparator: row.comparator, lower: row.lower, upper: row.upper } : null;
    const baseline = row.baselineValue !== null && row.baselineYear !== null ? { value: row.baselineValue, year: row.baselineYear } : null;
    const assessment = assessIndicator({ direction: row.direction, target, basis: row.basis, targetYear: row.targetYear, baseline }, own, {
      startYear: program.startYear,
      endYear: program.endYear,
      asOfYear: period.year,
    });
    // The latest year reported, its official value where there is one.
    const latest = [...own].sort((a, b) => b.year - a.year || (a.kind === 'official' ? -1 : 1))[0] ?? null;
    return {
      indicator: { id: row.id, code: row.code, parentCode: row.parentCode, name: row.name, unit: row.unit },
      target: target && { ...target, text: row.targetText, basis: row.basis, targetYear: row.targetYear, direction: row.direction },
      baseline,
      latest: latest && { period: String(latest.year), value: latest.value, kind: latest.kind },
      assessment,
    };
  });
}

async function concerns(db: Queryable, programId: string, period: Period) {
  return db
    .select({ agency: sql<AgencyRef>`${agencyRefJson(agencies)}`, reportId: reports.id, status: sql<ReportStatus>`${reports.status}`, difficulties: reports.difficulties, proposals: reports.proposals })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    // What the agencies have sent: drafts and returned reports are not theirs to publish yet.
    .where(and(eq(reports.programId, programId), eq(reports.period, period.id), inArray(reports.status, ['submitted', 'accepted']), sql`coalesce(${reports.difficulties}, ${reports.proposals}) is not null`))
    .orderBy(asc(agencies.kind), asc(agencies.name), asc(agencies.id));
}

export async function consolidatedReport(db: Queryable, programId: string, periodId: string, now: Date) {
  const { program, period } = await loadProgram(db, programId, periodId);
  const today = vietnamDateOf(now);
  const asOf = periodEnd(period) < today ? periodEnd(period) : today;
  const matrix = await submissions(db, program.id, period);
  const submissionCounts = Object.fromEntries(['missing', 'draft', 'submitted_on_time', 'submitted_late', 'returned', 'accepted'].map((s) => [s, matrix.filter((m) => m.state === s).length]));
  const standing = await taskStanding(db, program.id, asOf);
  return {
    program: { id: program.id, code: program.code, title: program.title },
    period: {
      id: period.id,
      kind: period.kind,
      reportingWindow: reportingWindow(period),
      calendarWindow: calendarWindow(period),
      submissionDeadline: submissionDeadline(period, { workingDaysAfterCutoff: program.days }, await holidaySet(db)),
    },
    asOf,
    generatedAt: now.toISOString(),
    submissions: matrix,
    submissionCounts: { expected: matrix.length, ...submissionCounts },
    tasks: { total: standing.total, bySection: standing.bySection, byGroup: standing.byGroup, byLeadAgency: standing.byLeadAgency },
    overdueTasks: standing.overdue,
    indicators: await indicatorTable(db, program, period),
    concerns: await concerns(db, program.id, period),
  };
}

export type ConsolidatedReport = Awaited<ReturnType<typeof consolidatedReport>>;
