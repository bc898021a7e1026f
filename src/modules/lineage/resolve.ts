// Lineage in queries: loads the recorded events and turns "who is responsible on this day" into SQL conditions the
// task, agency and report queries add. Nothing is stored per day: the rules of src/domain/lineage.ts are applied to
// the (few) events at query time, and when no event is in force by the day asked about, queries stay as they were.
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import { agencies, lineageEventAgencies, lineageEvents, lineageTaskAssignments, tasks } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { responsibleAgency, standsFor, successorsOn, type LineageEvent, type LineageEventKind } from '../../domain/lineage.js';

/** Every recorded event with its agencies and task assignments, oldest first. */
export async function loadLineage(db: Queryable): Promise<LineageEvent[]> {
  const rows = await db.select({ id: lineageEvents.id, kind: lineageEvents.kind, effectiveOn: lineageEvents.effectiveOn }).from(lineageEvents).orderBy(asc(lineageEvents.effectiveOn), asc(lineageEvents.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const members = await db.select().from(lineageEventAgencies).where(inArray(lineageEventAgencies.eventId, ids)).orderBy(asc(lineageEventAgencies.position));
  const assignments = await db.select().from(lineageTaskAssignments).where(inArray(lineageTaskAssignments.eventId, ids));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as LineageEventKind,
    effectiveOn: row.effectiveOn,
    predecessors: members.filter((m) => m.eventId === row.id && m.role === 'predecessor').map((m) => m.agencyId),
    successors: members.filter((m) => m.eventId === row.id && m.role === 'successor').map((m) => m.agencyId),
    taskAssignments: assignments.filter((a) => a.eventId === row.id).map((a) => ({ taskId: a.taskId, agencyId: a.agencyId })),
  }));
}

/** The lineage as of one day, with the questions queries ask of it. */
export class LineageOn {
  readonly inForce: LineageEvent[];
  /** Agencies an event in force has closed. */
  readonly closed: Set<string>;

  constructor(
    events: LineageEvent[],
    readonly date: string,
  ) {
    this.inForce = events.filter((e) => e.effectiveOn <= date);
    this.closed = new Set(this.inForce.flatMap((e) => e.predecessors));
  }

  get changesAnything(): boolean {
    return this.inForce.length > 0;
  }

  /** Tasks (those `where` selects, or all) whose lead has closed by the day, with the agency now responsible for each. */
  async movedTasks(db: Queryable, where?: SQL): Promise<Map<string, string>> {
    if (this.closed.size === 0) return new Map();
    const rows = await db
      .select({ id: tasks.id, lead: tasks.leadAgencyId })
      .from(tasks)
      .where(and(inArray(tasks.leadAgencyId, [...this.closed]), where));
    return new Map(rows.map((task) => [task.id, responsibleAgency(task.lead, task.id, this.inForce, this.date).agencyId]));
  }

  /** SQL: the task is `agencyId`'s on the day — it leads it and has not closed, or inherited it. */
  async responsibleIs(db: Queryable, agencyId: string): Promise<SQL> {
    if (!this.changesAnything) return sql`${tasks.leadAgencyId} = ${agencyId}`;
    const moved = await this.movedTasks(db);
    const inherited = [...moved].filter(([, agency]) => agency === agencyId).map(([taskId]) => taskId);
    const own = this.closed.has(agencyId) ? sql`false` : sql`${tasks.leadAgencyId} = ${agencyId}`;
    return inherited.length > 0 ? sql`(${own} or ${inArray(tasks.id, inherited)})` : own;
  }

  /** The agencies `agencyId` stands for on the day (itself, and the closed ones it succeeded), for supporting roles. */
  standsFor(agencyId: string): string[] {
    return this.changesAnything ? standsFor(agencyId, this.inForce, this.date) : [agencyId];
  }

  successorsOf(agencyId: string): string[] {
    return this.changesAnything ? successorsOn(agencyId, this.inForce, this.date) : [agencyId];
  }
}

export async function lineageOn(db: Queryable, date: string): Promise<LineageOn> {
  return new LineageOn(await loadLineage(db), date);
}

/** SQL: the agency exists on the day (its validity covers it). */
export const existsOn = (date: string): SQL =>
  sql`(${agencies.validFrom} is null or ${agencies.validFrom} <= ${date}) and (${agencies.validTo} is null or ${agencies.validTo} >= ${date})`;
