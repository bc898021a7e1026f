// Who takes part in a program on a given day: the agencies responsible for its tasks then (the leads, or their
// successors after a restructuring) and the agencies standing for its supporters (named directly, or as members of a
// supporting group). They, and only they, report on the program for a period that ends that day.
import { and, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { agencies, agencyGroupMembers, tasks, taskSupporters } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { existsOn, type LineageOn } from '../lineage/resolve.js';

/** The ids of the agencies taking part in `programId` on the lineage's day (and existing then). */
export async function agenciesTakingPart(db: Queryable, programId: string, lineage: LineageOn): Promise<string[]> {
  const closed = [...lineage.closed];
  const leads = await db
    .selectDistinct({ id: tasks.leadAgencyId })
    .from(tasks)
    .where(and(eq(tasks.programId, programId), closed.length ? notInArray(tasks.leadAgencyId, closed) : undefined));
  const inherited = lineage.changesAnything ? [...(await lineage.movedTasks(db, eq(tasks.programId, programId))).values()] : [];
  // Supporters named directly, and the members of the (few, distinct) groups named: joining members per task first
  // would multiply every task of a large program by the size of its groups.
  const supporters = await db.execute<{ id: string }>(sql`
    with named as (
      select distinct ${taskSupporters.agencyId} as agency_id, ${taskSupporters.agencyGroupId} as group_id
      from ${taskSupporters} join ${tasks} on ${tasks.id} = ${taskSupporters.taskId}
      where ${tasks.programId} = ${programId})
    select agency_id as id from named where agency_id is not null
    union
    select ${agencyGroupMembers.agencyId} from ${agencyGroupMembers} where ${agencyGroupMembers.groupId} in (select group_id from named where group_id is not null)`);
  const supporterRows = (supporters as unknown as { rows: { id: string }[] }).rows;
  const candidates = new Set([...leads.map((r) => r.id), ...inherited, ...supporterRows.flatMap((r) => lineage.successorsOf(r.id))]);
  if (candidates.size === 0) return [];
  const existing = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(inArray(agencies.id, [...candidates]), existsOn(lineage.date)));
  return existing.map((r) => r.id);
}

/** SQL over `tasks`: the agency is responsible for the task on the lineage's day, or stands for one of its supporters. */
export async function takesPartInTask(db: Queryable, agencyId: string, lineage: LineageOn): Promise<SQL> {
  const standsFor = lineage.standsFor(agencyId);
  const supports = standsFor.length
    ? sql`exists (select 1 from ${taskSupporters} where ${taskSupporters.taskId} = ${tasks.id} and (${inArray(taskSupporters.agencyId, standsFor)}
        or ${taskSupporters.agencyGroupId} in (select ${agencyGroupMembers.groupId} from ${agencyGroupMembers} where ${inArray(agencyGroupMembers.agencyId, standsFor)})))`
    : sql`false`;
  return sql`(${await lineage.responsibleIs(db, agencyId)} or ${supports})`;
}
