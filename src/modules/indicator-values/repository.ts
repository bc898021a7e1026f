import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/connect.js';
import { refersTo } from '../../db/lookup.js';
import { agencies, indicators, indicatorValues, programs } from '../../db/schema/index.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { notFound } from '../../http/problem.js';
import { emitEvent } from '../../webhooks/outbox.js';
import { agencyRefJson } from '../agencies/ref.js';
import type { IndicatorValueCreate, IndicatorValueListQuery, IndicatorValuePatch } from './schemas.js';

function selectValues(db: Queryable) {
  return db
    .select({
      id: indicatorValues.id,
      indicatorId: indicatorValues.indicatorId,
      indicatorCode: indicators.code,
      period: indicatorValues.period,
      value: indicatorValues.value,
      kind: indicatorValues.kind,
      agency: agencyRefJson(agencies),
      note: indicatorValues.note,
      createdAt: indicatorValues.createdAt,
      updatedAt: indicatorValues.updatedAt,
    })
    .from(indicatorValues)
    .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
    .leftJoin(agencies, eq(agencies.id, indicatorValues.agencyId));
}
type ValueRow = Awaited<ReturnType<ReturnType<typeof selectValues>['execute']>>[number];

const sorts: Record<string, SortSpec<ValueRow>> = sortBothWays<ValueRow>('period', [indicatorValues.period, indicatorValues.id], (r) => [r.period, r.id]);

/** The list's filters as one condition; exports (src/exports) select with the same. */
export function indicatorValueFilters(query: Omit<IndicatorValueListQuery, 'sort' | 'limit' | 'cursor'>): SQL | undefined {
  return and(
    query.indicatorId ? eq(indicatorValues.indicatorId, query.indicatorId) : undefined,
    query.programId ? refersTo(indicators.programId, programs, query.programId) : undefined,
    query.period ? eq(indicatorValues.period, query.period) : undefined,
    // Every period id starts with its four-digit year.
    query.year ? like(indicatorValues.period, `${query.year}%`) : undefined,
    query.kind ? eq(indicatorValues.kind, query.kind) : undefined,
    query.agencyId ? refersTo(indicatorValues.agencyId, agencies, query.agencyId) : undefined,
  );
}

export async function listIndicatorValues(db: Queryable, query: IndicatorValueListQuery) {
  const page = paginate(sorts, query.sort ?? 'period', query);
  const rows = await selectValues(db)
    .where(and(indicatorValueFilters(query), page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getIndicatorValue(db: Queryable, id: string): Promise<ValueRow> {
  const [row] = await selectValues(db).where(eq(indicatorValues.id, id));
  if (!row) throw notFound('indicator value', id);
  return row;
}

/** Tells subscribers that a value was recorded or changed (`indicator_value.recorded`). */
export async function announceValue(db: Queryable, value: Pick<ValueRow, 'id' | 'indicatorId' | 'period' | 'value' | 'kind'>, previous: number | null): Promise<void> {
  await emitEvent(db, {
    type: 'indicator_value.recorded',
    resourceType: 'indicator-values',
    resourceId: value.id,
    data: { indicatorValueId: value.id, indicatorId: value.indicatorId, period: value.period, value: value.value, previousValue: previous, kind: value.kind },
  });
}

export async function createIndicatorValue(db: Queryable, body: IndicatorValueCreate): Promise<ValueRow> {
  const [created] = await db.insert(indicatorValues).values(body).returning({ id: indicatorValues.id });
  const value = await getIndicatorValue(db, created!.id);
  await announceValue(db, value, null);
  return value;
}

export async function updateIndicatorValue(db: Queryable, id: string, patch: IndicatorValuePatch): Promise<ValueRow> {
  const [before] = await db.select({ value: indicatorValues.value }).from(indicatorValues).where(eq(indicatorValues.id, id));
  const [updated] = await db
    .update(indicatorValues)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(indicatorValues.id, id))
    .returning({ id: indicatorValues.id });
  if (!updated) throw notFound('indicator value', id);
  const value = await getIndicatorValue(db, id);
  if (before?.value !== value.value) await announceValue(db, value, before?.value ?? null);
  return value;
}

export async function deleteIndicatorValue(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(indicatorValues).where(eq(indicatorValues.id, id)).returning({ id: indicatorValues.id });
  if (!deleted) throw notFound('indicator value', id);
}
