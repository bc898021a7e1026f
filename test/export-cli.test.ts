// `plantrack export`, the real CLI as a child process: against a PGlite data directory of its own (seeded by
// `plantrack seed`), and against a listening server with --url and a key. Checks the files, standard output (the data,
// or one JSON line saying what was written), the silence of standard error off a terminal, and the exit codes.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import t from 'tap';
import { collections } from '../src/exports/collections.js';
import { exportSettings } from '../src/exports/export.js';
import { createTestApp } from './helpers/app.js';

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `plantrack ARGS` with `env` over this process's environment (an `undefined` value removes a variable). */
function plantrack(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, LOG_LEVEL: 'silent', ...env })) if (value !== undefined) merged[name] = value;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/plantrack.ts', ...args], { env: merged, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

const csvRecords = (text: string | Buffer, bom = false) => parse(text, { columns: true, bom }) as Record<string, string>[];
/** What two databases seeded alike agree on: everything but generated ids and times. */
const portable = (record: Record<string, string>) => {
  const { id: _id, created_at: _created, updated_at: _updated, ...rest } = record;
  return rest;
};

// Each run starts Node and compiles the CLI through tsx: a few seconds apiece on a busy machine.
t.setTimeout(600_000);

t.test('plantrack export', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-export-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // The CLI's own embedded database, whatever database the suite runs against.
  const local = { DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined };
  const file = (name: string) => join(dir, name);
  t.equal((await plantrack(['seed'], local)).code, 0, 'seeded');

  await t.test('from the database, to a file: complete, with one JSON line saying what was written', async (t) => {
    const run = await plantrack(['export', 'tasks', '-o', file('tasks.csv')], local);
    t.equal(run.code, 0, run.stderr);
    t.equal(run.stderr, '', 'nothing on standard error off a terminal');
    const written = await readFile(file('tasks.csv'));
    t.same(JSON.parse(run.stdout.toString()), { collection: 'tasks', format: 'csv', rows: 44, bytes: written.length, file: file('tasks.csv') });
    const records = csvRecords(written);
    t.equal(records.length, 44, 'the 44 tasks of 17/CTr-UBND');
    t.same(Object.keys(records[0]!), collections.tasks.columns.map((c) => c.name));
    t.same(records.map((r) => r.code), [...records.map((r) => r.code)].sort(), 'ordered by code');
    t.notOk(existsSync(file('tasks.csv.partial')), 'no partial file left behind');

    const bom = await plantrack(['export', 'tasks', '--bom', '-o', file('bom.csv')], local);
    t.equal(bom.code, 0);
    const withBom = await readFile(file('bom.csv'));
    t.same([...withBom.subarray(0, 3)], [0xef, 0xbb, 0xbf], '--bom: a byte order mark');
    t.same(csvRecords(withBom, true), records, 'and the same records');

    const xlsx = await plantrack(['export', 'agencies', '-o', file('agencies.xlsx')], local);
    t.equal(xlsx.code, 0, 'the format follows the file name');
    t.match(JSON.parse(xlsx.stdout.toString()), { format: 'xlsx', rows: 33 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('agencies.xlsx'));
    t.equal(workbook.getWorksheet('agencies')?.rowCount, 34, 'XLSX: a header and the 33 agencies');
  });

  await t.test('to standard output, with filters', async (t) => {
    const run = await plantrack(['export', 'tasks', '--format', 'ndjson', '--filter', 'leadAgencyId=so-ke-hoach-va-dau-tu', '--filter', 'dueYear=2023'], local);
    t.equal(run.code, 0, run.stderr);
    const lines = run.stdout.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    t.ok(lines.length > 0, `${lines.length} tasks`);
    t.ok(lines.every((r) => r.lead_agency_code === 'so-ke-hoach-va-dau-tu'), 'led by DPI');
    t.ok(lines.every((r) => r.deadline_to_year === 2023 || (r.deadline_kind === 'annually' && Number(r.deadline_from_year) <= 2023 && Number(r.deadline_to_year) >= 2023)), 'due in 2023');
  });

  await t.test('bad usage is exit code 2, before anything is read', async (t) => {
    const cases: [string[], RegExp][] = [
      [['export'], /needs a COLLECTION/],
      [['export', 'programs'], /needs a COLLECTION: one of tasks/],
      [['export', 'tasks', '--filter', 'dueYear=next'], /--filter dueYear: must be integer/],
      [['export', 'tasks', '--filter', 'owner=dpi'], /tasks has no filter owner \(its filters: programId/],
      [['export', 'tasks', '--filter', 'dueYear'], /--filter is NAME=VALUE/],
      [['export', 'tasks', '--format', 'pdf'], /--format is one of csv, ndjson, xlsx/],
      [['export', 'tasks', '--format', 'xlsx', '--bom'], /--bom is for CSV only/],
      [['export', 'tasks', '--token', 'pt_x'], /--token goes with --url/],
      [['export', 'tasks', '--verbose'], /Unknown option '--verbose'/],
    ];
    // None of these opens the database, so they can run side by side.
    const [unreachable, ...runs] = await Promise.all([
      plantrack(['export', 'tasks'], { DATABASE_URL: 'postgres://plantrack@127.0.0.1:9/none', DB_CONNECTION_TIMEOUT_MS: '1000' }),
      ...cases.map(([args]) => plantrack(args, local)),
    ]);
    cases.forEach(([args, message], i) => {
      const run = runs[i]!;
      t.equal(run.code, 2, `${args.join(' ')}: exit 2`);
      t.match(run.stderr, message, `${args.join(' ')}: says what is wrong`);
      t.equal(run.stdout.length, 0, 'and writes no data');
    });
    t.equal(unreachable!.code, 4, 'a database that cannot be reached: exit 4');
  });

  await t.test('from a server with --url and a key', async (t) => {
    const { app, bearer } = await createTestApp(t);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const key = (await bearer(['viewer'])).replace(/^Bearer /, '');

    const run = await plantrack(['export', 'tasks', '--url', url, '--token', key, '-o', file('remote.csv')], local);
    t.equal(run.code, 0, run.stderr);
    const remote = csvRecords(await readFile(file('remote.csv')));
    t.match(JSON.parse(run.stdout.toString()), { collection: 'tasks', format: 'csv', rows: 44, file: file('remote.csv') });
    t.same(remote.map(portable), csvRecords(await readFile(file('tasks.csv'))).map(portable), 'the same tasks as from the seeded database, column by column');

    const viaEnvironment = await plantrack(['export', 'indicators', '--format', 'ndjson', '--filter', 'topLevel=true', '--url', `${url}/`], { ...local, PLANTRACK_TOKEN: key });
    t.equal(viaEnvironment.code, 0, 'the key from PLANTRACK_TOKEN');
    t.equal(viaEnvironment.stdout.toString().trim().split('\n').length, 17, 'the 17 key indicators');

    const limit = exportSettings.xlsxMaxRows;
    exportSettings.xlsxMaxRows = 10;
    t.teardown(() => void (exportSettings.xlsxMaxRows = limit));
    const [refused, forbidden, tooLarge, unreachable] = await Promise.all([
      plantrack(['export', 'tasks', '--url', url, '--token', 'pt_0000000000_notakey', '-o', file('refused.csv')], local),
      plantrack(['export', 'audit-events', '--url', url, '--token', key], local),
      plantrack(['export', 'tasks', '--url', url, '--token', key, '-o', file('large.xlsx')], local),
      plantrack(['export', 'tasks', '--url', 'http://127.0.0.1:9', '--token', key], local),
    ]);
    t.equal(refused.code, 4, 'a key the server refuses (401): exit 4');
    t.match(refused.stderr, /the server answered 401/);
    t.notOk(existsSync(file('refused.csv')) || existsSync(file('refused.csv.partial')), 'and no file');
    t.equal(forbidden.code, 4, 'a role without the right (403): exit 4');
    t.match(forbidden.stderr, /403: This operation needs one of the roles admin, coordinator/);
    t.equal(tooLarge.code, 3, 'XLSX over the row limit: exit 3');
    t.match(tooLarge.stderr, /422: XLSX exports hold at most 10 rows; this one has 44/);
    t.notOk(existsSync(file('large.xlsx')), 'no file');
    t.equal(unreachable.code, 4, 'a server that cannot be reached: exit 4');
    t.match(unreachable.stderr, /cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});
