// Moves a report through its review (src/domain/report-workflow.ts says which moves are legal), records who moved it
// and why, and tells subscribers. Accepting applies the report's task updates and indicator values to the program in
// the same transaction: either the report is accepted and the program shows it, or neither.
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/roles.js';
import { indicatorValues, reports, reportTransitions } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { submissionTimeliness } from '../../domain/periods.js';
import { reportStatusAfter, statusesAllowing, type ReportAction, type ReportStatus } from '../../domain/report-workflow.js';
import { HttpProblem } from '../../http/problem.js';
import { emitEvent } from '../../webhooks/outbox.js';
import { announceValue } from '../indicator-values/repository.js';
import { updateTask } from '../tasks/repository.js';
import { assertOwnReport, getReport, transitionRow } from './repository.js';

type LoadedReport = Awaited<ReturnType<typeof getReport>>;

async function applyToProgram(db: Queryable, report: LoadedReport): Promise<void> {
  for (const update of report.taskUpdates) {
    await updateTask(db, update.taskId, { status: update.status, progress: update.progress, completedOn: update.completedOn });
  }
  for (const reported of report.indicatorValues) {
    const key = and(eq(indicatorValues.indicatorId, reported.indicatorId), eq(indicatorValues.period, report.period), eq(indicatorValues.kind, reported.kind));
    const [before] = await db.select({ value: indicatorValues.value }).from(indicatorValues).where(key);
    const [saved] = await db
      .insert(indicatorValues)
      .values({ indicatorId: reported.indicatorId, period: report.period, value: reported.value, kind: reported.kind, agencyId: report.agency.id, note: reported.note })
      .onConflictDoUpdate({
        target: [indicatorValues.indicatorId, indicatorValues.period, indicatorValues.kind],
        set: { value: reported.value, agencyId: report.agency.id, note: reported.note, updatedAt: sql`now()` },
      })
      .returning({ id: indicatorValues.id });
    if (before?.value !== reported.value) {
      await announceValue(db, { id: saved!.id, indicatorId: reported.indicatorId, period: report.period, value: reported.value, kind: reported.kind }, before?.value ?? null);
    }
  }
}

const eventOf: Record<ReportAction, 'report.submitted' | 'report.returned' | 'report.accepted' | 'report.reopened'> = {
  submit: 'report.submitted',
  return: 'report.returned',
  accept: 'report.accepted',
  reopen: 'report.reopened',
};

/**
 * Carries out `action` on the report as `actor` at `now` (the service clock). 404 when the caller may not see the
 * report, 403 when an agency officer acts on another agency's report, 409 when the report is not in a state that
 * allows the action.
 */
export async function moveReport(db: Queryable, actor: Actor, now: Date, id: string, action: ReportAction, reason: string | null = null) {
  const report = await getReport(db, actor, id, { forUpdate: true });
  assertOwnReport(actor, report.agency.id);
  const next = reportStatusAfter(report.status, action);
  if (!next) {
    throw new HttpProblem('invalid-transition', `A ${report.status} report cannot be ${pastTense[action]}; only a ${statusesAllowing(action).join(' or ')} one can.`);
  }
  const changes: Partial<typeof reports.$inferInsert> = { status: next, updatedAt: now };
  if (action === 'submit') {
    changes.submittedAt = now;
    // Timeliness is the first submission's: a report returned for changes and sent again was still sent on time.
    if (!report.firstSubmittedAt) {
      changes.firstSubmittedAt = now;
      changes.timeliness = submissionTimeliness(now, report.dueOn);
    }
  }
  if (action === 'accept') {
    await applyToProgram(db, report);
    changes.acceptedAt = now;
  }
  if (action === 'reopen') changes.acceptedAt = null;
  await db.update(reports).set(changes).where(eq(reports.id, id));
  await db.insert(reportTransitions).values({ reportId: id, ...transitionRow(actor, report.status, next, reason), occurredAt: now });
  const moved = await getReport(db, actor, id);
  await emitEvent(db, {
    type: eventOf[action],
    resourceType: 'reports',
    resourceId: id,
    data: { reportId: id, programId: moved.programId, agencyId: moved.agency.id, period: moved.period, from: report.status, to: next satisfies ReportStatus, timeliness: moved.timeliness, reason },
  });
  return moved;
}

const pastTense: Record<ReportAction, string> = { submit: 'submitted', return: 'returned', accept: 'accepted', reopen: 'reopened' };
