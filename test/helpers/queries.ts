// Records the SQL statements the app sends, for tests of how it talks to the database: how many statements a
// request costs, and how PostgreSQL plans each one. Works on both drivers by wrapping the client drizzle holds.
import type { DatabaseHandle } from '../../src/db/connect.js';

export interface RecordedQuery {
  text: string;
  values: unknown[];
}

type QueryFn = (query: unknown, values?: unknown, ...rest: unknown[]) => Promise<unknown>;

export function recordQueries(database: DatabaseHandle) {
  const client = (database.db as unknown as { $client: { query: QueryFn } }).$client;
  const original = client.query;
  let recorded: RecordedQuery[] = [];
  client.query = function (this: unknown, query: unknown, values?: unknown, ...rest: unknown[]) {
    const text = typeof query === 'string' ? query : (query as { text: string }).text;
    const params = typeof query === 'string' ? values : ((query as { values?: unknown }).values ?? values);
    recorded.push({ text, values: Array.isArray(params) ? params : [] });
    return original.call(this ?? client, query, values, ...rest);
  } as QueryFn;
  return {
    /** The statements sent since the last call. */
    take(): RecordedQuery[] {
      const taken = recorded;
      recorded = [];
      return taken;
    },
    restore(): void {
      client.query = original;
    },
    /** Runs a statement on the same client, unrecorded. */
    run: (text: string, values: unknown[] = []) => original.call(client, text, values) as Promise<{ rows: Record<string, unknown>[] }>,
  };
}

/** Every plan node of an EXPLAIN (FORMAT JSON) answer. */
export function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}
