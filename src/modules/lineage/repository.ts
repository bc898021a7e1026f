// Recording and reading lineage events. Recording checks the event against every rule of src/domain/lineage.ts
// (all problems at once), then stores it and closes/opens the agencies' validity, in the caller's transaction.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agencies, lineageEventAgencies, lineageEvents, lineageTaskAssignments, tasks } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { closeAndOpen, dayBefore, lineageOf, validateLineageEvent, type AgencyPeriod, type LineageEvent } from '../../domain/lineage.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { HttpProblem, notFound } from '../../http/problem.js';
import type { AgencyRef } from '../agencies/ref.js';
import { agencyIdOf } from '../../db/lookup.js';
import { loadLineage, LineageOn } from './resolve.js';
import type { LineageEventCreate, LineageEventListQuery } from './schemas.js';

async function refs(db: Queryable, ids: string[]): Promise<Map<string, AgencyRef & AgencyPeriod>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name, shortName: agencies.shortName, validFrom: agencies.validFrom, validTo: agencies.validTo })
    .from(agencies)
    .where(inArray(agencies.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

const ref = ({ id, code, name, shortName }: AgencyRef) => ({ id, code, name, shortName });

/** Events as the API shows them. */
async function present(db: Queryable, events: LineageEvent[]) {
  const ids = events.map((e) => e.id);
  if (ids.length === 0) return [];
  const meta = await db.select().from(lineageEvents).where(inArray(lineageEvents.id, ids));
  const agencyRefs = await refs(db, [...new Set(events.flatMap((e) => [...e.predecessors, ...e.successors, ...e.taskAssignments.map((a) => a.agencyId)]))]);
  const taskIds = [...new Set(events.flatMap((e) => e.taskAssignments.map((a) => a.taskId)))];
  const taskRows = taskIds.length ? await db.select({ id: tasks.id, code: tasks.code, title: tasks.title }).from(tasks).where(inArray(tasks.id, taskIds)) : [];
  const taskById = new Map(taskRows.map((t) => [t.id, t]));
  return events.map((event) => {
    const row = meta.find((m) => m.id === event.id)!;
    return {
      id: event.id,
      kind: event.kind,
      effectiveOn: event.effectiveOn,
      predecessors: event.predecessors.map((id) => ref(agencyRefs.get(id)!)),
      successors: event.successors.map((id) => ref(agencyRefs.get(id)!)),
      taskAssignments: event.taskAssignments.map((a) => ({ task: taskById.get(a.taskId)!, agency: ref(agencyRefs.get(a.agencyId)!) })),
      legalBasis: row.legalBasis,
      note: row.note,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

const sorts: Record<string, SortSpec<{ id: string; effectiveOn: string }>> = sortBothWays('effectiveOn', [lineageEvents.effectiveOn, lineageEvents.id], (r) => [r.effectiveOn, r.id]);

export async function listLineageEvents(db: Queryable, query: LineageEventListQuery) {
  const page = paginate(sorts, query.sort ?? 'effectiveOn', query);
  const agencyId = query.agencyId ? await agencyIdOf(db, query.agencyId) : undefined;
  const rows = await db
    .select({ id: lineageEvents.id, effectiveOn: lineageEvents.effectiveOn })
    .from(lineageEvents)
    .where(
      and(
        query.kind ? eq(lineageEvents.kind, query.kind) : undefined,
        agencyId === undefined ? undefined : sql`${lineageEvents.id} in (select event_id from lineage_event_agencies where agency_id = ${agencyId ?? '00000000-0000-0000-0000-000000000000'})`,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  const { items, nextCursor } = page.finish(rows);
  const all = await loadLineage(db);
  const byId = new Map(all.map((e) => [e.id, e]));
  return { items: await present(db, items.map((i) => byId.get(i.id)!)), nextCursor };
}

export async function getLineageEvent(db: Queryable, id: string) {
  const event = (await loadLineage(db)).find((e) => e.id === id);
  if (!event) throw notFound('lineage event', id);
  return (await present(db, [event]))[0]!;
}

/** The body's field names, for the pointers of the rules' problems. */
const pointerOf = (pointer: string) => pointer.replace(/^\/predecessors/, '/predecessorIds').replace(/^\/successors/, '/successorIds');

/** Records an event: validates it whole, stores it, and closes the predecessors and opens the successors. */
export async function recordLineageEvent(db: Queryable, body: LineageEventCreate) {
  // One change of the lineage at a time: two events recorded at once could each pass the cycle check.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('plantrack:lineage'))`);
  const event: LineageEvent = {
    id: randomUUID(),
    kind: body.kind as LineageEvent['kind'],
    effectiveOn: body.effectiveOn,
    predecessors: body.predecessorIds.map((id) => id.toLowerCase()),
    successors: body.successorIds.map((id) => id.toLowerCase()),
    taskAssignments: (body.taskAssignments ?? []).map((a) => ({ taskId: a.taskId.toLowerCase(), agencyId: a.agencyId.toLowerCase() })),
  };
  const existing = await loadLineage(db);
  const listed = await refs(db, [...new Set([...event.predecessors, ...event.successors])]);
  // What each predecessor answers for the day before: the tasks a split must place.
  const before = new LineageOn(existing, dayBefore(event.effectiveOn));
  const answeredFor: string[] = [];
  for (const predecessor of event.predecessors) {
    const rows = await db.select({ id: tasks.id }).from(tasks).where(await before.responsibleIs(db, predecessor)).orderBy(asc(tasks.code));
    answeredFor.push(...rows.map((r) => r.id));
  }
  const problems = validateLineageEvent(event, [...listed.values()], existing, answeredFor);
  if (problems.length > 0) {
    const unknown = problems.every((p) => /^unknown agency/.test(p.message));
    throw new HttpProblem(
      unknown ? 'unknown-reference' : 'invalid-value',
      `The event breaks ${problems.length} rule${problems.length === 1 ? '' : 's'} of agency lineage; nothing was recorded.`,
      problems.slice(0, 100).map((p) => ({ in: 'body' as const, pointer: pointerOf(p.pointer), message: p.message })),
    );
  }
  await db.insert(lineageEvents).values({ id: event.id, kind: event.kind, effectiveOn: event.effectiveOn, legalBasis: body.legalBasis ?? null, note: body.note ?? null });
  await db.insert(lineageEventAgencies).values([
    ...event.predecessors.map((agencyId, position) => ({ eventId: event.id, role: 'predecessor', position, agencyId })),
    ...event.successors.map((agencyId, position) => ({ eventId: event.id, role: 'successor', position, agencyId })),
  ]);
  if (event.taskAssignments.length > 0) await db.insert(lineageTaskAssignments).values(event.taskAssignments.map((a) => ({ eventId: event.id, ...a })));
  for (const change of closeAndOpen(event, [...listed.values()])) {
    await db
      .update(agencies)
      .set(change.field === 'validTo' ? { validTo: change.to, updatedAt: sql`now()` } : { validFrom: change.to, updatedAt: sql`now()` })
      .where(eq(agencies.id, change.agencyId));
  }
  return getLineageEvent(db, event.id);
}

/** Predecessors and successors of an agency, through every chain of events. */
export async function agencyLineage(db: Queryable, agencyId: string) {
  const [agency] = await db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name, shortName: agencies.shortName, validFrom: agencies.validFrom, validTo: agencies.validTo })
    .from(agencies)
    .where(eq(agencies.id, agencyId));
  if (!agency) throw notFound('agency', agencyId);
  const { predecessors, successors } = lineageOf(agency.id, await loadLineage(db));
  const others = await refs(db, [...new Set([...predecessors.map((l) => l.from), ...successors.map((l) => l.to)])]);
  const link = (agencyOf: (l: (typeof predecessors)[number]) => string) => (l: (typeof predecessors)[number]) => ({
    agency: ref(others.get(agencyOf(l))!),
    event: { id: l.eventId, kind: l.kind, effectiveOn: l.effectiveOn },
    distance: l.distance,
  });
  return { agency, predecessors: predecessors.map(link((l) => l.from)), successors: successors.map(link((l) => l.to)) };
}
