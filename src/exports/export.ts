// One export, from request to bytes; the HTTP route and the CLI both run it. Everything that can refuse or fail in
// an ordinary way happens before the first byte: filter lookups, the snapshot, the XLSX row count and limit, the
// cursor and its first batch. Then the file is a stream that reads each further batch only when the reader has taken
// the previous one, and that gives the database connection back however it ends (see cursor.ts).
import { Readable } from 'node:stream';
import type { DatabaseHandle } from '../db/connect.js';
import { HttpProblem } from '../http/problem.js';
import type { ReadSnapshot } from '../db/connect.js';
import { collections, type Collection, type CollectionName, type ExportContext, type ExportPlan } from './collections.js';
import { copyCsv } from './copy.js';
import { countRows, cursorBatches, type Row } from './cursor.js';
import { csvHeader, encodeRows, mediaTypes, type ExportFormat } from './formats.js';

/** Tuning and limits; tests lower them to exercise the limit with a few rows. */
export const exportSettings = {
  /** Rows per FETCH. */
  batchSize: 2000,
  /** The most rows an XLSX export holds (a sheet holds 1,048,576; exceljs needs time and memory near that). */
  xlsxMaxRows: 1_000_000,
  /**
   * HTTP: a reader that takes nothing for this long is cut off. An export holds a database connection (on PGlite the
   * only one, and nothing there ends an idle transaction); PostgreSQL would end it at 2 × DB_STATEMENT_TIMEOUT_MS.
   */
  stalledReaderMs: 60_000,
};

export interface ExportRequest {
  collection: CollectionName;
  format: ExportFormat;
  bom: boolean;
  /** Validated against the collection's filter schema. */
  filters: Record<string, unknown>;
  context: ExportContext;
}

export interface ExportOutcome {
  rows: number;
  /** The whole file went out. */
  completed: boolean;
  /** What cut it short, unless the reader stopped reading (a disconnect is no error of the export's). */
  error?: unknown;
}

export interface ExportOptions {
  /** Count the rows before reading them (for a progress bar); XLSX always counts, for its limit. */
  count?: boolean;
  onRows?: (count: number) => void;
  onEnd?: (outcome: ExportOutcome) => void;
}

export interface StartedExport {
  mediaType: string;
  /** `tasks_2026-11-27.csv`: the collection and the day (in Vietnam) of the export. */
  filename: string;
  /** The number of rows, when counted. */
  total: number | null;
  /** The file. It holds a database connection until it ends: consume it or destroy it. */
  body: Readable;
}

const extensions: Record<ExportFormat, string> = { csv: 'csv', ndjson: 'ndjson', xlsx: 'xlsx' };

function tooLargeForXlsx(rows: number, limit: number): HttpProblem {
  const message = `XLSX exports hold at most ${limit} rows; this one has ${rows}. Use format=csv or format=ndjson (no limit), or narrow the filters.`;
  return new HttpProblem('invalid-value', message, [{ in: 'query', pointer: '/format', message }]);
}

async function* prepend<T>(first: IteratorResult<T, void>, rest: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

/** CSV on PostgreSQL: the database writes the file (copy.ts); the same header, options and outcome as the others. */
async function copyExport(snapshot: ReadSnapshot, collection: Collection, plan: ExportPlan, request: ExportRequest, options: ExportOptions): Promise<StartedExport> {
  let total: number | null = null;
  try {
    if (options.count) total = await countRows(snapshot, plan.count);
  } catch (error) {
    await snapshot.end(false);
    throw error;
  }
  let rows = 0;
  let completed = false;
  let failure: unknown;
  const header = Buffer.from(`${request.bom ? '\uFEFF' : ''}${csvHeader(collection.columns)}\r\n`);
  const chunks = copyCsv(snapshot, plan.copy, header, (count) => {
    rows += count;
    options.onRows?.(count);
  });
  // The header comes with the first chunk of rows (copy.ts): a refused query throws here, before the answer starts.
  const first = await chunks.next();
  const body = Readable.from(prepend(first, chunks), { objectMode: false });
  body.once('end', () => (completed = true));
  body.on('error', (error) => (failure = error));
  body.once('close', () => {
    chunks.return().catch(() => undefined);
    options.onEnd?.({ rows, completed, ...(failure === undefined ? {} : { error: failure }) });
  });
  return { mediaType: mediaTypes.csv, filename: `${request.collection}_${request.context.today}.csv`, total, body };
}

export async function startExport(database: DatabaseHandle, request: ExportRequest, options: ExportOptions = {}): Promise<StartedExport> {
  const collection = collections[request.collection];
  // Lookups first, on the shared connection: on PGlite the snapshot below holds the only one.
  const plan = await collection.plan(database.db, request.filters, request.context);
  const snapshot = await database.readSnapshot();
  if (request.format === 'csv' && snapshot.copyOut) return copyExport(snapshot, collection, plan, request, options);
  const stopped = new AbortController();
  let total: number | null = null;
  let batches: AsyncGenerator<Row[], void, undefined>;
  try {
    // Counted in the snapshot the rows are read from, so the limit holds for exactly these rows.
    if (request.format === 'xlsx' || options.count) total = await countRows(snapshot, plan.count);
    if (request.format === 'xlsx' && total! > exportSettings.xlsxMaxRows) throw tooLargeForXlsx(total!, exportSettings.xlsxMaxRows);
    batches = cursorBatches(snapshot, plan.rows, { batchSize: exportSettings.batchSize, signal: stopped.signal });
  } catch (error) {
    await snapshot.end(false);
    throw error;
  }
  // From here the cursor owns the snapshot: if this first read fails, it has already ended it.
  const first = await batches.next();

  let rows = 0;
  let completed = false;
  let failure: unknown;
  const encoded = encodeRows(request.format, collection.columns, prepend(first, batches), {
    bom: request.bom,
    sheetName: collection.title,
    onRows: (count) => {
      rows += count;
      options.onRows?.(count);
    },
  });
  const body = Readable.from(encoded, { objectMode: false });
  body.once('end', () => (completed = true));
  body.on('error', (error) => (failure = error));
  body.once('close', () => {
    // A reader that went away: cancel a FETCH in flight, and end the cursor wherever the generators stand (return()
    // waits for a read in progress, then runs the cursor's `finally`).
    if (!completed) stopped.abort();
    batches.return().catch(() => undefined);
    options.onEnd?.({ rows, completed, ...(failure === undefined ? {} : { error: failure }) });
  });
  return { mediaType: mediaTypes[request.format], filename: `${request.collection}_${request.context.today}.${extensions[request.format]}`, total, body };
}
