// Who takes part in a program: the agencies that lead or support one of its tasks (a supporter named directly or
// through an agency group it belongs to). They, and only they, are expected to report on it.
import { sql, type SQL } from 'drizzle-orm';

/** SQL for the ids of the agencies taking part in `programId`. */
export function agenciesTakingPart(programId: SQL | string): SQL {
  const program = typeof programId === 'string' ? sql`${programId}::uuid` : programId;
  return sql`(
    select t.lead_agency_id from tasks t where t.program_id = ${program}
    union
    select s.agency_id from task_supporters s join tasks t on t.id = s.task_id where t.program_id = ${program} and s.agency_id is not null
    union
    select m.agency_id from task_supporters s join tasks t on t.id = s.task_id join agency_group_members m on m.group_id = s.agency_group_id
    where t.program_id = ${program})`;
}

/** SQL: the agency leads the task, or supports it directly or through one of its groups. */
export function takesPartInTask(agencyId: SQL, taskId: SQL): SQL {
  return sql`(exists (select 1 from tasks t where t.id = ${taskId} and t.lead_agency_id = ${agencyId})
    or exists (select 1 from task_supporters s where s.task_id = ${taskId} and (s.agency_id = ${agencyId}
      or s.agency_group_id in (select m.group_id from agency_group_members m where m.agency_id = ${agencyId}))))`;
}
