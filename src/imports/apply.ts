// Writes an import plan in the caller's transaction: rows to create are inserted (parents before children), rows that
// differ are updated in the fields that differ, and nothing else is touched. Natural codes become ids here, as rows
// are created. A constraint the checks did not foresee (a concurrent writer, say) still ends the import: the error is
// mapped (src/db/errors.ts) to a problem at the record being written, and the transaction rolls back.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { problemFromDatabaseError } from '../db/errors.js';
import { agencies, agencyGroupMembers, agencyGroups, indicators, programs, taskGroups, tasks, taskSupporters } from '../db/schema/index.js';
import type { Transaction } from '../db/types.js';
import { emitEvent } from '../webhooks/outbox.js';
import type { ImportPlan, PlannedRow } from './plan.js';
import type { AgencyRecord, IndicatorRecord, ProgramRecord, StoredState, TaskGroupRecord, TaskRecord } from './records.js';
import type { Finding } from './source.js';

/** A write the database refused, at the record being written. */
export class WriteRefused extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
  }
}

async function writing<T>(pointer: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const problem = problemFromDatabaseError(error);
    if (!problem) throw error;
    throw new WriteRefused({ pointer, message: `The database refused this record: ${problem.message}` });
  }
}

/** The columns of `all` that the changed fields of a record name (`parentCode` is stored as `parentId`). */
function changedColumns<C extends Record<string, unknown>>(all: C, fields: string[]): Partial<C> {
  const column: Record<string, string> = {
    parentCode: 'parentId',
    issuerCode: 'issuerAgencyId',
    coordinatorCode: 'coordinatorAgencyId',
    responsibleAgencyCode: 'responsibleAgencyId',
    leadAgencyCode: 'leadAgencyId',
    groupCode: 'groupId',
  };
  return Object.fromEntries(fields.map((f) => column[f] ?? f).filter((c) => c in all).map((c) => [c, all[c]])) as Partial<C>;
}

/** Inserts rows whose parents must exist first: those whose parent is known, then their children, and so on. */
async function createByDepth<R extends { parentCode: string | null }>(rows: PlannedRow<R>[], ids: Map<string, string>, insert: (row: PlannedRow<R>) => Promise<string>): Promise<void> {
  let pending = rows.filter((r) => r.action === 'create');
  while (pending.length > 0) {
    const ready = pending.filter((r) => r.wanted.parentCode === null || ids.has(r.wanted.parentCode));
    if (ready.length === 0) throw new Error(`parents of ${pending.map((r) => r.code).join(', ')} form a cycle`); // refused by validation
    for (const row of ready) ids.set(row.code, await insert(row));
    pending = pending.filter((r) => !ready.includes(r));
  }
}

export async function applyPlan(tx: Transaction, plan: ImportPlan, stored: StoredState, wrote: () => void = () => {}): Promise<string> {
  const idsOf = <R>(map: Map<string, { id: string } & R>) => new Map([...map].map(([code, row]) => [code, row.id]));
  const agencyIds = idsOf(stored.agencies);
  const groupIds = idsOf(stored.agencyGroups);
  const taskGroupIds = idsOf(stored.taskGroups);
  const indicatorIds = idsOf(stored.indicators);
  const agencyId = (code: string | null) => (code === null ? null : agencyIds.get(code)!);
  const now = sql`now()`;

  // Agencies
  const agencyColumns = (a: AgencyRecord) => ({ name: a.name, shortName: a.shortName, kind: a.kind, parentId: agencyId(a.parentCode), validFrom: a.validFrom });
  await createByDepth(plan.agencies, agencyIds, (row) =>
    writing(row.pointer, async () => {
      const [created] = await tx.insert(agencies).values({ code: row.code, ...agencyColumns(row.wanted) }).returning({ id: agencies.id });
      wrote();
      return created!.id;
    }),
  );
  for (const row of plan.agencies.filter((r) => r.action === 'update')) {
    await writing(row.pointer, () => tx.update(agencies).set({ ...changedColumns(agencyColumns(row.wanted), row.fields), updatedAt: now }).where(eq(agencies.id, row.stored!.id)));
    wrote();
  }

  // Agency groups and their members (a membership is changed member by member: the audit trail shows who came and went)
  for (const row of plan.agencyGroups.filter((r) => r.action !== 'unchanged')) {
    await writing(row.pointer, async () => {
      const { name, description, memberCodes } = row.wanted;
      let id = row.stored?.id;
      if (!id) {
        [{ id }] = (await tx.insert(agencyGroups).values({ code: row.code, name, description }).returning({ id: agencyGroups.id })) as [{ id: string }];
      } else if (row.fields.some((f) => f !== 'memberCodes')) {
        await tx.update(agencyGroups).set({ ...changedColumns({ name, description }, row.fields), updatedAt: now }).where(eq(agencyGroups.id, id));
      }
      groupIds.set(row.code, id);
      const before = new Set(row.stored?.memberCodes ?? []);
      const after = new Set(memberCodes);
      const gone = [...before].filter((code) => !after.has(code)).map((code) => agencyIds.get(code)!);
      const added = memberCodes.filter((code) => !before.has(code));
      if (gone.length > 0) await tx.delete(agencyGroupMembers).where(and(eq(agencyGroupMembers.groupId, id), inArray(agencyGroupMembers.agencyId, gone)));
      if (added.length > 0) await tx.insert(agencyGroupMembers).values(added.map((code) => ({ groupId: id, agencyId: agencyIds.get(code)! })));
    });
    wrote();
  }

  // The program
  const programColumns = (p: ProgramRecord) => ({
    title: p.title,
    resolution: p.resolution,
    issuedOn: p.issuedOn,
    startYear: p.startYear,
    endYear: p.endYear,
    signedBy: p.signedBy,
    summary: p.summary,
    issuerAgencyId: agencyId(p.issuerCode),
    coordinatorAgencyId: agencyId(p.coordinatorCode),
    reportingPeriodKinds: p.reportingPeriodKinds,
    reportDeadlineWorkingDays: p.reportDeadlineWorkingDays,
  });
  const program = plan.program;
  let programId = program.stored?.id;
  if (!programId) {
    programId = await writing(program.pointer, async () => (await tx.insert(programs).values({ code: program.code, ...programColumns(program.wanted) }).returning({ id: programs.id }))[0]!.id);
    wrote();
  } else if (program.action === 'update') {
    await writing(program.pointer, () => tx.update(programs).set({ ...changedColumns(programColumns(program.wanted), program.fields), updatedAt: now }).where(eq(programs.id, programId!)));
    wrote();
  }

  // Task groups. Appendix sections are unique within a program and rows change one at a time, so when sections move
  // between groups the moving ones are cleared first: no two rows ever hold one section in between.
  const taskGroupColumns = (g: TaskGroupRecord) => ({ title: g.title, position: g.position, appendixSection: g.appendixSection, appendixTitle: g.appendixTitle });
  const moving = plan.taskGroups.filter((r) => r.action === 'update' && r.fields.includes('appendixSection'));
  const heldElsewhere = moving.some((r) => [...stored.taskGroups].some(([code, g]) => code !== r.code && g.appendixSection !== null && g.appendixSection === r.wanted.appendixSection));
  if (heldElsewhere) {
    for (const row of moving) await writing(row.pointer, () => tx.update(taskGroups).set({ appendixSection: null }).where(eq(taskGroups.id, row.stored!.id)));
  }
  for (const row of plan.taskGroups.filter((r) => r.action === 'update')) {
    await writing(row.pointer, () => tx.update(taskGroups).set({ ...changedColumns(taskGroupColumns(row.wanted), row.fields), updatedAt: now }).where(eq(taskGroups.id, row.stored!.id)));
    wrote();
  }
  for (const row of plan.taskGroups.filter((r) => r.action === 'create')) {
    const [created] = await writing(row.pointer, () => tx.insert(taskGroups).values({ programId: programId!, code: row.code, ...taskGroupColumns(row.wanted) }).returning({ id: taskGroups.id }));
    taskGroupIds.set(row.code, created!.id);
    wrote();
  }

  // Indicators
  const indicatorColumns = (x: IndicatorRecord) => {
    const { parentCode, responsibleAgencyCode, ...rest } = x;
    return { ...rest, parentId: parentCode === null ? null : indicatorIds.get(parentCode)!, responsibleAgencyId: agencyId(responsibleAgencyCode) };
  };
  await createByDepth(plan.indicators, indicatorIds, (row) =>
    writing(row.pointer, async () => {
      const [created] = await tx.insert(indicators).values({ programId: programId!, code: row.code, ...indicatorColumns(row.wanted) }).returning({ id: indicators.id });
      wrote();
      return created!.id;
    }),
  );
  for (const row of plan.indicators.filter((r) => r.action === 'update')) {
    await writing(row.pointer, () => tx.update(indicators).set({ ...changedColumns(indicatorColumns(row.wanted), row.fields), updatedAt: now }).where(eq(indicators.id, row.stored!.id)));
    wrote();
  }

  // Tasks and their supporters (an ordered list: replaced as a whole when it changes)
  const taskColumns = (t: TaskRecord) => {
    const { groupCode, leadAgencyCode, supporters: _supporters, ...rest } = t;
    return { ...rest, groupId: taskGroupIds.get(groupCode)!, leadAgencyId: agencyIds.get(leadAgencyCode)! };
  };
  const supporterRows = (taskId: string, supporters: string[]) =>
    supporters.map((key, i) => {
      const [type, code] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      return { taskId, position: i + 1, agencyId: type === 'agency' ? agencyIds.get(code)! : null, agencyGroupId: type === 'group' ? groupIds.get(code)! : null };
    });
  for (const row of plan.tasks.filter((r) => r.action !== 'unchanged')) {
    await writing(row.pointer, async () => {
      let id = row.stored?.id;
      if (!id) {
        [{ id }] = (await tx.insert(tasks).values({ programId: programId!, code: row.code, ...taskColumns(row.wanted) }).returning({ id: tasks.id })) as [{ id: string }];
      } else if (row.fields.some((f) => f !== 'supporters')) {
        await tx.update(tasks).set({ ...changedColumns(taskColumns(row.wanted), row.fields), updatedAt: now }).where(eq(tasks.id, id));
      }
      if (!row.stored || row.fields.includes('supporters')) {
        if (row.stored) await tx.delete(taskSupporters).where(eq(taskSupporters.taskId, id));
        if (row.wanted.supporters.length > 0) await tx.insert(taskSupporters).values(supporterRows(id, row.wanted.supporters));
      }
      // Subscribers hear of a status change however it was made (as PATCH /v1/tasks/{id} tells them).
      if (row.stored && row.stored.status !== row.wanted.status) {
        const { status: from } = row.stored;
        const { status: to, progress, completedOn } = row.wanted;
        await emitEvent(tx, { type: 'task.status_changed', resourceType: 'tasks', resourceId: id, data: { taskId: id, programId, code: row.code, from, to, progress, completedOn } });
      }
    });
    wrote();
  }
  return programId;
}
