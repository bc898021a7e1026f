import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import type { AuditEventListQuery } from './schemas.js';

const selectEvents = (db: Queryable) =>
  db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      requestId: auditEvents.requestId,
      operationId: auditEvents.operationId,
      actor: sql<{ type: string; id: string | null; name: string | null; agencyId: string | null }>`json_build_object('type', ${auditEvents.actorType}, 'id', ${auditEvents.actorId}, 'name', ${auditEvents.actorName}, 'agencyId', ${auditEvents.actorAgencyId})`,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
      action: auditEvents.action,
      changes: sql<Record<string, { before: unknown; after: unknown }>>`${auditEvents.changes}`,
    })
    .from(auditEvents);
type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number];

const sorts: Record<string, SortSpec<EventRow>> = sortBothWays<EventRow>('id', [auditEvents.id], (r) => [r.id]);

/** The triggers record column names; the API speaks camelCase. */
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The list's filters as one condition; exports (src/exports) select with the same. */
export function auditEventFilters(query: Omit<AuditEventListQuery, 'sort' | 'limit' | 'cursor'>): SQL | undefined {
  return and(
    query.resourceType ? eq(auditEvents.resourceType, query.resourceType) : undefined,
    query.resourceId ? eq(auditEvents.resourceId, query.resourceId.toLowerCase()) : undefined,
    query.actorId ? eq(auditEvents.actorId, query.actorId) : undefined,
    query.requestId ? eq(auditEvents.requestId, query.requestId) : undefined,
    query.action ? eq(auditEvents.action, query.action) : undefined,
    query.from ? gte(auditEvents.occurredAt, new Date(query.from)) : undefined,
    query.to ? lt(auditEvents.occurredAt, new Date(query.to)) : undefined,
  );
}

export async function listAuditEvents(db: Queryable, query: AuditEventListQuery) {
  const page = paginate(sorts, query.sort ?? '-id', query);
  const rows = await selectEvents(db)
    .where(and(auditEventFilters(query), page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  const { items, nextCursor } = page.finish(rows);
  return { items: items.map((e) => ({ ...e, changes: Object.fromEntries(Object.entries(e.changes).map(([k, v]) => [camel(k), v])) })), nextCursor };
}
