// Keyset pagination. A list is ordered by a named sort (columns plus the id as tie-breaker); the cursor
// carries the sort name and the last row's key, base64url-encoded so clients treat it as opaque. Keyset
// pages cost the same at any depth, and rows inserted meanwhile neither repeat nor vanish.
import { getTableName, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import Type, { type TSchema } from 'typebox';
import { Int32, StringEnum } from './schemas.js';
import { HttpProblem } from './problem.js';
import { isUuid } from './schemas.js';

export const defaultLimit = 50;
export const maxLimit = 200;

export const LimitParam = Int32({ minimum: 1, maximum: maxLimit, default: defaultLimit, description: `Page size (1–${maxLimit}).` });
// A cursor carries the last row's sort key: a 2000-character title in Vietnamese is up to 6000 bytes of UTF-8,
// so up to ~8 KB of base64url (within Node's 16 KB header limit).
export const maxCursorLength = 12_000;
export const CursorParam = Type.String({ minLength: 1, maxLength: maxCursorLength, description: '`nextCursor` of the previous page.' });

/**
 * `sort`. A searchable list (one offering `relevance`) has no schema default, since the default depends on `q`:
 * relevance when searching, else `defaultSort`.
 */
export function SortParam<const S extends readonly string[]>(sorts: S, defaultSort: S[number]) {
  return sorts.includes('relevance')
    ? StringEnum(sorts, { description: `Order; \`-\` for descending; \`relevance\` (best match first) is the default with \`q\`, \`${defaultSort}\` without.` })
    : StringEnum(sorts, { default: defaultSort, description: 'Order; `-` for descending.' });
}

/** A list's query string: its filters, then `sort`, `limit` and `cursor`. */
export function ListQuery<F extends Record<string, TSchema>, const S extends readonly string[]>(filters: F, sorts: S, defaultSort: S[number]) {
  return Type.Object(
    {
      ...filters,
      sort: Type.Optional(SortParam(sorts, defaultSort)),
      limit: Type.Optional(LimitParam),
      cursor: Type.Optional(CursorParam),
    },
    { additionalProperties: false },
  );
}

/**
 * A sort key computed for each row rather than stored (a search rank). It stands in a sort's columns like a column:
 * the cursor carries its value and the next page compares against it.
 */
export class ComputedColumn implements SQLWrapper {
  constructor(
    readonly expression: SQL,
    private readonly sqlType: 'double precision',
    readonly table: AnyPgColumn['table'],
  ) {}
  getSQL(): SQL {
    return this.expression;
  }
  getSQLType(): string {
    return this.sqlType;
  }
}

type SortColumn = AnyPgColumn | ComputedColumn;

/** A named ordering: columns (all ascending or all descending) ending with a unique column, and how to read
 * the same key from a result row. */
export interface SortSpec<Row> {
  columns: SortColumn[];
  descending: boolean;
  key: (row: Row) => KeyValue[];
}

/**
 * `relevance`: best match first (the rank of a `q` search), then by id. Rows must carry the rank as `rank`. Only
 * offered with `q`: without it there is nothing to rank by.
 */
export function relevanceSort<Row extends { id: string }>(rank: SQL, id: AnyPgColumn): Record<string, SortSpec<Row & { rank: number }>> {
  return { relevance: { columns: [new ComputedColumn(rank, 'double precision', id.table), id], descending: true, key: (r) => [r.rank, r.id] } };
}

/** Pages of a searchable list: its sorts plus `relevance` when `q` gives a rank (rows then carry it as `rank`). */
export function paginateSearch<Row extends { id: string }>(
  sorts: Record<string, SortSpec<Row>>,
  query: { q?: string; sort?: string; limit?: number; cursor?: string },
  fallback: string,
  rank: SQL | undefined,
  id: AnyPgColumn,
) {
  const all = rank ? { ...sorts, ...(relevanceSort<Row>(rank, id) as unknown as Record<string, SortSpec<Row>>) } : sorts;
  return paginate(all, chooseSort(query.sort, rank !== undefined, fallback), query);
}

/** The sort a list uses: the one asked for, else relevance when searching, else the list's default. */
export function chooseSort(asked: string | undefined, searching: boolean, fallback: string): string {
  const sort = asked ?? (searching ? 'relevance' : fallback);
  if (sort === 'relevance' && !searching) {
    const message = 'sort=relevance ranks the matches of a search: give q too';
    throw new HttpProblem('validation', `${message}.`, [{ in: 'query', pointer: '/sort', message }]);
  }
  return sort;
}

export type KeyValue = string | number | boolean | null;

/** `name` (ascending) and `-name` (descending) over the same columns. */
export function sortBothWays<Row>(name: string, columns: AnyPgColumn[], key: (row: Row) => KeyValue[]): Record<string, SortSpec<Row>> {
  return { [name]: { columns, descending: false, key }, [`-${name}`]: { columns, descending: true, key } };
}

function invalidCursor(message: string): HttpProblem {
  return new HttpProblem('validation', message, [{ in: 'query', pointer: '/cursor', message }]);
}

/** Whether a cursor value fits its column: a forged cursor must be a 400, never a database error. */
function fits(value: unknown, column: SortColumn): boolean {
  switch (column.getSQLType()) {
    case 'double precision':
      return typeof value === 'number' && Number.isFinite(value);
    case 'uuid':
      return typeof value === 'string' && isUuid(value);
    case 'integer':
    case 'smallint':
      return Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31 - 1;
    case 'bigint':
    case 'bigserial':
      return Number.isSafeInteger(value);
    default:
      return typeof value === 'string' && !value.includes('\u0000');
  }
}

/** The cursor names the collection and the sort it was issued for, and carries the last row's key. */
interface Cursor {
  c: string;
  s: string;
  k: KeyValue[];
}

function decodeCursor(cursor: string, collection: string, sort: string, columns: SortColumn[]): KeyValue[] {
  let parsed: Partial<Cursor> | null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor> | null;
  } catch {
    throw invalidCursor('The cursor is not one this service issued.');
  }
  if (parsed?.c !== collection || !Array.isArray(parsed.k) || parsed.k.length !== columns.length || !parsed.k.every((v, i) => fits(v, columns[i]!))) {
    throw invalidCursor('The cursor is not one this service issued.');
  }
  if (parsed.s !== sort) throw invalidCursor('The cursor was issued for another sort order; pass the same `sort` as for the first page.');
  return parsed.k;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Plans one page: the keyset condition after the cursor (a single row comparison, which PostgreSQL answers
 * from an index on the sort's columns where there is one), the ORDER BY, how many rows to fetch (one more than the page, to know whether
 * another page follows), and how to cut the fetched rows into `{ items, nextCursor }`.
 */
export function paginate<Row>(sorts: Record<string, SortSpec<Row>>, sortName: string, query: { limit?: number; cursor?: string }) {
  const spec = sorts[sortName]!;
  const limit = query.limit ?? defaultLimit;
  const collection = getTableName(spec.columns[0]!.table);
  let after: SQL | undefined;
  if (query.cursor) {
    const key = decodeCursor(query.cursor, collection, sortName, spec.columns);
    const columns = sql.join(spec.columns.map((c) => sql`${c}`), sql`, `);
    // A serial column's values are of its integer type (`bigserial` is no type one can cast to).
    const typeOf = (column: SortColumn) => column.getSQLType().replace(/^bigserial$/, 'bigint').replace(/^serial$/, 'integer');
    const values = sql.join(key.map((v, i) => sql`cast(${v} as ${sql.raw(typeOf(spec.columns[i]!))})`), sql`, `);
    after = spec.descending ? sql`(${columns}) < (${values})` : sql`(${columns}) > (${values})`;
  }
  return {
    after,
    orderBy: spec.columns.map((c) => (spec.descending ? sql`${c} desc` : sql`${c} asc`)),
    fetch: limit + 1,
    finish(rows: Row[]): { items: Row[]; nextCursor: string | null } {
      if (rows.length <= limit) return { items: rows, nextCursor: null };
      const items = rows.slice(0, limit);
      return { items, nextCursor: encodeCursor({ c: collection, s: sortName, k: spec.key(items[items.length - 1]!) }) };
    },
  };
}
