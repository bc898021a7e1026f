// `plantrack export`: a collection as CSV, NDJSON or XLSX, read straight from the configured database with the same
// code as GET /v1/exports/{collection}, or fetched from a running server with --url. Filters are checked here against
// the collection's filter schema either way, so a mistyped one is a usage error before anything is read.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Type from 'typebox';
import type { Actor } from '../../auth/roles.js';
import { vietnamDateOf } from '../../domain/periods.js';
import { collectionNames, collections, type CollectionName } from '../../exports/collections.js';
import { startExport } from '../../exports/export.js';
import { exportFormats, mediaTypes, type ExportFormat } from '../../exports/formats.js';
import { HttpProblem } from '../../http/problem.js';
import { CliError, exitCodes, isUnavailableStatus, type CliIo, type Command } from '../command.js';
import { withDatabase } from '../database.js';
import { progress, type Progress } from '../progress.js';

/** The CLI reads the database with the rights of whoever can open it: everything, drafts of every agency included. */
const cliActor: Actor = { type: 'system', id: null, name: 'plantrack CLI', agencyId: null, roles: ['admin'] };

const usage = `plantrack export COLLECTION [--format csv|ndjson|xlsx] [--bom] [--filter NAME=VALUE …] [-o FILE]
                 [--url URL [--token KEY]]

Writes every row of COLLECTION that the filters select, in the order of its list, to FILE or to standard output.
Collections: ${collectionNames.join(', ')}. Their columns are listed in docs/exports.md.

  --format FORMAT      csv (RFC 4180, the default unless FILE ends in .ndjson or .xlsx), ndjson or xlsx
  --bom                CSV: start with a UTF-8 byte order mark (for spreadsheet programs)
  --filter NAME=VALUE  a filter of the collection's list, e.g. --filter leadAgencyId=so-ke-hoach-va-dau-tu
                       --filter dueYear=2023 (repeat for several; see GET /v1/{collection} for each one's filters)
  -o, --output FILE    write FILE (complete or not at all: it is written aside and renamed at the end)
  --url URL            ask the server at URL instead of opening the database (DATABASE_URL or DATA_DIR)
  --token KEY          the API key to send to URL (or set PLANTRACK_TOKEN, which keeps it out of process lists)

On a terminal a progress bar shows the rows written (on standard error). Otherwise the only output is the data
(without -o) or one JSON line saying what was written (with -o), e.g.
  {"collection":"tasks","format":"csv","rows":44,"bytes":23659,"file":"tasks.csv"}

Exit codes: 0 done; 1 unexpected failure (the file is removed); 2 bad usage (unknown collection, filter, value);
3 refused (an XLSX export over its row limit); 4 database or server unreachable, or the credentials refused.`;

interface Options {
  collection: CollectionName;
  format: ExportFormat;
  bom: boolean;
  /** As typed, for the server; checked and converted (numbers, booleans), for the database. */
  rawFilters: Record<string, string>;
  filters: Record<string, unknown>;
  output: string | undefined;
  url: string | undefined;
  token: string | undefined;
}

function usageError(message: string): CliError {
  return new CliError(`${message}\n(plantrack help export lists the options)`, exitCodes.usage);
}

/** Checks filters as the HTTP route does (query-string coercion: "2023" is a year, "true" a boolean). */
function checkFilters(collection: CollectionName, given: Record<string, string>): Record<string, unknown> {
  const known = collections[collection].filters;
  const unknown = Object.keys(given).filter((name) => !(name in known));
  if (unknown.length > 0) throw usageError(`${collection} has no filter ${unknown.join(', ')} (its filters: ${Object.keys(known).join(', ')})`);
  const ajv = new Ajv.default({ allErrors: true, coerceTypes: 'array', useDefaults: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(Type.Object(known, { additionalProperties: false }));
  const filters: Record<string, unknown> = { ...given };
  if (!validate(filters)) {
    const problems = (validate.errors ?? []).map((e) => `--filter ${e.instancePath.slice(1)}: ${e.message ?? 'is not valid'}`);
    throw usageError([...new Set(problems)].join('\n'));
  }
  return filters;
}

function parse(args: string[]): Options {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string' },
      bom: { type: 'boolean', default: false },
      filter: { type: 'string', multiple: true, default: [] },
      output: { type: 'string', short: 'o' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [collection, ...extra] = positionals;
  if (!collection || !(collectionNames as readonly string[]).includes(collection)) throw usageError(`export needs a COLLECTION: one of ${collectionNames.join(', ')}`);
  if (extra.length > 0) throw usageError(`unexpected ${extra.join(' ')}`);
  const fromFile = /\.(csv|ndjson|xlsx)$/i.exec(values.output ?? '')?.[1]?.toLowerCase();
  const format = values.format ?? fromFile ?? 'csv';
  if (!(exportFormats as readonly string[]).includes(format)) throw usageError(`--format is one of ${exportFormats.join(', ')}`);
  if (values.bom && format !== 'csv') throw usageError('--bom is for CSV only');
  if (values.token !== undefined && values.url === undefined) throw usageError('--token goes with --url');
  if (values.url !== undefined && !/^https?:\/\/[^/]/i.test(values.url)) throw usageError('--url is an http:// or https:// URL');
  const rawFilters: Record<string, string> = {};
  for (const filter of values.filter) {
    const match = /^([A-Za-z]+)=(.*)$/s.exec(filter);
    if (!match) throw usageError(`--filter is NAME=VALUE, not ${filter}`);
    if (match[1]! in rawFilters) throw usageError(`--filter ${match[1]} is given twice`);
    rawFilters[match[1]!] = match[2]!;
  }
  const name = collection as CollectionName;
  return {
    collection: name,
    format: format as ExportFormat,
    bom: values.bom,
    rawFilters,
    filters: checkFilters(name, rawFilters),
    output: values.output,
    url: values.url,
    token: values.token ?? (values.url !== undefined ? process.env.PLANTRACK_TOKEN : undefined),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Counting rows in bytes from a server (the progress bar, and the summary line)

/** Counts the records of CSV (line ends outside quotes, less the header) or NDJSON (lines) as they pass. */
function rowCounter(format: ExportFormat, onRows: (count: number) => void): { transform: Transform; rows: () => number | null } {
  let rows = 0;
  let inQuotes = false;
  let headerSeen = format !== 'csv';
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let count = 0;
      if (format === 'ndjson') {
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) count++;
      } else if (format === 'csv') {
        for (const byte of chunk) {
          if (byte === 0x22) inQuotes = !inQuotes;
          else if (byte === 0x0a && !inQuotes) {
            if (headerSeen) count++;
            else headerSeen = true;
          }
        }
      }
      rows += count;
      if (count > 0) onRows(count);
      done(null, chunk);
    },
  });
  return { transform, rows: () => (format === 'xlsx' ? null : rows) };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** Counts bytes as they pass to the destination. */
function byteCounter(): { transform: Transform; bytes: () => number } {
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { transform, bytes: () => bytes };
}

/**
 * Streams `body` to FILE (written aside, renamed when complete, removed otherwise) or to standard output. A reader of
 * standard output that stops early (`| head`) ends the export quietly.
 */
async function deliver(body: Readable, stages: Transform[], output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined) {
    try {
      await pipeline([body, ...stages, io.stdout as Writable], { end: false });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EPIPE') throw error;
    }
    return;
  }
  const partial = `${output}.partial`;
  try {
    await pipeline([body, ...stages, createWriteStream(partial)]);
    await rename(partial, output);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The two sources

async function fromDatabase(options: Options, io: CliIo, bar: Progress) {
  const bytes = byteCounter();
  return withDatabase(async (database) => {
    let rows = 0;
    const exported = await startExport(
      database,
      { collection: options.collection, format: options.format, bom: options.bom, filters: options.filters, context: { actor: cliActor, today: vietnamDateOf(new Date()) } },
      {
        count: io.interactive,
        onRows: (count) => {
          rows += count;
          bar.advance(count);
        },
      },
    ).catch((error: unknown) => {
      // The one refusal an export can meet once its filters are valid: XLSX over its row limit.
      if (error instanceof HttpProblem) throw new CliError(error.message, error.status === 422 ? exitCodes.invalid : exitCodes.usage);
      throw error;
    });
    if (exported.total !== null) bar.total(exported.total);
    await deliver(exported.body, [bytes.transform], options.output, io);
    return { rows: rows as number | null, bytes: bytes.bytes() };
  });
}

/** What the server's answer means for the exit code: the credentials, the input, or the server. */
function refusal(status: number, detail: string): CliError {
  const code =
    isUnavailableStatus(status) ? exitCodes.unavailable
    : status === 422 ? exitCodes.invalid
    : status >= 400 && status < 500 ? exitCodes.usage
    : exitCodes.failure;
  return new CliError(`the server answered ${status}: ${detail}`, code);
}

async function fromServer(options: Options, bar: Progress, io: CliIo) {
  const url = new URL(`v1/exports/${options.collection}`, options.url!.endsWith('/') ? options.url : `${options.url}/`);
  for (const [name, value] of Object.entries(options.rawFilters)) url.searchParams.set(name, value);
  url.searchParams.set('format', options.format);
  if (options.bom) url.searchParams.set('bom', 'true');
  const headers: Record<string, string> = { accept: mediaTypes[options.format] };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, exitCodes.unavailable);
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let detail = text.slice(0, 500) || response.statusText;
    try {
      const problem = JSON.parse(text) as { detail?: string; errors?: { pointer: string; message: string }[] };
      detail = [problem.detail, ...(problem.errors ?? []).map((e) => `${e.pointer}: ${e.message}`)].filter(Boolean).join('\n');
    } catch {
      // Not problem+json (a proxy's page, say): the text as it came.
    }
    throw refusal(response.status, detail);
  }
  const counter = rowCounter(options.format, (count) => bar.advance(count));
  const bytes = byteCounter();
  try {
    await deliver(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), [counter.transform, bytes.transform], options.output, io);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`the export from ${url.origin} was cut short after ${bytes.bytes()} bytes (${(error as Error).message}); nothing complete was written`, exitCodes.failure);
  }
  return { rows: counter.rows(), bytes: bytes.bytes() };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a collection as CSV, NDJSON or XLSX.',
  usage,
  async run(args, io) {
    const options = parse(args);
    if (options.format === 'xlsx' && options.output === undefined && (io.stdout as { isTTY?: boolean }).isTTY) {
      throw usageError('an XLSX file is not for a terminal: give -o FILE, or redirect standard output');
    }
    const bar = progress(io, `export ${options.collection}`);
    let written: { rows: number | null; bytes: number };
    try {
      written = options.url ? await fromServer(options, bar, io) : await fromDatabase(options, io, bar);
    } finally {
      bar.stop();
    }
    if (options.output !== undefined) {
      io.stdout.write(`${JSON.stringify({ collection: options.collection, format: options.format, rows: written.rows, bytes: written.bytes, file: options.output })}\n`);
    }
    return exitCodes.ok;
  },
};
