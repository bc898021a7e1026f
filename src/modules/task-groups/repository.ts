import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/connect.js';
import { refersTo } from '../../db/lookup.js';
import { programs, taskGroups, tasks } from '../../db/schema/index.js';
import { matchesSearch } from '../../db/search.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { notFound } from '../../http/problem.js';
import type { TaskGroupCreate, TaskGroupListQuery, TaskGroupPatch } from './schemas.js';

// A program has a dozen groups, so there is no stored search_text column: fold the column on the fly (matchesSearch folds the query words).
const searchable = sql`search_fold(${taskGroups.code} || ' ' || ${taskGroups.title} || ' ' || coalesce(${taskGroups.appendixTitle}, ''))`;

function selectTaskGroups(db: Queryable) {
  // One lateral count per group row, answered from tasks_group_idx: a page costs one query.
  const counted = db
    .select({ taskCount: sql<number>`cast(count(*) as integer)`.as('task_count') })
    .from(tasks)
    .where(eq(tasks.groupId, taskGroups.id))
    .as('counted');
  return db
    .select({
      id: taskGroups.id,
      programId: taskGroups.programId,
      code: taskGroups.code,
      title: taskGroups.title,
      position: taskGroups.position,
      appendixSection: taskGroups.appendixSection,
      appendixTitle: taskGroups.appendixTitle,
      taskCount: counted.taskCount,
      createdAt: taskGroups.createdAt,
      updatedAt: taskGroups.updatedAt,
    })
    .from(taskGroups)
    .crossJoinLateral(counted);
}
type TaskGroupRow = Awaited<ReturnType<ReturnType<typeof selectTaskGroups>['execute']>>[number];

// Each program's groups stay together when the list spans programs.
const sorts: Record<string, SortSpec<TaskGroupRow>> = {
  ...sortBothWays<TaskGroupRow>('position', [taskGroups.programId, taskGroups.position, taskGroups.id], (r) => [r.programId, r.position, r.id]),
  code: { columns: [taskGroups.programId, taskGroups.code, taskGroups.id], descending: false, key: (r) => [r.programId, r.code, r.id] },
};

export async function listTaskGroups(db: Queryable, query: TaskGroupListQuery) {
  const page = paginate(sorts, query.sort ?? 'position', query);
  const rows = await selectTaskGroups(db)
    .where(
      and(
        query.programId ? refersTo(taskGroups.programId, programs, query.programId) : undefined,
        query.appendixSection ? eq(taskGroups.appendixSection, query.appendixSection) : undefined,
        query.q ? matchesSearch(searchable, query.q) : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getTaskGroup(db: Queryable, id: string): Promise<TaskGroupRow> {
  const [row] = await selectTaskGroups(db).where(eq(taskGroups.id, id));
  if (!row) throw notFound('task group', id);
  return row;
}

export async function createTaskGroup(db: Queryable, body: TaskGroupCreate): Promise<TaskGroupRow> {
  const [created] = await db.insert(taskGroups).values(body).returning({ id: taskGroups.id });
  return getTaskGroup(db, created!.id);
}

export async function updateTaskGroup(db: Queryable, id: string, patch: TaskGroupPatch): Promise<TaskGroupRow> {
  const [updated] = await db
    .update(taskGroups)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(taskGroups.id, id))
    .returning({ id: taskGroups.id });
  if (!updated) throw notFound('task group', id);
  return getTaskGroup(db, id);
}

export async function deleteTaskGroup(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(taskGroups).where(eq(taskGroups.id, id)).returning({ id: taskGroups.id });
  if (!deleted) throw notFound('task group', id);
}
