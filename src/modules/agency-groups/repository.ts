import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/connect.js';
import { agencies, agencyGroupMembers, agencyGroups } from '../../db/schema/index.js';
import { matchesSearch } from '../../db/search.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { HttpProblem, notFound, type FieldError } from '../../http/problem.js';
import { agencyRefJson, type AgencyRef } from '../agencies/ref.js';
import type { AgencyGroupCreate, AgencyGroupListQuery, AgencyGroupPatch } from './schemas.js';

// Groups are few, so there is no stored search_text column: fold the column on the fly (matchesSearch folds the query words).
const searchable = sql`search_fold(${agencyGroups.code} || ' ' || ${agencyGroups.name})`;

function selectGroups(db: Queryable) {
  // One lateral aggregate per group row, answered from the membership primary key: a page costs one query.
  const memberList = db
    .select({ members: sql<AgencyRef[]>`coalesce(json_agg(${agencyRefJson(agencies)} order by ${agencies.name}, ${agencies.id}), '[]'::json)`.as('members') })
    .from(agencyGroupMembers)
    .innerJoin(agencies, eq(agencies.id, agencyGroupMembers.agencyId))
    .where(eq(agencyGroupMembers.groupId, agencyGroups.id))
    .as('member_list');
  return db
    .select({
      id: agencyGroups.id,
      code: agencyGroups.code,
      name: agencyGroups.name,
      description: agencyGroups.description,
      members: memberList.members,
      createdAt: agencyGroups.createdAt,
      updatedAt: agencyGroups.updatedAt,
    })
    .from(agencyGroups)
    .crossJoinLateral(memberList);
}
type AgencyGroupRow = Awaited<ReturnType<ReturnType<typeof selectGroups>['execute']>>[number];

const sorts: Record<string, SortSpec<AgencyGroupRow>> = {
  ...sortBothWays<AgencyGroupRow>('name', [agencyGroups.name, agencyGroups.id], (r) => [r.name, r.id]),
  ...sortBothWays<AgencyGroupRow>('code', [agencyGroups.code, agencyGroups.id], (r) => [r.code, r.id]),
};

export async function listAgencyGroups(db: Queryable, query: AgencyGroupListQuery) {
  const page = paginate(sorts, query.sort ?? 'name', query);
  const rows = await selectGroups(db)
    .where(and(query.q ? matchesSearch(searchable, query.q) : undefined, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getAgencyGroup(db: Queryable, id: string): Promise<AgencyGroupRow> {
  const [row] = await selectGroups(db).where(eq(agencyGroups.id, id));
  if (!row) throw notFound('agency group', id);
  return row;
}

/** Replaces the membership, naming every id at fault by its index in `memberIds`. */
async function replaceMembers(db: Queryable, groupId: string, memberIds: string[]): Promise<void> {
  // The schema refuses exact duplicates; the same UUID in another letter case is a duplicate too.
  const ids = memberIds.map((id) => id.toLowerCase());
  const duplicates: FieldError[] = ids.flatMap((id, i) =>
    ids.indexOf(id) < i ? [{ in: 'body' as const, pointer: `/memberIds/${i}`, message: `Repeats /memberIds/${ids.indexOf(id)}.` }] : [],
  );
  if (duplicates.length > 0) throw new HttpProblem('validation', 'memberIds lists an agency more than once.', duplicates);

  if (ids.length > 0) {
    // KEY SHARE keeps the agencies from being deleted before this transaction commits.
    const found = await db.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, ids)).for('key share');
    const known = new Set(found.map((r) => r.id));
    const unknown: FieldError[] = ids.flatMap((id, i) => (known.has(id) ? [] : [{ in: 'body' as const, pointer: `/memberIds/${i}`, message: 'No agency has this id.' }]));
    if (unknown.length > 0) throw new HttpProblem('unknown-reference', `${unknown.length} of memberIds name no agency.`, unknown);
  }

  await db.delete(agencyGroupMembers).where(eq(agencyGroupMembers.groupId, groupId));
  if (ids.length > 0) await db.insert(agencyGroupMembers).values(ids.map((agencyId) => ({ groupId, agencyId })));
}

export async function createAgencyGroup(db: Queryable, body: AgencyGroupCreate): Promise<AgencyGroupRow> {
  const { memberIds, ...fields } = body;
  const [created] = await db.insert(agencyGroups).values(fields).returning({ id: agencyGroups.id });
  if (memberIds) await replaceMembers(db, created!.id, memberIds);
  return getAgencyGroup(db, created!.id);
}

export async function updateAgencyGroup(db: Queryable, id: string, patch: AgencyGroupPatch): Promise<AgencyGroupRow> {
  const { memberIds, ...fields } = patch;
  const [updated] = await db
    .update(agencyGroups)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(agencyGroups.id, id))
    .returning({ id: agencyGroups.id });
  if (!updated) throw notFound('agency group', id);
  if (memberIds) await replaceMembers(db, id, memberIds);
  return getAgencyGroup(db, id);
}

export async function deleteAgencyGroup(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(agencyGroups).where(eq(agencyGroups.id, id)).returning({ id: agencyGroups.id });
  if (!deleted) throw notFound('agency group', id);
}
