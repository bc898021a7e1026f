// Parent links form trees (agencies under agencies, indicators under indicators). A move must not close a loop.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from './types.js';

/**
 * Whether making `parentId` the parent of `id` would close a loop, i.e. `parentId` is `id` or one of its
 * descendants. Takes a transaction-scoped advisory lock on `scope` first, so that two moves running at the same
 * time cannot each pass the check and together create a loop.
 */
export async function wouldCloseLoop(db: Queryable, table: 'agencies' | 'indicators', id: string, parentId: string, scope: string): Promise<boolean> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${scope}))`);
  const rows = await queryRows<{ found: number }>(
    db,
    sql`with recursive ancestors(id, parent_id) as (
          select id, parent_id from ${sql.identifier(table)} where id = ${parentId}
          union
          select t.id, t.parent_id from ${sql.identifier(table)} t join ancestors a on t.id = a.parent_id
        )
        select 1 as found from ancestors where id = ${id} limit 1`,
  );
  return rows.length > 0;
}
