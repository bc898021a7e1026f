// `plantrack import` as people run it: the real CLI in a child process, against its own database (PGlite in a temp
// DATA_DIR, or a scratch PostgreSQL database when DATABASE_URL is set) migrated with `plantrack migrate`, and with
// --url/--token against a listening server: a dry run, a real import, a refused file (exit 3 with the problems on
// stderr). A child process costs seconds, so the other cases (a wrong command line: exit 2; the server refusing the
// credentials or gone: exit 4) run the same command in-process, with the exit code the CLI's entry point gives.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import t from 'tap';
import { sql } from 'drizzle-orm';
import { CliError } from '../src/cli/command.js';
import { importCommand } from '../src/cli/commands/import.js';
import { openPglite, openPostgres } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { createScratchDatabase, createTestApp, json, postgresUrl } from './helpers/app.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI in a child process, with `env` for its database (and nothing of this process's database settings). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, PLANTRACK_TOKEN: _token, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/plantrack.ts', ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The same command in-process, with `env` set while it runs; errors become exit codes as src/cli/plantrack.ts makes them. */
async function inProcess(args: string[], env: Record<string, string>, interactive = false): Promise<Run> {
  const names = ['DATABASE_URL', 'DATA_DIR', 'PLANTRACK_TOKEN'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: new Writable({ write: (chunk, _encoding, done) => ((stdout += String(chunk)), done()) }),
    stderr: new Writable({ write: (chunk, _encoding, done) => ((stderr += String(chunk)), done()) }),
    interactive,
  };
  try {
    return { code: await importCommand.run(args, io), stdout, stderr };
  } catch (error) {
    const code = error instanceof CliError ? error.exitCode : String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS') ? 2 : 1;
    return { code, stdout, stderr: `${stderr}${(error as Error).message}\n` };
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

const report = (run: Run) => JSON.parse(run.stdout.trim());

t.test('plantrack import', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-import-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // The CLI's own database: empty, migrated by the CLI.
  let env: Record<string, string>;
  let openCliDatabase: () => ReturnType<typeof openPglite>;
  if (postgresUrl) {
    const scratch = await createScratchDatabase(postgresUrl);
    t.teardown(() => scratch.drop());
    env = { DATABASE_URL: scratch.url };
    openCliDatabase = () => openPostgres({ url: scratch.url, poolSize: 2, connectionTimeoutMs: 5000, statementTimeoutMs: 30000 });
  } else {
    env = { DATA_DIR: join(dir, 'data') };
    openCliDatabase = () => openPglite(join(dir, 'data'));
  }
  const rowCount = async () => {
    const database = await openCliDatabase();
    try {
      return Number((await queryRows<{ n: string }>(database.db, sql`select (select count(*) from audit_events) + (select count(*) from tasks) + (select count(*) from agencies) as n`))[0]!.n);
    } finally {
      await database.close();
    }
  };

  // The files to import: the seed program as JSON and as the XLSX template, from a seeded service (which later
  // serves the --url cases).
  const seeded = await createTestApp(t);
  const [program] = json(await seeded.app.inject('/v1/programs')).items;
  const document = json(await seeded.app.inject(`/v1/programs/${program.id}/document`));
  const files = { json: join(dir, 'program.json'), xlsx: join(dir, 'program.xlsx'), badJson: join(dir, 'bad.json'), badXlsx: join(dir, 'bad.xlsx'), changed: join(dir, 'changed.json') };
  const template = (await seeded.app.inject(`/v1/programs/${program.id}/import-template`)).rawPayload;
  await writeFile(files.json, JSON.stringify(document, null, 2));
  await writeFile(files.xlsx, template);
  const bad = structuredClone(document);
  bad.tasks[0].leadAgencyCode = 'so-khong-co';
  bad.tasks[1].deadline = { kind: 'year_range', fromYear: 2022, toYear: 2021 };
  await writeFile(files.badJson, JSON.stringify(bad));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  workbook.getWorksheet('Tasks')!.getCell('E2').value = 'so-khong-co';
  workbook.getWorksheet('Program')!.getCell('E2').value = 'năm 2021';
  await writeFile(files.badXlsx, Buffer.from(await workbook.xlsx.writeBuffer()));
  const changed = structuredClone(document);
  changed.tasks[0].progress = 35;
  await writeFile(files.changed, JSON.stringify(changed));

  const migrated = await cli(['migrate'], env);
  t.equal(migrated.code, 0, migrated.stderr);
  let imported = 0;

  await t.test('into the database: dry run, import, import again', async (t) => {
    const creates = { agencies: { create: document.agencies.length, update: 0, unchanged: 0 }, program: 'create', tasks: { create: 44, update: 0, unchanged: 0 } };
    const dryRun = await cli(['import', files.xlsx, '--dry-run'], env);
    t.equal(dryRun.code, 0, dryRun.stderr);
    t.match(report(dryRun), { valid: true, dryRun: true, summary: creates });
    t.equal(dryRun.stdout.trim().split('\n').length, 1, 'one JSON object on stdout when not on a terminal');
    t.equal(dryRun.stderr, '', 'and nothing on stderr');

    const real = await cli(['import', files.xlsx], env);
    t.equal(real.code, 0, real.stderr);
    t.match(report(real), { valid: true, dryRun: false, summary: creates }, 'everything created: the dry run wrote nothing');

    const again = await inProcess([files.json], env);
    t.equal(again.code, 0, again.stderr);
    t.same(report(again).changes, [], 'the JSON document describes what the workbook imported: nothing changes');
    const onTerminal = await inProcess([files.changed], env, true);
    t.equal(onTerminal.code, 0, onTerminal.stderr);
    t.same(onTerminal.stdout.split('\n').slice(0, 7), [
      `Imported ${files.changed}: program unchanged.`,
      `  agencies           0 created,     0 updated,    ${String(document.agencies.length).padStart(2)} unchanged`,
      `  agency groups      0 created,     0 updated,     ${document.agencyGroups.length} unchanged`,
      '  task groups        0 created,     0 updated,    13 unchanged',
      '  indicators         0 created,     0 updated,    38 unchanged',
      '  tasks              0 created,     1 updated,    43 unchanged',
      '',
    ], 'on a terminal, a readable summary');

    const database = await openCliDatabase();
    try {
      const actors = await queryRows<{ actor_type: string; actor_name: string; operation_id: string }>(database.db, sql`select distinct actor_type, actor_name, operation_id from audit_events`);
      t.same(actors, [{ actor_type: 'system', actor_name: 'plantrack CLI', operation_id: 'importProgram' }], 'the audit trail names the CLI');
      const [task] = await queryRows<{ progress: number }>(database.db, sql`select progress from tasks where code = '01'`);
      t.equal(task!.progress, 35);
    } finally {
      await database.close();
    }
    imported = await rowCount();
  });

  await t.test('refused files: exit 3, every problem on stderr, nothing written', async (t) => {
    const badJson = await cli(['import', files.badJson], env);
    t.equal(badJson.code, 3);
    t.same(badJson.stderr.trim().split('\n'), [
      "/tasks/0/leadAgencyCode: names the agency so-khong-co, which is neither in the document's agencies nor in the service",
      '/tasks/1/deadline/toYear: must be after fromYear (2022) for a year_range deadline (a single year is kind year)',
      `plantrack import: ${files.badJson} was refused: 2 problems; nothing was written.`,
    ]);
    t.match(report(badJson), { valid: false, summary: null, problems: [{ pointer: '/tasks/0/leadAgencyCode' }, { pointer: '/tasks/1/deadline/toYear' }] }, 'and the report on stdout');

    const badXlsx = await inProcess([files.badXlsx], env);
    t.equal(badXlsx.code, 3);
    t.same(badXlsx.stderr.trim().split('\n'), [
      'Program!E2 (startYear): holds the text "năm 2021"; expected a whole number.',
      "Tasks!E2 (leadAgencyCode): names the agency so-khong-co, which is neither in the document's agencies nor in the service",
      `plantrack import: ${files.badXlsx} was refused: 2 problems; nothing was written.`,
    ]);
    t.equal(await rowCount(), imported, 'nothing was written');
  });

  await t.test('a wrong command line: exit 2', async (t) => {
    for (const [args, message] of [
      [[], /^import takes one FILE \(got 0\)\n\nplantrack import FILE \[--dry-run\]/],
      [[files.json, files.xlsx], /takes one FILE \(got 2\)/],
      [[join(dir, 'missing.json')], /^cannot read .*missing\.json: ENOENT/],
      [[files.json, '--force'], /Unknown option '--force'/],
      [[files.json, '--token', 'pt_x'], /^--token goes with --url/],
    ] as const) {
      const run = await inProcess([...args], env);
      t.equal(run.code, 2, args.join(' '));
      t.match(run.stderr, message);
      t.equal(run.stdout, '');
    }
  });

  await t.test('through a server with --url', async (t) => {
    const { app, bearer } = seeded;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const admin = (await bearer(['admin'])).slice('Bearer '.length);

    const dryRun = await cli(['import', files.xlsx, '--dry-run', '--url', url, '--token', admin], {});
    t.equal(dryRun.code, 0, dryRun.stderr);
    t.match(report(dryRun), { valid: true, dryRun: true, programId: program.id, summary: { program: 'unchanged', tasks: { unchanged: 44 } } });

    const imported = await inProcess([files.changed, '--url', `${url}/v1/`], { PLANTRACK_TOKEN: admin });
    t.equal(imported.code, 0, imported.stderr);
    t.same(report(imported).changes, [{ entity: 'task', code: '01', action: 'update', fields: ['progress'] }], 'the token from PLANTRACK_TOKEN; the URL with or without /v1');

    const refused = await inProcess([files.badXlsx, '--url', url, '--token', admin], {});
    t.equal(refused.code, 3);
    t.match(refused.stderr, /^Program!E2 \(startYear\): holds the text "năm 2021"; expected a whole number\.\nTasks!E2 \(leadAgencyCode\): names the agency so-khong-co/);

    const wrongKey = await inProcess([files.json, '--url', url, '--token', 'pt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], {});
    t.equal(wrongKey.code, 4);
    t.match(wrongKey.stderr, /refused the credentials \(401\)/);
    const coordinator = (await bearer(['coordinator'])).slice('Bearer '.length);
    const notAdmin = await inProcess([files.json, '--url', url, '--token', coordinator], {});
    t.equal(notAdmin.code, 4);
    t.match(notAdmin.stderr, /refused the credentials \(403\): This operation needs one of the roles admin/);
    await app.close();
    const unreachable = await inProcess([files.json, '--url', url, '--token', admin], {});
    t.equal(unreachable.code, 4);
    t.match(unreachable.stderr, /^cannot reach http:\/\/127\.0\.0\.1:\d+/);
  });
});
