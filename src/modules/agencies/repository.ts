import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { wouldCloseLoop } from '../../db/tree.js';
import type { Queryable } from '../../db/connect.js';
import { refersTo } from '../../db/lookup.js';
import { agencies } from '../../db/schema/index.js';
import { matchesSearch, searchRank } from '../../db/search.js';
import { paginateSearch, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { invalidField, notFound } from '../../http/problem.js';
import { existsOn } from '../lineage/resolve.js';
import { agencyRefJson } from './ref.js';
import type { AgencyCreate, AgencyListQuery, AgencyPatch } from './schemas.js';

const parent = alias(agencies, 'parent');

function selectAgencies(db: Queryable, extra: Record<string, SQL<number>> = {}) {
  return db
    .select({
      id: agencies.id,
      code: agencies.code,
      name: agencies.name,
      shortName: agencies.shortName,
      kind: agencies.kind,
      parent: agencyRefJson(parent),
      validFrom: agencies.validFrom,
      validTo: agencies.validTo,
      createdAt: agencies.createdAt,
      updatedAt: agencies.updatedAt,
      ...extra,
    })
    .from(agencies)
    .leftJoin(parent, eq(parent.id, agencies.parentId));
}
type AgencyRow = Awaited<ReturnType<ReturnType<typeof selectAgencies>['execute']>>[number];

const sorts: Record<string, SortSpec<AgencyRow>> = {
  ...sortBothWays<AgencyRow>('name', [agencies.name, agencies.id], (r) => [r.name, r.id]),
  ...sortBothWays<AgencyRow>('code', [agencies.code, agencies.id], (r) => [r.code, r.id]),
};

/** The list's filters as one condition; exports (src/exports) select with the same. */
export function agencyFilters(query: Omit<AgencyListQuery, 'sort' | 'limit' | 'cursor'>): SQL | undefined {
  return and(
    query.kind ? eq(agencies.kind, query.kind) : undefined,
    query.parentId ? refersTo(agencies.parentId, agencies, query.parentId) : undefined,
    query.q ? matchesSearch(agencies.searchText, query.q) : undefined,
    query.asOf ? existsOn(query.asOf) : undefined,
  );
}

export async function listAgencies(db: Queryable, query: AgencyListQuery) {
  const rank = query.q ? searchRank(agencies.searchText, query.q) : undefined;
  const page = paginateSearch(sorts, query, 'name', rank, agencies.id);
  const rows = await selectAgencies(db, rank ? { rank } : {})
    .where(and(agencyFilters(query), page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getAgency(db: Queryable, id: string): Promise<AgencyRow> {
  const [row] = await selectAgencies(db).where(eq(agencies.id, id));
  if (!row) throw notFound('agency', id);
  return row;
}

export async function createAgency(db: Queryable, body: AgencyCreate): Promise<AgencyRow> {
  const [created] = await db.insert(agencies).values(body).returning({ id: agencies.id });
  return getAgency(db, created!.id);
}

/**
 * Refuses a parent that is the agency itself or one of its descendants: walking up from the new parent must
 * not reach the agency. The advisory lock serialises hierarchy changes, so two concurrent moves cannot each
 * pass this check and together close a loop.
 */
async function assertNoCycle(db: Queryable, id: string, parentId: string): Promise<void> {
  if (await wouldCloseLoop(db, 'agencies', id, parentId, 'plantrack:agency-hierarchy')) {
    throw invalidField('invalid-value', '/parentId', 'The parent cannot be the agency itself or one of its descendants.');
  }
}

export async function updateAgency(db: Queryable, id: string, patch: AgencyPatch): Promise<AgencyRow> {
  if (patch.parentId) await assertNoCycle(db, id, patch.parentId);
  const [updated] = await db
    .update(agencies)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(agencies.id, id))
    .returning({ id: agencies.id });
  if (!updated) throw notFound('agency', id);
  return getAgency(db, id);
}

export async function deleteAgency(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(agencies).where(eq(agencies.id, id)).returning({ id: agencies.id });
  if (!deleted) throw notFound('agency', id);
}
