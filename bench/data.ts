// `npm run bench:data -- [--scale N] [--database-url URL | --pglite DIR] [--fresh]`: generates the national data set
// (bench/lib/generate.ts) into PostgreSQL (default postgres://postgres@127.0.0.1:5432/plantrack_bench, created if
// missing) or into a PGlite data directory, after applying the product's migrations. Deterministic: the same
// options give the same rows, ids included. See docs/performance.md.
import { createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import pg from 'pg';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/db/connect.js';
import { Chunk, copyMs, postgresTarget, pgliteTarget, tableOrder, type Target } from './lib/copy.js';
import { databaseName, defaultDatabaseUrl, ensureDatabase, readMarker, writeMarker, type Marker } from './lib/database.js';
import { GENERATOR_VERSION, Generator, planFor } from './lib/generate.js';

const usage = `npm run bench:data -- [options]

Generates the benchmark's national data set (34 provinces × 20 programs × ~200 tasks at scale 1, plus one program of
10,000 tasks) into a PostgreSQL database, applying plantrack's migrations first. Deterministic: the same options
give the same rows and ids.

  --scale N             size: 1 = national (~1.5M rows of program data, ~2M audit events); 0.05 for a smoke run [1]
  --database-url URL    target database (created if missing) [$BENCH_DATABASE_URL or ${defaultDatabaseUrl}]
  --pglite DIR          generate into a PGlite data directory instead (the embedded default; use a small scale)
  --seed TEXT           random seed [plantrack-2025]
  --big-program-tasks N tasks of the extra national program [10000]
  --jobs N              PostgreSQL connections loading side by side [2]
  --fresh               drop and recreate the database (or directory) first; without it, a database already
                        generated with the same options is left as it is, and any other non-empty one is an error
  --no-vacuum           only ANALYZE at the end (default: VACUUM ANALYZE, so autovacuum does not run during the benchmark)
  --dry-run             generate without writing anywhere and print the rows each table would get
  --help
`;

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    'database-url': { type: 'string' },
    pglite: { type: 'string' },
    seed: { type: 'string', default: 'plantrack-2025' },
    'big-program-tasks': { type: 'string', default: '10000' },
    jobs: { type: 'string', default: '2' },
    fresh: { type: 'boolean', default: false },
    'no-vacuum': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
const out = (text: string) => process.stdout.write(`${text}\n`);
const fail = (message: string): never => {
  process.stderr.write(`bench:data: ${message}\n`);
  process.exit(1);
};
if (args.help) {
  out(usage);
  process.exit(0);
}

const scale = Number(args.scale);
const bigProgramTasks = Number(args['big-program-tasks']);
const jobs = Number(args.jobs);
if (!(scale > 0 && scale <= 10)) fail(`--scale must be a number in (0, 10], got ${args.scale}`);
if (!Number.isInteger(bigProgramTasks) || bigProgramTasks < 1 || bigProgramTasks > 1_000_000) fail('--big-program-tasks must be an integer from 1 to 1000000');
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) fail('--jobs must be an integer from 1 to 16');
const seed = args.seed!;
const pgliteDir = args.pglite ? resolve(args.pglite) : undefined;
const url = args['database-url'] ?? process.env.BENCH_DATABASE_URL ?? defaultDatabaseUrl;
const fixtures = { bigProgram: '99/CTr-CP', sampleProgram: '', searchQuery: 'chuyen doi so' };

if (args['dry-run']) {
  const plan = planFor(scale, bigProgramTasks);
  const started = Date.now();
  const generator = new Generator({ scale, seed, bigProgramTasks }, { submit: async () => {}, audit() {}, progress() {} });
  await generator.run();
  let total = 0;
  out(`Scale ${scale} (dry run, nothing written): ${plan.provinces} provinces × ${plan.programsPerProvince} programs + 1 national program of ${bigProgramTasks} tasks`);
  for (const table of tableOrder) {
    const n = generator.counts.get(table) ?? 0;
    total += n;
    out(`  ${table.padEnd(24)} ${String(n).padStart(10)}`);
  }
  out(`  ${'total'.padEnd(24)} ${String(total).padStart(10)}\nGenerated in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------------------------
// Open the target, apply migrations, check what is there

let handle: DatabaseHandle;
let admin: { query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>; close(): Promise<void> };
let target: Target;
const started = Date.now();
if (pgliteDir) {
  if (args.fresh) rmSync(pgliteDir, { recursive: true, force: true });
  handle = await openPglite(pgliteDir);
  await handle.migrate();
  const client = (handle.db as unknown as { $client: import('@electric-sql/pglite').PGlite }).$client;
  admin = { query: (text, params) => client.query<Record<string, unknown>>(text, params), close: () => handle.close() };
  target = pgliteTarget(client);
} else {
  await ensureDatabase(url, args.fresh!);
  handle = await openPostgres({ url, poolSize: 2, connectionTimeoutMs: 10_000, statementTimeoutMs: 3_600_000 });
  await handle.migrate();
  await handle.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  admin = { query: (text, params) => client.query(text, params), close: () => client.end() };
  target = await postgresTarget(url, jobs);
}
const where = pgliteDir ? `PGlite ${pgliteDir}` : `PostgreSQL database ${databaseName(url)}`;

const marker = await readMarker(admin.query);
const { rows: existing } = await admin.query('select count(*)::int as n from programs');
if (Number(existing[0]!.n) > 0) {
  const same = marker && marker.version === GENERATOR_VERSION && marker.scale === scale && marker.seed === seed && marker.bigProgramTasks === bigProgramTasks;
  await target.close();
  await admin.close();
  if (same) {
    out(`${where} already holds the data set of scale ${scale} (seed ${seed}, generated ${marker.generatedAt}); nothing to do. --fresh generates it again.`);
    process.exit(0);
  }
  fail(
    `${where} already holds data (${existing[0]!.n} programs${marker ? `, generated at scale ${marker.scale} with seed ${marker.seed}, generator version ${marker.version}` : ', not by this generator'}). ` +
      'Pass --fresh to drop and regenerate it, or name another database.',
  );
}
if (pgliteDir) await target.exec(`select set_config('plantrack.audit', 'off', false)`);

// ------------------------------------------------------------------------------------------------------------------
// Generate: programs as chunks (several connections), audit events into month files, loaded last in time order

const plan = planFor(scale, bigProgramTasks);
out(`Generating scale ${scale} into ${where}: ${plan.provinces} provinces × ${plan.programsPerProvince} programs + 1 national program of ${bigProgramTasks} tasks (~${plan.estimatedTasks} tasks).`);

const tmp = join(resolve('bench-data'), `tmp-audit-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const buckets = new Map<string, WriteStream>();
const interactive = process.stderr.isTTY === true;
const bar = interactive
  ? new SingleBar({ format: 'bench:data [{bar}] {value}/{total} {step} {eta_formatted}', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
  : undefined;
bar?.start(plan.programs + 1, 0, { step: 'programs' });
let lastLog = Date.now();

const generator = new Generator({ scale, seed, bigProgramTasks }, {
  submit: (chunk) => target.submit(chunk),
  audit(occurredAt, text) {
    const month = occurredAt.slice(0, 7);
    let stream = buckets.get(month);
    if (!stream) buckets.set(month, (stream = createWriteStream(join(tmp, `${month}.copy`))));
    stream.write(text);
  },
  progress(done, total) {
    bar?.update(done, { step: 'programs' });
    if (!bar && (Date.now() - lastLog > 10_000 || done === total)) {
      lastLog = Date.now();
      out(`  ${done}/${total} programs (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  },
});
generator.sinkDrain = () => target.drain();
try {
  await generator.run();
  await target.drain();

  bar?.update(plan.programs, { step: 'audit events' });
  if (!bar) out('  audit events, in time order');
  for (const stream of buckets.values()) {
    stream.end();
    await once(stream, 'close');
  }
  const months = readdirSync(tmp).sort();
  let id = 0;
  for (const file of months) {
    const lines = readFileSync(join(tmp, file), 'utf8').split('\n');
    lines.pop();
    lines.sort();
    // Chunks of 100,000 events load side by side on the loading connections while the next month is sorted.
    for (let i = 0; i < lines.length; i += 100_000) {
      const chunk = new Chunk();
      chunk.parts.set('audit_events', lines.slice(i, i + 100_000).map((l) => `${++id}\t${l}\n`));
      await target.submit(chunk);
    }
  }
  await target.drain();
  await admin.query(`select setval(pg_get_serial_sequence('audit_events', 'id'), greatest($1::bigint, 1))`, [id]);
  bar?.update(plan.programs + 1, { step: 'done' });
  bar?.stop();
} catch (error) {
  bar?.stop();
  rmSync(tmp, { recursive: true, force: true });
  await target.close().catch(() => undefined);
  await admin.close().catch(() => undefined);
  throw error;
}
rmSync(tmp, { recursive: true, force: true });
const loadedSeconds = (Date.now() - started) / 1000;

await admin.query(`select setval(pg_get_serial_sequence('report_transitions', 'id'), greatest((select max(id) from report_transitions), 1))`);
out(args['no-vacuum'] ? 'ANALYZE …' : 'VACUUM ANALYZE …');
await admin.query(args['no-vacuum'] ? 'analyze' : 'vacuum (analyze)');
if (!pgliteDir) await admin.query('checkpoint').catch(() => undefined);
const seconds = (Date.now() - started) / 1000;

// ------------------------------------------------------------------------------------------------------------------
// Report: rows per table (generated, and counted in the database), throughput, checksums, fixtures

const rows: Record<string, number> = {};
let total = 0;
const lines: string[] = [];
for (const table of tableOrder) {
  const generated = generator.counts.get(table) ?? 0;
  const { rows: counted } = await admin.query(`select count(*)::int as n from ${table}`);
  const n = Number(counted[0]!.n);
  rows[table] = n;
  total += n;
  lines.push(`  ${table.padEnd(24)} ${String(n).padStart(10)}${n === generated ? '' : `   (generated ${generated}!)`}`);
}
// Two runs with the same options must print the same checksums (physical row order may differ with --jobs > 1).
const { rows: sums } = await admin.query(`select
  (select md5(string_agg(p.code || '/' || t.code || ' ' || t.title, E'\\n' order by p.code, t.code)) from tasks t join programs p on p.id = t.program_id) as titles,
  (select md5(string_agg(id::text, ',' order by id)) from tasks) as ids,
  (select md5(string_agg(md5(concat_ws('|', id, agency_id, period, status, submitted_at, accepted_at)), '' order by id)) from reports) as reports,
  (select md5(string_agg(md5(concat_ws('|', report_id, task_id, status, progress, completed_on)), '' order by report_id, task_id)) from report_task_updates) as updates,
  (select md5(string_agg(md5(concat_ws('|', id, report_id, to_status, occurred_at)), '' order by id)) from report_transitions) as transitions,
  (select md5(string_agg(md5(concat_ws('|', id, occurred_at, resource_type, resource_id, action, changes::text)), '' order by id)) from audit_events) as audit,
  (select pg_size_pretty(pg_database_size(current_database()))) as size`);
const sum = sums[0]!;
const [first] = (await admin.query(`select code from programs where code <> $1 order by code limit 1`, [fixtures.bigProgram])).rows;
fixtures.sampleProgram = String(first?.code ?? '');

out(`\nRows per table (${where}):`);
for (const l of lines) out(l);
out(`  ${'total'.padEnd(24)} ${String(total).padStart(10)}`);
out(`\nLoaded in ${loadedSeconds.toFixed(1)} s (${Math.round(total / loadedSeconds)} rows/s), ${seconds.toFixed(1)} s with ${args['no-vacuum'] ? 'ANALYZE' : 'VACUUM ANALYZE'}; database size ${sum.size}.`);
if (process.env.BENCH_DEBUG) out(`COPY seconds per table: ${[...copyMs].map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
out(`Checksums (md5): task titles ${sum.titles}, task ids ${sum.ids}, reports ${sum.reports}, task updates ${sum.updates}, transitions ${sum.transitions}, audit events ${sum.audit}`);
out(`Fixtures: national program ${fixtures.bigProgram} (${bigProgramTasks} tasks), sample program ${fixtures.sampleProgram}, search "${fixtures.searchQuery}"`);

const note: Marker = {
  generator: 'plantrack-bench-data',
  version: GENERATOR_VERSION,
  scale,
  seed,
  bigProgramTasks,
  generatedAt: new Date().toISOString(),
  seconds: Math.round(seconds),
  rows,
  fixtures,
};
await writeMarker(admin.query, note);
await target.close();
await admin.close();
