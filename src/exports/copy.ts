// The fast path of a CSV export on PostgreSQL: `COPY (<the export's query>) TO STDOUT WITH (FORMAT csv)`. PostgreSQL
// writes the CSV itself and this side passes the bytes on, turning each row's LF into the CRLF RFC 4180 wants (line
// breaks inside a quoted field are kept as they are, as the row-by-row encoder keeps them). No row is decoded here,
// which is what makes a million rows a few seconds and a few megabytes (docs/performance.md). The columns are the
// same SQL the other formats read (src/exports/columns.ts: every value already text, numbers and booleans), so the
// file is the one formats.ts would write, but for a float8 beyond 1e15 or below 1e-4, which PostgreSQL writes with
// an exponent (1e+20) where JavaScript writes digits.
import type { Readable } from 'node:stream';
import type { ReadSnapshot } from '../db/connect.js';
import type { RawQuery } from './cursor.js';

/** A PostgreSQL array literal of text items: `{"a","b\\"c"}`. */
const arrayLiteral = (items: unknown[]) => `{${items.map((item) => (item === null ? 'NULL' : `"${String(item).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/**
 * The query with its parameters written in as literals, since COPY takes none. Every parameter becomes a quoted
 * literal (the query's casts give it its type back). One pass over the text, with a replacer function: a literal is
 * never scanned again (a value holding "$1" stays text) and `$'` or `$&` in a value or in the query's own regular
 * expressions is not read as a replacement pattern.
 */
export function withLiterals(query: RawQuery, escapeLiteral: (value: string) => string): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return escapeLiteral(arrayLiteral(value));
    if (value instanceof Date) return escapeLiteral(value.toISOString());
    return escapeLiteral(String(value));
  };
  return query.sql.replace(/\$([0-9]+)/g, (placeholder, n: string) => {
    const index = Number(n) - 1;
    return index < query.params.length ? literal(query.params[index]) : placeholder;
  });
}

const quote = 0x22;
const lineFeed = 0x0a;
const crlf = Buffer.from('\r\n');

/**
 * Turns each row-ending LF of a COPY chunk into CRLF; `state.inQuotes` carries a quoted field across chunks. It jumps
 * from quote to quote and line feed to line feed with indexOf (native memchr) rather than looking at every byte in
 * JavaScript: at a million rows that is most of this side's CPU, which the database on the same cores wants too.
 */
export function toCrlf(chunk: Buffer, state: { inQuotes: boolean }): { bytes: Buffer; rows: number } {
  const parts: Buffer[] = [];
  let start = 0;
  let rows = 0;
  let position = 0;
  let nextQuote = chunk.indexOf(quote, 0);
  let nextLineFeed = state.inQuotes ? -1 : chunk.indexOf(lineFeed, 0);
  while (position < chunk.length) {
    if (state.inQuotes) {
      // Inside a quoted field a line feed is data: only the closing quote matters.
      if (nextQuote === -1) break;
      state.inQuotes = false;
      position = nextQuote + 1;
      nextQuote = chunk.indexOf(quote, position);
      if (nextLineFeed < position) nextLineFeed = chunk.indexOf(lineFeed, position);
    } else if (nextLineFeed !== -1 && (nextQuote === -1 || nextLineFeed < nextQuote)) {
      parts.push(chunk.subarray(start, nextLineFeed), crlf);
      start = position = nextLineFeed + 1;
      rows++;
      nextLineFeed = chunk.indexOf(lineFeed, position);
    } else if (nextQuote !== -1) {
      state.inQuotes = true;
      position = nextQuote + 1;
      nextQuote = chunk.indexOf(quote, position);
    } else break;
  }
  if (start < chunk.length) parts.push(chunk.subarray(start));
  return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts), rows };
}

/**
 * The CSV of `query` (a header line first), streamed from COPY with each row's LF turned into CRLF. `onRows` is told
 * how many rows each chunk ended. The header is yielded only once the first chunk (or the end) has come back, so a
 * query the database refuses fails the first `next()`, before any byte goes out, and becomes an ordinary error answer
 * rather than a cut-off file. Stopping early (the consumer returns) cancels the COPY on the server.
 */
export async function* copyCsv(snapshot: ReadSnapshot, query: RawQuery, header: Buffer, onRows: (count: number) => void): AsyncGenerator<Buffer, void, undefined> {
  const stream: Readable = snapshot.copyOut!(`copy (${withLiterals(query, snapshot.escapeLiteral!)}) to stdout with (format csv)`);
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const state = { inQuotes: false };
  let ok = false;
  try {
    let next = await chunks.next();
    yield header;
    while (!next.done) {
      const { bytes, rows } = toCrlf(next.value, state);
      onRows(rows);
      yield bytes;
      next = await chunks.next();
    }
    ok = true;
  } finally {
    // A consumer that stopped early leaves the COPY running on the server: cancel it, then end the transaction.
    if (!ok) {
      await snapshot.cancel();
      stream.destroy();
    }
    await snapshot.end(ok);
  }
}
