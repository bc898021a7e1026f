import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { wouldCloseLoop } from '../../db/tree.js';
import type { Queryable } from '../../db/connect.js';
import { refersTo } from '../../db/lookup.js';
import { agencies, indicators, programs } from '../../db/schema/index.js';
import { matchesSearch, searchRank } from '../../db/search.js';
import { paginateSearch, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { invalidField, notFound } from '../../http/problem.js';
import { agencyRefJson } from '../agencies/ref.js';
import type { Indicator, IndicatorCreate, IndicatorListQuery, IndicatorPatch } from './schemas.js';

const responsible = alias(agencies, 'responsible');

function selectIndicators(db: Queryable, extra: Record<string, SQL<number>> = {}) {
  const i = indicators;
  return db
    .select({
      id: i.id,
      programId: i.programId,
      parentId: i.parentId,
      code: i.code,
      position: i.position,
      category: i.category,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      // The columns are flat so CHECKs can guard them; the API shows them as the objects they are.
      target: sql<Indicator['target']>`case when ${i.targetComparator} is null then null else json_build_object('comparator', ${i.targetComparator}, 'lower', ${i.targetLower}, 'upper', ${i.targetUpper}, 'text', ${i.targetText}) end`,
      basis: i.basis,
      targetYear: i.targetYear,
      baseline: sql<Indicator['baseline']>`case when ${i.baselineValue} is null then null else json_build_object('value', ${i.baselineValue}, 'year', ${i.baselineYear}) end`,
      responsibleAgency: agencyRefJson(responsible),
      sourceText: i.sourceText,
      notes: i.notes,
      childCount: sql<number>`(select cast(count(*) as integer) from indicators child where child.parent_id = ${i.id})`,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      ...extra,
    })
    .from(i)
    .leftJoin(responsible, eq(responsible.id, i.responsibleAgencyId));
}
type IndicatorRow = Awaited<ReturnType<ReturnType<typeof selectIndicators>['execute']>>[number];

// `position` orders by program first so that one program's indicators stay together, in document order.
const sorts: Record<string, SortSpec<IndicatorRow>> = {
  ...sortBothWays<IndicatorRow>('position', [indicators.programId, indicators.position, indicators.id], (r) => [r.programId, r.position, r.id]),
  code: { columns: [indicators.code, indicators.id], descending: false, key: (r) => [r.code, r.id] },
};

/** The list's filters as one condition; exports (src/exports) select with the same. */
export function indicatorFilters(query: Omit<IndicatorListQuery, 'sort' | 'limit' | 'cursor'>): SQL | undefined {
  const topLevel = query.topLevel === undefined ? undefined : query.topLevel ? isNull(indicators.parentId) : isNotNull(indicators.parentId);
  return and(
    query.programId ? refersTo(indicators.programId, programs, query.programId) : undefined,
    query.category ? eq(indicators.category, query.category) : undefined,
    query.parentId ? eq(indicators.parentId, query.parentId) : undefined,
    topLevel,
    query.q ? matchesSearch(indicators.searchText, query.q) : undefined,
  );
}

export async function listIndicators(db: Queryable, query: IndicatorListQuery) {
  const rank = query.q ? searchRank(indicators.searchText, query.q) : undefined;
  const page = paginateSearch(sorts, query, 'position', rank, indicators.id);
  const rows = await selectIndicators(db, rank ? { rank } : {})
    .where(and(indicatorFilters(query), page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getIndicator(db: Queryable, id: string): Promise<IndicatorRow> {
  const [row] = await selectIndicators(db).where(eq(indicators.id, id));
  if (!row) throw notFound('indicator', id);
  return row;
}

/** Body fields → columns: `target` and `baseline` each set (or, when null, clear) all of their columns. */
function toColumns(body: IndicatorPatch) {
  const { target, baseline, ...rest } = body;
  return {
    ...rest,
    ...(target === undefined
      ? {}
      : { targetComparator: target?.comparator ?? null, targetLower: target?.lower ?? null, targetUpper: target?.upper ?? null, targetText: target?.text ?? null }),
    ...(baseline === undefined ? {} : { baselineValue: baseline?.value ?? null, baselineYear: baseline?.year ?? null }),
  };
}

export async function createIndicator(db: Queryable, body: IndicatorCreate): Promise<IndicatorRow> {
  const { programId, code, position, category, name, direction } = body;
  const [created] = await db
    .insert(indicators)
    .values({ ...toColumns(body), programId, code, position, category, name, direction })
    .returning({ id: indicators.id });
  return getIndicator(db, created!.id);
}

/**
 * Refuses to hang an indicator under itself or one of its descendants, which the foreign key cannot see.
 * Moves within a program are serialised by an advisory lock: two concurrent moves (A under B, B under A)
 * would each pass the check on its own and together make a cycle.
 */
async function assertNoCycle(db: Queryable, id: string, parentId: string): Promise<void> {
  const [moved] = await db.select({ programId: indicators.programId }).from(indicators).where(eq(indicators.id, id));
  if (!moved) throw notFound('indicator', id);
  if (await wouldCloseLoop(db, 'indicators', id, parentId, `plantrack:indicator-tree:${moved.programId}`)) throw invalidField('invalid-value', '/parentId', 'An indicator cannot be moved under itself or one of its own sub-indicators.');
}

export async function updateIndicator(db: Queryable, id: string, patch: IndicatorPatch): Promise<IndicatorRow> {
  if (patch.parentId) await assertNoCycle(db, id, patch.parentId);
  const [updated] = await db
    .update(indicators)
    .set({ ...toColumns(patch), updatedAt: sql`now()` })
    .where(eq(indicators.id, id))
    .returning({ id: indicators.id });
  if (!updated) throw notFound('indicator', id);
  return getIndicator(db, id);
}

export async function deleteIndicator(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(indicators).where(eq(indicators.id, id)).returning({ id: indicators.id });
  if (!deleted) throw notFound('indicator', id);
}
