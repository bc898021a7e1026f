// Amendments: reading them, and proposing one. A proposal is public once made (any reader may read it, as the
// program it would change is); the review steps are in workflow.ts, what a change does to the program in changes.ts.
import { isDeepStrictEqual } from 'node:util';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { confinedAgency, type Actor } from '../../auth/roles.js';
import { refersTo } from '../../db/lookup.js';
import { agencies, amendments, amendmentTransitions, indicators, programs, tasks } from '../../db/schema/index.js';
import type { Queryable, Transaction } from '../../db/types.js';
import { amendmentTarget, type AmendmentKind, type AmendmentStatus } from '../../domain/amendment-workflow.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { HttpProblem, invalidField, notFound } from '../../http/problem.js';
import { agencyRefJson, type AgencyRef } from '../agencies/ref.js';
import { transitionRow } from '../reports/repository.js';
import { tryProposal, type Proposal } from './changes.js';
import type { AmendedFields, Amendment, AmendmentCreate, AmendmentListQuery, Change, TargetAmendmentListQuery } from './schemas.js';

/** Roles that propose for any agency; an agency officer proposes only for its own. */
const coordinators = ['coordinator'] as const;

// An approved add_task cannot name its task in task_id (amendments_target_check keeps add_task rows free of one), so
// the task it created is read from `after`.
const taskIdColumn = sql<string | null>`coalesce(${amendments.taskId}, (${amendments.after} ->> 'taskId')::uuid)`;

const summaryColumns = {
  id: amendments.id,
  programId: amendments.programId,
  proposingAgency: sql<AgencyRef>`${agencyRefJson(agencies)}`,
  kind: sql<AmendmentKind>`${amendments.kind}`,
  taskId: taskIdColumn,
  indicatorId: amendments.indicatorId,
  change: sql<Change>`${amendments.change}`,
  rationale: amendments.rationale,
  status: sql<AmendmentStatus>`${amendments.status}`,
  coordinatorNote: amendments.coordinatorNote,
  decisionRef: amendments.decisionRef,
  decidedAt: amendments.decidedAt,
  base: sql<AmendedFields | null>`${amendments.base}`,
  before: sql<AmendedFields | null>`${amendments.before}`,
  after: sql<AmendedFields | null>`${amendments.after}`,
  createdAt: amendments.createdAt,
  updatedAt: amendments.updatedAt,
};

// The keyset of the createdAt sort, as text with every microsecond: a JavaScript Date keeps milliseconds only, and a
// cursor made from one would skip or repeat rows created within the same millisecond.
const createdKey = sql<string>`to_char(${amendments.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const history = sql<Amendment['history']>`coalesce((
  select json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason,
    'actor', json_build_object('type', h.actor_type, 'id', h.actor_id, 'name', h.actor_name, 'agencyId', h.actor_agency_id),
    'requestId', h.request_id, 'at', to_char(h.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by h.id)
  from amendment_transitions h where h.amendment_id = ${amendments.id}), '[]'::json)`;

const selectSummaries = (db: Queryable) =>
  db
    .select({ ...summaryColumns, createdKey })
    .from(amendments)
    .innerJoin(agencies, eq(agencies.id, amendments.proposingAgencyId));
type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['execute']>>[number];

const sorts: Record<string, SortSpec<SummaryRow>> = sortBothWays<SummaryRow>('createdAt', [amendments.createdAt, amendments.id], (r) => [r.createdKey, r.id]);

/** Amendments that concern the task: those that change it, and the add_task that created it. */
const concernsTask = (taskId: string): SQL => sql`(${amendments.taskId} = ${taskId}::uuid or (${amendments.kind} = 'add_task' and ${taskIdColumn} = ${taskId}::uuid))`;

async function listWhere(db: Queryable, query: TargetAmendmentListQuery, ...conditions: (SQL | undefined)[]) {
  const page = paginate(sorts, query.sort ?? 'createdAt', query);
  const rows = await selectSummaries(db)
    .where(and(...conditions, query.status ? eq(amendments.status, query.status) : undefined, query.kind ? eq(amendments.kind, query.kind) : undefined, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  const { items, nextCursor } = page.finish(rows);
  return { items: items.map(({ createdKey: _key, ...row }) => row), nextCursor };
}

export function listAmendments(db: Queryable, query: AmendmentListQuery) {
  return listWhere(
    db,
    query,
    query.programId ? refersTo(amendments.programId, programs, query.programId) : undefined,
    query.taskId ? concernsTask(query.taskId) : undefined,
    query.indicatorId ? eq(amendments.indicatorId, query.indicatorId) : undefined,
    query.proposingAgencyId ? refersTo(amendments.proposingAgencyId, agencies, query.proposingAgencyId) : undefined,
  );
}

/** The amendment history of a task: 404 when there is no such task. */
export async function listTaskAmendments(db: Queryable, taskId: string, query: TargetAmendmentListQuery) {
  const [task] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw notFound('task', taskId);
  return listWhere(db, query, concernsTask(task.id));
}

/** The amendment history of an indicator's target: 404 when there is no such indicator. */
export async function listIndicatorAmendments(db: Queryable, indicatorId: string, query: TargetAmendmentListQuery) {
  const [indicator] = await db.select({ id: indicators.id }).from(indicators).where(eq(indicators.id, indicatorId));
  if (!indicator) throw notFound('indicator', indicatorId);
  return listWhere(db, query, eq(amendments.indicatorId, indicator.id));
}

/** One amendment with its history; `forUpdate` locks it for a review step. */
export async function getAmendment(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  if (options.forUpdate) await db.select({ id: amendments.id }).from(amendments).where(eq(amendments.id, id)).for('update');
  const [row] = await db
    .select({ ...summaryColumns, history })
    .from(amendments)
    .innerJoin(agencies, eq(agencies.id, amendments.proposingAgencyId))
    .where(eq(amendments.id, id));
  if (!row) throw notFound('amendment', id);
  return row;
}

type StoredAmendment = Awaited<ReturnType<typeof getAmendment>>;

/** What the amendment changes, as changes.ts takes it. */
export const proposalOf = (amendment: Pick<StoredAmendment, 'kind' | 'programId' | 'taskId' | 'indicatorId' | 'change'>): Proposal => ({
  kind: amendment.kind,
  programId: amendment.programId,
  // For an approved add_task the read model names the created task; the proposal itself names none.
  taskId: amendment.kind === 'add_task' ? null : amendment.taskId,
  indicatorId: amendment.indicatorId,
  change: amendment.change,
});

/** 422 unless the program, the proposing agency and the task or indicator exist, and the target is the program's. */
async function checkReferences(db: Queryable, body: AmendmentCreate): Promise<Pick<Proposal, 'programId' | 'taskId' | 'indicatorId'>> {
  const [program] = await db.select({ id: programs.id }).from(programs).where(eq(programs.id, body.programId));
  if (!program) throw invalidField('unknown-reference', '/programId', 'No program has this id.');
  const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, body.proposingAgencyId));
  if (!agency) throw invalidField('unknown-reference', '/proposingAgencyId', 'No agency has this id.');
  if ('taskId' in body) {
    const [task] = await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, body.taskId), eq(tasks.programId, program.id)));
    if (!task) throw invalidField('unknown-reference', '/taskId', 'No task of this program has this id.');
    return { programId: program.id, taskId: task.id, indicatorId: null };
  }
  if ('indicatorId' in body) {
    const [indicator] = await db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.id, body.indicatorId), eq(indicators.programId, program.id)));
    if (!indicator) throw invalidField('unknown-reference', '/indicatorId', 'No indicator of this program has this id.');
    return { programId: program.id, taskId: null, indicatorId: indicator.id };
  }
  return { programId: program.id, taskId: null, indicatorId: null };
}

/**
 * Records a proposal as `proposed`, with `base`: the current values of what it replaces. 403 when an agency officer
 * proposes for another agency; 422 for unknown references or a change that breaks a rule or changes nothing; 409 for a
 * change that conflicts with the program (a task code it already has, cancelling a completed task).
 */
export async function proposeAmendment(tx: Transaction, actor: Actor, now: Date, body: AmendmentCreate) {
  const proposingAgencyId = body.proposingAgencyId.toLowerCase();
  const ownAgency = confinedAgency(actor, coordinators);
  if (ownAgency && ownAgency !== proposingAgencyId) throw new HttpProblem('forbidden', 'An agency officer may only propose amendments for its own agency.');
  const target = await checkReferences(tx, body);
  const kind = body.kind as AmendmentKind;
  const proposal: Proposal = { kind, ...target, change: body.change };
  const trial = await tryProposal(tx, proposal);
  if (isDeepStrictEqual(trial.before, trial.after)) {
    throw invalidField('invalid-value', '/change', `The ${amendmentTarget(kind)} already is as proposed: the change would change nothing.`);
  }
  const [created] = await tx
    .insert(amendments)
    .values({ ...proposal, proposingAgencyId, base: trial.before, rationale: body.rationale })
    .returning({ id: amendments.id });
  await tx.insert(amendmentTransitions).values({ amendmentId: created!.id, ...transitionRow(actor, null, 'proposed', null), occurredAt: now });
  return getAmendment(tx, created!.id);
}
