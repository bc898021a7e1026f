// Filters accept a UUID or the natural code users know ("17/CTr-UBND", "so-ke-hoach-va-dau-tu").
import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { isUuid } from '../http/schemas.js';

interface Coded {
  id: AnyPgColumn;
  code: AnyPgColumn;
}

/** `column` points at the row of `table` whose id or (globally unique) code is `value`. */
export function refersTo(column: AnyPgColumn, table: Coded, value: string): SQL {
  return isUuid(value) ? eq(column, value) : sql`${column} = (select ${table.id} from ${table.id.table} where ${table.code} = ${value})`;
}
