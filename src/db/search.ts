// Diacritics- and case-insensitive text search over a `search_text` column (folded by search_fold() in the
// database, trigram-indexed). Every word of the query must occur: `ke hoach` finds `Kế hoạch`, and so does
// `hoach ke`.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

export function matchesSearch(column: SQLWrapper, q: string): SQL | undefined {
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const clauses = words.map((word) => {
    const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
    return sql`${column} like '%' || search_fold(${escaped}) || '%'`;
  });
  return sql.join(clauses, sql` and `);
}

/**
 * How well a text matches `q`, for ranking the matches: pg_trgm's word similarity of the folded query to the best
 * matching stretch of the folded text (1 when the words occur together as written). Computed from the same
 * `search_text` the filter uses.
 */
export function searchRank(column: SQLWrapper, q: string): SQL<number> {
  return sql<number>`word_similarity(search_fold(${q}), ${column})::float8`;
}
