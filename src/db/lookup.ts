// Filters accept a UUID or the natural code users know ("17/CTr-UBND", "so-ke-hoach-va-dau-tu").
import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { isUuid } from '../http/schemas.js';
import { agencies } from './schema/index.js';
import type { Queryable } from './types.js';

interface Coded {
  id: AnyPgColumn;
  code: AnyPgColumn;
}

/** The id of the row of `table` whose id or (globally unique) code is `value`, as a SQL value (null if none). */
export function idOf(table: Coded, value: string): SQL {
  return isUuid(value) ? sql`${value}::uuid` : sql`(select ${table.id} from ${table.id.table} where ${table.code} = ${value})`;
}

/** `column` points at the row of `table` whose id or (globally unique) code is `value`. */
export function refersTo(column: AnyPgColumn, table: Coded, value: string): SQL {
  return isUuid(value) ? eq(column, value) : sql`${column} = ${idOf(table, value)}`;
}

/** The id of the agency whose id or code is `value`, or null when there is none. */
export async function agencyIdOf(db: Queryable, value: string): Promise<string | null> {
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(isUuid(value) ? eq(agencies.id, value) : eq(agencies.code, value));
  return row?.id ?? null;
}
