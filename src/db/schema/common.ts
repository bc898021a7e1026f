// Column helpers every table file shares.
import { sql, type SQL } from 'drizzle-orm';
import { numeric, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** `column IN ('a','b',…)` for a CHECK constraint built from a vocabulary list. */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

/** Diacritics- and case-folded text (function created by the first migration), kept for trigram search. */
export function folded(expression: SQL): SQL {
  return sql`search_fold(${expression})`;
}

export const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
export const bookkeeping = () => ({
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
export const decimal = (name: string) => numeric(name, { mode: 'number' });

