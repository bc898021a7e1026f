// Backups that restore: the procedures of docs/backup.md, carried out and checked.
//
// PostgreSQL: seed, edit through the API, `pg_dump -Fc`, `pg_restore` into a fresh empty database, then compare
// every table row for row (drizzle's migration journal included), the sequences, the schema, and the API's
// answers. It runs on a scratch cluster (test/helpers/scratch-cluster.ts) rather than the machine's main server:
// pg_dump and pg_restore then come from the server's own bin directory (a pg_dump older than the server refuses
// to dump it), nothing depends on the main server's roles or CREATEDB, and the test leaves nothing behind.
//
// PGlite (the embedded database): the service stopped, DATA_DIR copied, the copy opened as a new data
// directory; and PGlite's own dumpDataDir() tarball, taken while the database is open, loaded into a new one.
//
// Only with FAULT_TESTS=1 (CI sets it); the PostgreSQL part also needs the server binaries.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import t from 'tap';
import { buildApp, type App } from '../src/app.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/db/connect.js';
import { loadSeed } from '../src/seed/load.js';
import { injectAs, issueBearer, testConfig } from './helpers/app.js';
import { createScratchCluster, pgBin, scratchClusterUnavailable } from './helpers/scratch-cluster.js';

const run = promisify(execFile);

const flagOff = process.env.FAULT_TESTS !== '1' ? 'backup and restore tests are slow: set FAULT_TESTS=1 to run them' : undefined;
const skipPostgres = flagOff ?? scratchClusterUnavailable() ?? false;
const skipPglite = flagOff ?? false;

interface Teardown {
  teardown(fn: () => unknown): void;
}
interface Asserts {
  ok(value: unknown, message: string): unknown;
}

/**
 * The key the API calls send. Issued once, in the first (source) database, so the backups carry it and the restored
 * databases accept it; issuing another after a restore would make the restored tables differ from the source.
 */
let authorization: string | undefined;

async function appOver(t: Teardown, database: DatabaseHandle): Promise<App> {
  const app = await buildApp({ config: testConfig(), database, logger: false });
  await app.ready();
  t.teardown(() => app.close());
  authorization ??= await issueBearer(database, ['admin', 'coordinator']);
  injectAs(app, authorization);
  return app;
}

async function call(app: App, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const response = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

/** Edits of every kind through the API, so the backup holds more than the seed. Returns what they touched. */
async function editThroughApi(t: Asserts, app: App) {
  const ok = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const { status, body } = await call(app, method, url, payload);
    t.ok(status >= 200 && status < 300, `${method} ${url} → ${status}`);
    return body;
  };
  const items = async (url: string) => (await call(app, 'GET', url)).body.items;
  const agencies = await items('/v1/agencies?limit=200');
  const ubnd = agencies.find((a: { code: string }) => a.code === 'ubnd-tp-can-tho');
  const dpi = agencies.find((a: { code: string }) => a.code === 'so-ke-hoach-va-dau-tu');
  const [group] = await items('/v1/agency-groups?limit=1');
  const tasks = await items('/v1/tasks?limit=200');
  const indicators = await items('/v1/indicators?limit=200');

  const agency = await ok('POST', '/v1/agencies', { code: 'so-thu-nghiem-sao-luu', name: 'Sở Thử nghiệm Sao lưu', shortName: 'Sở TNSL', kind: 'department', parentId: ubnd.id });
  const newGroup = await ok('POST', '/v1/agency-groups', { code: 'nhom_sao_luu', name: 'Nhóm sao lưu', description: 'Đơn vị đã sao lưu', memberIds: [agency.id, dpi.id] });
  const inProgress = await ok('PATCH', `/v1/tasks/${tasks[0].id}`, {
    status: 'in_progress',
    progress: 60,
    supporters: [{ agencyId: agency.id }, { agencyGroupId: group.id }, { agencyGroupId: newGroup.id }],
  });
  await ok('PATCH', `/v1/tasks/${tasks[1].id}`, { status: 'completed' });
  const value = await ok('POST', '/v1/indicator-values', { indicatorId: indicators[0].id, period: '2024', value: 7.1, kind: 'estimate', agencyId: agency.id, note: 'Ước thực hiện năm 2024' });
  await ok('POST', '/v1/indicator-values', { indicatorId: indicators[0].id, period: '2024-Q3', value: 6.85 });
  const removed = await ok('POST', '/v1/indicator-values', { indicatorId: indicators[1].id, period: '2023', value: 1 });
  await ok('DELETE', `/v1/indicator-values/${removed.id}`);
  await ok('PATCH', `/v1/indicators/${indicators[2].id}`, { name: `${indicators[2].name} (đã sửa)` });
  return { agency, newGroup, task: inProgress, value, removed, dpi };
}

/** API answers that must not change across a backup and restore. */
function endpointsOf(touched: Awaited<ReturnType<typeof editThroughApi>>): string[] {
  return [
    '/health/ready',
    '/v1/programs',
    '/v1/task-groups?limit=200',
    '/v1/tasks?limit=200',
    '/v1/tasks?limit=200&sort=-title',
    '/v1/tasks?limit=7',
    '/v1/tasks?q=ke%20hoach%20su%20dung%20dat',
    '/v1/tasks?status=completed',
    `/v1/tasks?supportingAgencyId=${touched.agency.id}&limit=200`,
    `/v1/tasks/${touched.task.id}`,
    '/v1/indicators?limit=200',
    '/v1/indicators?programId=17/CTr-UBND&topLevel=true&limit=200',
    '/v1/indicator-values?limit=200',
    `/v1/indicator-values/${touched.value.id}`,
    `/v1/indicator-values/${touched.removed.id}`,
    '/v1/agencies?limit=200',
    '/v1/agencies?q=sao%20luu',
    `/v1/agencies/${touched.agency.id}/tasks?limit=200`,
    `/v1/agencies/${touched.dpi.id}/tasks?limit=200`,
    '/v1/agency-groups?limit=200',
    `/v1/agency-groups/${touched.newGroup.id}`,
  ];
}

async function answers(app: App, endpoints: string[]) {
  const out: Record<string, { status: number; body: unknown }> = {};
  for (const url of endpoints) {
    const { status, body } = await call(app, 'GET', url);
    // requestId differs per request by design (problem documents only); nothing else may.
    if (body && typeof body === 'object' && 'requestId' in body) delete (body as { requestId?: string }).requestId;
    out[url] = { status, body };
  }
  return out;
}

type Query = (text: string) => Promise<{ rows: any[] }>;

/** Row count and digest of every table (public and drizzle schemas), and every sequence's position. */
async function contents(query: Query): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const { rows: tables } = await query(
    `select table_schema as s, table_name as n from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle') order by 1, 2`,
  );
  for (const { s, n } of tables) {
    const name = `"${s}"."${n}"`;
    const { rows } = await query(`select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${name} t`);
    out[name] = `${rows[0].rows} rows, md5 ${rows[0].digest}`;
  }
  const { rows: sequences } = await query(`select schemaname as s, sequencename as n, last_value from pg_sequences where schemaname in ('public', 'drizzle') order by 1, 2`);
  for (const { s, n, last_value } of sequences) out[`sequence "${s}"."${n}"`] = `last_value ${last_value}`;
  return out;
}

const pgQuery = (client: pg.Client): Query => (text) => client.query(text);
const pgliteQuery = (database: DatabaseHandle): Query => (text) => (database.db as unknown as { $client: PGlite }).$client.query(text);

t.test('PostgreSQL: pg_dump -Fc, pg_restore into a fresh database', { skip: skipPostgres }, async (t) => {
  authorization = undefined;
  const cluster = await createScratchCluster(t);
  const source = await openPostgres({ url: cluster.url, poolSize: 4, connectionTimeoutMs: 5000, statementTimeoutMs: 60_000 });
  t.teardown(() => source.close());
  await source.migrate();
  await loadSeed(source.db);
  const app = await appOver(t, source);
  const touched = await editThroughApi(t, app);
  const endpoints = endpointsOf(touched);
  const before = await answers(app, endpoints);

  // The commands of docs/backup.md.
  const dump = join(cluster.dir, 'plantrack.dump');
  const started = performance.now();
  await run(pgBin('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--dbname=${cluster.url}`, `--file=${dump}`]);
  const dumped = performance.now();
  const restoredUrl = await cluster.createDatabase('plantrack_restored');
  await run(pgBin('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${restoredUrl}`, dump]);
  t.comment(`pg_dump ${Math.round(dumped - started)} ms, pg_restore ${Math.round(performance.now() - dumped)} ms`);

  const original = await cluster.admin(cluster.database);
  t.teardown(() => original.end());
  const copy = await cluster.admin('plantrack_restored');
  t.teardown(() => copy.end());
  const want = await contents(pgQuery(original));
  const got = await contents(pgQuery(copy));
  t.ok(Object.keys(want).includes('"drizzle"."__drizzle_migrations"'), 'the migration journal is among the tables compared');
  t.ok(Object.keys(want).length >= 9, `${Object.keys(want).length} tables and sequences compared`);
  t.same(got, want, 'every table has the same rows in the restored database');

  // The schema too (functions, generated columns, constraints, indexes, extensions), as pg_dump prints it —
  // without comments, the random \restrict keys, and parentheses: PostgreSQL re-parses CHECK expressions on
  // restore and prints `((a AND b) AND c)` back as `(a AND b AND c)`, the same condition.
  const schemaOf = async (url: string) =>
    (await run(pgBin('pg_dump'), ['--schema-only', '--no-owner', '--no-privileges', `--dbname=${url}`], { maxBuffer: 64 << 20 })).stdout
      .split('\n')
      .filter((line) => !/^--|^\\(un)?restrict /.test(line))
      .join('\n')
      .replace(/[()]/g, '')
      .replace(/\s+/g, ' ');
  t.equal(await schemaOf(restoredUrl), await schemaOf(cluster.url), 'the restored schema is the same');

  const restored = await openPostgres({ url: restoredUrl, poolSize: 4, connectionTimeoutMs: 5000, statementTimeoutMs: 60_000 });
  t.teardown(() => restored.close());
  t.equal(await restored.pendingMigrations(), 0, 'no migration is pending on the restored database');
  const restoredApp = await appOver(t, restored);
  const after = await answers(restoredApp, endpoints);
  t.same(after, before, 'the restored database serves the same answers');
  t.match(after[`/v1/tasks/${touched.task.id}`]!.body, { status: 'in_progress', progress: 60, supporters: [{ id: touched.agency.id }, {}, { id: touched.newGroup.id }] }, 'the edits are in it');
  t.equal(after[`/v1/indicator-values/${touched.removed.id}`]!.status, 404, 'and so is the deletion');
  t.equal((await call(restoredApp, 'PATCH', `/v1/tasks/${touched.task.id}`, { progress: 70 })).status, 200, 'the restored database takes writes');
});

/** Opens a restored data directory as the service does, and checks it against the source. */
async function checkRestoredPglite(
  t: Tap,
  dataDir: string,
  source: { contents: Record<string, string>; endpoints: string[]; before: unknown; touched: { task: { id: string } } },
  { hot }: { hot: boolean },
) {
  const restored = await openPglite(dataDir);
  t.teardown(() => restored.close());
  t.equal(await restored.pendingMigrations(), 0, 'no migration is pending');
  const got = await contents(pgliteQuery(restored));
  if (hot) {
    // A copy taken while open is crash-consistent: opening it replays the WAL, in which PostgreSQL logs
    // sequences 32 values ahead, so a sequence may resume further on (a gap in ids, as after any crash).
    const tablesOnly = (c: Record<string, string>) => Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith('sequence ')));
    t.same(tablesOnly(got), tablesOnly(source.contents), 'every table has the same rows');
    const lastValue = (v: string | undefined) => Number(v?.replace('last_value ', '') ?? NaN);
    for (const [name, value] of Object.entries(source.contents).filter(([k]) => k.startsWith('sequence '))) {
      // A sequence never used has no last value, before and after.
      const unused = value === 'last_value null' && got[name] === 'last_value null';
      t.ok(unused || lastValue(got[name]) >= lastValue(value), `${name} resumes at or after where it was (${value} → ${got[name]})`);
    }
  } else {
    t.same(got, source.contents, 'every table (and sequence) is the same');
  }
  const app = await appOver(t, restored);
  t.same(await answers(app, source.endpoints), source.before, 'the restored directory serves the same answers');
  t.equal((await call(app, 'PATCH', `/v1/tasks/${source.touched.task.id}`, { progress: 70 })).status, 200, 'and takes writes');
}

type Tap = Teardown & Asserts & {
  equal(found: unknown, wanted: unknown, message: string): unknown;
  same(found: unknown, wanted: unknown, message: string): unknown;
};

t.test('PGlite: copy of the stopped DATA_DIR, and dumpDataDir() tarball', { skip: skipPglite }, async (t) => {
  authorization = undefined;
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-pglite-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const database = await openPglite(join(dir, 'data'));
  await database.migrate();
  await loadSeed(database.db);
  const app = await appOver(t, database);
  const touched = await editThroughApi(t, app);
  const endpoints = endpointsOf(touched);
  const source = { touched, endpoints, before: await answers(app, endpoints), contents: await contents(pgliteQuery(database)) };

  // Hot: PGlite's dumpDataDir() while the database is open (it could go on serving meanwhile).
  const tarball = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('gzip');
  await writeFile(join(dir, 'plantrack-pgdata.tar.gz'), Buffer.from(await tarball.arrayBuffer()));

  // Cold: stop the service (the app, then the database, as src/server.ts does on SIGTERM), copy DATA_DIR.
  await app.close();
  await database.close();
  await cp(join(dir, 'data'), join(dir, 'backup'), { recursive: true });

  t.test('restore the copied directory', async (t) => {
    await cp(join(dir, 'backup'), join(dir, 'restored-copy'), { recursive: true });
    await checkRestoredPglite(t, join(dir, 'restored-copy'), source, { hot: false });
  });

  t.test('restore the tarball (loadDataDir) into a new data directory', async (t) => {
    const loader = await PGlite.create({
      dataDir: join(dir, 'restored-tarball'),
      loadDataDir: new Blob([await readFile(join(dir, 'plantrack-pgdata.tar.gz'))]),
      extensions: { unaccent, pg_trgm },
    });
    await loader.close();
    await checkRestoredPglite(t, join(dir, 'restored-tarball'), source, { hot: true });
  });
});
