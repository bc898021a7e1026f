// Reads a query's rows through a server-side cursor, a batch at a time, so that an export holds one batch in memory
// whatever the size of the table. The same statements work on PostgreSQL and PGlite:
//
//   DECLARE export NO SCROLL CURSOR FOR <query>   (in the snapshot's read-only transaction)
//   FETCH FORWARD <n> FROM export                 (until a batch comes back short)
//   CLOSE export, then COMMIT                     (or ROLLBACK when stopped early or failed)
//
// The iterator owns the snapshot: whichever way it ends — the last batch read, an error, or return() because the
// consumer stopped (a client that disconnected) — its `finally` ends the transaction and gives the connection back.
// Each FETCH is one statement, so DB_STATEMENT_TIMEOUT_MS bounds each batch, not the whole export.
import type { ReadSnapshot } from '../db/connect.js';

/** SQL text with $1… placeholders and its parameters, as drizzle's toSQL() gives them. */
export interface RawQuery {
  sql: string;
  params: unknown[];
}

export type Row = unknown[];

export interface CursorOptions {
  /** Rows per FETCH: a few thousand keeps round trips rare and a batch a few megabytes at most. */
  batchSize: number;
  /** Aborted when nobody wants the rows any more: a FETCH in flight is cancelled rather than awaited. */
  signal?: AbortSignal;
}

/** The rows of `query` in batches of `batchSize` (the last may be shorter, never empty). */
export async function* cursorBatches(snapshot: ReadSnapshot, query: RawQuery, options: CursorOptions): AsyncGenerator<Row[], void, undefined> {
  const { batchSize, signal } = options;
  let fetching = false;
  const cancel = () => {
    if (fetching) void snapshot.cancel();
  };
  signal?.addEventListener('abort', cancel, { once: true });
  let ok = false;
  // One FETCH ahead: the database reads and sends batch n+1 while the consumer encodes and writes batch n, which on
  // PostgreSQL (another process) overlaps the two. Never more than one ahead, so memory stays at two batches.
  let next: Promise<unknown[][]> | undefined;
  const fetchNext = () => {
    fetching = true;
    next = snapshot.query(`fetch forward ${batchSize} from export`).finally(() => (fetching = false));
    // Awaited below, or in `finally` when the consumer stops first; never an unhandled rejection meanwhile.
    next.catch(() => undefined);
  };
  try {
    await snapshot.query(`declare export no scroll cursor for ${query.sql}`, query.params);
    fetchNext();
    for (;;) {
      const rows = await next!;
      next = undefined;
      signal?.throwIfAborted();
      const more = rows.length === batchSize;
      if (more) fetchNext();
      if (rows.length > 0) yield rows;
      if (!more) break;
    }
    await snapshot.query('close export');
    ok = true;
  } finally {
    signal?.removeEventListener('abort', cancel);
    // A FETCH still running must finish (or be cancelled) before the transaction can end on its connection.
    if (next) await next.catch(() => undefined);
    await snapshot.end(ok);
  }
}

/** The number of rows `count` (a `select count(*) …`) finds, in the snapshot the rows will be read from. */
export async function countRows(snapshot: ReadSnapshot, count: RawQuery): Promise<number> {
  const [row] = await snapshot.query(count.sql, count.params);
  return Number(row![0]);
}
