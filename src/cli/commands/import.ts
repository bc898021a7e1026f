// `plantrack import FILE`: a whole program from a JSON program document or the XLSX template (docs/imports.md),
// straight into the configured database, or sent to a running server with --url. The same checks either way: every
// problem is listed on stderr and nothing is written (exit 3). On a terminal: progress and a readable summary;
// otherwise the report as one JSON object on stdout.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeProblem, ImportRefused, type ImportReport } from '../../imports/report.js';
import { actAs, importInTransaction, previewImport, readSource } from '../../imports/run.js';
import { formatOfFile, xlsxMediaType, type ImportFormat } from '../../imports/source.js';
import { CliError, exitCodes, isUnavailableStatus, type CliIo, type Command } from '../command.js';
import { withDatabase } from '../database.js';
import { progress } from '../progress.js';

const usage = `plantrack import FILE [--dry-run] [--url URL [--token KEY]]

Imports a whole program (agencies, agency groups, program, task groups, indicators, tasks) from FILE: a JSON program
document (.json) or the XLSX template filled in (.xlsx); other names are told apart by their content. Records are
matched by code: missing ones are created, differing ones updated, others left alone. See docs/imports.md.

  --dry-run      check everything and say what would change; write nothing
  --url URL      send FILE to the plantrack server at URL (e.g. http://127.0.0.1:3000) instead of opening the
                 database (DATABASE_URL, else PGlite in DATA_DIR)
  --token KEY    with --url: an API key with the admin role (or set PLANTRACK_TOKEN)

Output: on a terminal, progress and a summary; otherwise the report as one JSON object on stdout. Problems go to
stderr, one per line. Exit codes: 0 imported (or dry run passed), 2 wrong command line, 3 the file was refused
(nothing written), 4 database or server unreachable or credentials refused, 1 anything else.`;

const actor = 'plantrack CLI';

/** The human summary of a report: what happened to each kind of record. */
function summaryLines(report: ImportReport, file: string): string[] {
  const s = report.summary!;
  const row = (label: string, c: { create: number; update: number; unchanged: number }) =>
    `  ${label.padEnd(14)} ${String(c.create).padStart(5)} ${report.dryRun ? 'to create' : 'created'}, ${String(c.update).padStart(5)} ${report.dryRun ? 'to update' : 'updated'}, ${String(c.unchanged).padStart(5)} unchanged`;
  const program: Record<string, string> = report.dryRun ? { create: 'would be created', update: 'would be updated', unchanged: 'is unchanged' } : { create: 'created', update: 'updated', unchanged: 'unchanged' };
  return [
    `${report.dryRun ? 'Dry run of' : 'Imported'} ${file}: program ${program[s.program]}${report.dryRun ? ' (nothing was written)' : ''}.`,
    row('agencies', s.agencies),
    row('agency groups', s.agencyGroups),
    row('task groups', s.taskGroups),
    row('indicators', s.indicators),
    row('tasks', s.tasks),
  ];
}

function printReport(io: CliIo, report: ImportReport, file: string): number {
  if (!report.valid) {
    for (const problem of report.problems) io.stderr.write(`${describeProblem(problem)}\n`);
    const count = report.problems.length + report.omittedProblems;
    if (report.omittedProblems > 0) io.stderr.write(`… and ${report.omittedProblems} more.\n`);
    io.stderr.write(`plantrack import: ${file} was refused: ${count} problem${count === 1 ? '' : 's'}; nothing was written.\n`);
  }
  if (io.interactive && report.valid) io.stdout.write(`${summaryLines(report, file).join('\n')}\n`);
  else if (!io.interactive) io.stdout.write(`${JSON.stringify(report)}\n`);
  return report.valid ? exitCodes.ok : exitCodes.invalid;
}

async function importLocally(bytes: Buffer, format: ImportFormat, dryRun: boolean, io: CliIo): Promise<ImportReport> {
  // A dry run writes nothing, and reading is quick: only the writes get a progress bar.
  const bar = dryRun ? progress({ ...io, interactive: false }, 'import') : progress(io, 'importing');
  try {
    return await withDatabase(async (database) => {
      if ((await database.pendingMigrations()) > 0) throw new CliError('the database schema is not current: run `plantrack migrate` first', exitCodes.failure);
      const source = await readSource(bytes, format);
      if (dryRun) return await previewImport(database.db, source);
      return await database.db.transaction(async (tx) => {
        await actAs(tx, actor);
        return importInTransaction(tx, source, (done, total) => {
          if (done === 0) bar.total(total);
          else bar.advance();
        });
      });
    });
  } catch (error) {
    if (error instanceof ImportRefused) return error.report;
    throw error;
  } finally {
    bar.stop();
  }
}

async function importRemotely(bytes: Buffer, format: ImportFormat, dryRun: boolean, url: string, token: string | undefined): Promise<ImportReport> {
  const base = url.replace(/\/+$/, '').replace(/\/v1$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/v1/imports?dryRun=${dryRun}`, {
      method: 'POST',
      headers: { 'content-type': format === 'xlsx' ? xlsxMediaType : 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: bytes,
    });
  } catch (error) {
    throw new CliError(`cannot reach ${base}: ${(error as { cause?: Error }).cause?.message ?? (error as Error).message}`, exitCodes.unavailable);
  }
  const text = await response.text();
  let body: { detail?: string; report?: ImportReport } & Partial<ImportReport> = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: a proxy's error page, say; the status says enough
  }
  if (response.status === 200) return body as ImportReport;
  if (response.status === 422 && body.report) return body.report;
  const detail = body.detail ?? (text.slice(0, 200) || response.statusText);
  if (response.status === 401 || response.status === 403) throw new CliError(`${base} refused the credentials (${response.status}): ${detail}`, exitCodes.unavailable);
  if (isUnavailableStatus(response.status)) throw new CliError(`${base} is unavailable (${response.status}): ${detail}`, exitCodes.unavailable);
  if (response.status >= 400 && response.status < 500) throw new CliError(`${base} refused the file (${response.status}): ${detail}`, exitCodes.invalid);
  throw new CliError(`${base} failed (${response.status}): ${detail}`, exitCodes.failure);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a whole program from a JSON document or an XLSX template.',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { 'dry-run': { type: 'boolean', default: false }, url: { type: 'string' }, token: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new CliError(`import takes one FILE (got ${positionals.length})\n\n${usage}`, exitCodes.usage);
    const file = positionals[0]!;
    if (values.token && !values.url) throw new CliError('--token goes with --url', exitCodes.usage);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`, exitCodes.usage);
    }
    const format = formatOfFile(file, bytes);
    const dryRun = values['dry-run'];
    const report = values.url
      ? await importRemotely(bytes, format, dryRun, values.url, values.token ?? process.env.PLANTRACK_TOKEN)
      : await importLocally(bytes, format, dryRun, io);
    return printReport(io, report, file);
  },
};
