// What an amendment does to the program. Every change is applied through the task and indicator repositories, so
// their rules (constraints, supporters, deadlines, the task.status_changed event, the audit trail) hold for an
// amended task exactly as for one edited directly. The same code runs three times in a proposal's life: as a trial
// when it is proposed (inside a savepoint that is rolled back: a proposal that could not be applied is refused then,
// with the field at fault, rather than at approval), to check it still fits when DPI recommends it, and for real when
// the approver approves it.
import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import { problemFromDatabaseError } from '../../db/errors.js';
import { indicators, tasks } from '../../db/schema/index.js';
import type { Transaction } from '../../db/types.js';
import { amendmentTarget, type AmendmentKind } from '../../domain/amendment-workflow.js';
import { HttpProblem } from '../../http/problem.js';
import { getIndicator, updateIndicator } from '../indicators/repository.js';
import type { IndicatorPatch } from '../indicators/schemas.js';
import { createTask, getTask, updateTask } from '../tasks/repository.js';
import type { TaskCreate, TaskPatch } from '../tasks/schemas.js';
import type { AmendedFields, Change } from './schemas.js';

/** What is proposed, against what. */
export interface Proposal {
  kind: AmendmentKind;
  programId: string;
  taskId: string | null;
  indicatorId: string | null;
  change: Change;
}

/** The values an application replaced and wrote (for add_task, nothing and the new task). */
export interface Outcome {
  before: AmendedFields | null;
  after: AmendedFields;
}

type Field = keyof AmendedFields;

/** The fields each kind replaces: compared with the amendment's `base` before it is applied, and kept before/after. */
const replacedFields: Record<Exclude<AmendmentKind, 'add_task'>, readonly Field[]> = {
  change_task_deadline: ['deadline'],
  change_task_lead: ['leadAgencyId'],
  // The wording describes the list: a proposal made against another wording is as stale as one against another list.
  change_task_supporters: ['supporters', 'supportingText'],
  cancel_task: ['status'],
  // A target means something only with its basis and year.
  change_indicator_target: ['target', 'basis', 'targetYear'],
};
const createdFields: readonly Field[] = ['taskId', 'groupId', 'code', 'title', 'kind', 'isKey', 'leadAgencyId', 'deadline', 'supporters', 'supportingText'];

type Task = Awaited<ReturnType<typeof getTask>>;
type Indicator = Awaited<ReturnType<typeof getIndicator>>;

function taskFields(task: Task): AmendedFields {
  const { kind, fromYear, toYear, text } = task.deadline;
  return {
    taskId: task.id,
    groupId: task.group.id,
    code: task.code,
    title: task.title,
    kind: task.kind,
    isKey: task.isKey,
    leadAgencyId: task.leadAgency.id,
    deadline: { kind, fromYear, toYear, text },
    supporters: task.supporters.map((s) => (s.type === 'agency' ? { agencyId: s.id } : { agencyGroupId: s.id })),
    supportingText: task.supportingText,
    status: task.status,
  };
}

function indicatorFields(indicator: Indicator): AmendedFields {
  return { target: indicator.target, basis: indicator.basis as AmendedFields['basis'], targetYear: indicator.targetYear };
}

const pick = (values: AmendedFields, fields: readonly Field[]): AmendedFields => Object.fromEntries(fields.map((f) => [f, values[f]]));

/** The current values of the fields the proposal replaces, read under a row lock so they cannot change meanwhile. */
async function currentFields(tx: Transaction, proposal: Proposal): Promise<AmendedFields> {
  if (proposal.kind === 'add_task') throw new Error('add_task replaces nothing');
  if (amendmentTarget(proposal.kind) === 'indicator') {
    await tx.select({ id: indicators.id }).from(indicators).where(eq(indicators.id, proposal.indicatorId!)).for('update');
    return pick(indicatorFields(await getIndicator(tx, proposal.indicatorId!)), replacedFields[proposal.kind]);
  }
  await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, proposal.taskId!)).for('update');
  return pick(taskFields(await getTask(tx, proposal.taskId!)), replacedFields[proposal.kind]);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 150 ? `${text.slice(0, 150)}…` : text;
}

/** 409 unless the fields the proposal replaces still hold the values it was proposed against. */
export async function assertUnchangedSince(tx: Transaction, proposal: Proposal, base: AmendedFields): Promise<void> {
  if (proposal.kind === 'add_task') return;
  const now = await currentFields(tx, proposal);
  const changed = replacedFields[proposal.kind].filter((field) => !isDeepStrictEqual(now[field], base[field]));
  if (changed.length === 0) return;
  const what = amendmentTarget(proposal.kind);
  const differences = changed.map((field) => `${field} was ${describe(base[field])} and is now ${describe(now[field])}`).join('; ');
  throw new HttpProblem('conflict', `The ${what} changed since the amendment was proposed: ${differences}. Propose the change again against its current state.`.slice(0, 2000));
}

/** Applies the change; the caller's transaction decides whether it stays. */
async function apply(tx: Transaction, proposal: Proposal): Promise<Outcome> {
  const { kind, change } = proposal;
  if (kind === 'add_task') {
    const created = await createTask(tx, { ...(change as Omit<TaskCreate, 'programId'>), programId: proposal.programId });
    return { before: null, after: pick(taskFields(created), createdFields) };
  }
  const before = await currentFields(tx, proposal);
  const fields = replacedFields[kind];
  if (kind === 'change_indicator_target') {
    const updated = await updateIndicator(tx, proposal.indicatorId!, change as IndicatorPatch);
    return { before, after: pick(indicatorFields(updated), fields) };
  }
  // Cancelling clears a completion date: a task that was done is history, not a task to call off.
  if (kind === 'cancel_task' && before.status === 'completed') throw new HttpProblem('conflict', 'The task is completed; a completed task cannot be cancelled.');
  const patch: TaskPatch = kind === 'cancel_task' ? { status: 'cancelled' } : (change as TaskPatch);
  const updated = await updateTask(tx, proposal.taskId!, patch);
  return { before, after: pick(taskFields(updated), fields) };
}

/** The problem an error stands for, when it is one the caller can act on (a rule broken, a reference unknown). */
function problemOf(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  return problemFromDatabaseError(error);
}

/** Signals the end of a trial: its savepoint is rolled back, and its outcome kept. */
class TrialOver extends Error {
  constructor(readonly outcome: Outcome) {
    super('trial application over');
  }
}

/**
 * Applies the proposal and undoes it, returning what it would change. A proposal that cannot be applied is refused
 * with the problem the repositories raise, its fields pointed at within `change` (`/change/leadAgencyId`).
 */
export async function tryProposal(tx: Transaction, proposal: Proposal): Promise<Outcome> {
  try {
    await tx.transaction(async (trial) => {
      throw new TrialOver(await apply(trial, proposal));
    });
  } catch (error) {
    if (error instanceof TrialOver) return error.outcome;
    const problem = problemOf(error);
    if (!problem) throw error;
    const errors = problem.errors?.map((e) => ({ ...e, pointer: `/change${e.pointer}` }));
    throw new HttpProblem(problem.kind, problem.message, errors);
  }
  throw new Error('a trial application always ends in TrialOver or an error');
}

/**
 * Applies an approved proposal for good: 409 `conflict` if the fields it replaces have changed since `base`, or if
 * the change no longer applies to the program as it is now (a task code taken since, say). Either way nothing is
 * changed: the caller's transaction is rolled back.
 */
export async function applyApproved(tx: Transaction, proposal: Proposal, base: AmendedFields | null): Promise<Outcome> {
  if (base) await assertUnchangedSince(tx, proposal, base);
  try {
    return await apply(tx, proposal);
  } catch (error) {
    const problem = problemOf(error);
    if (!problem || problem.kind === 'conflict') throw error;
    const field = problem.errors?.[0]?.pointer;
    const where = field ? ` (change${field})` : '';
    throw new HttpProblem('conflict', `The change no longer applies to the program as it is now${where}: ${problem.message}`.slice(0, 2000));
  }
}
