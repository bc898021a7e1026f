// `npm run bench -- [options]`: measures plantrack against the data of `npm run bench:data`, next to a bare
// fastify + pg handler running the SQL plantrack runs (captured per request) and Platformatic DB over the same
// database, and prints one table. See docs/performance.md and `npm run bench -- --help`.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openCaptureSession, type CapturedRequest } from './lib/capture.js';
import { databaseName, defaultDatabaseUrl, readMarker } from './lib/database.js';
import { deepListPath, deepPageOf, endpoints, lookUp, type Data, type Endpoint, type ServerKind } from './lib/endpoints.js';
import { rssBytes, run, startServer, type ServerProcess } from './lib/processes.js';

const usage = `npm run bench -- [options]

Starts plantrack (node dist/server.js, after npm run build), a bare fastify + pg handler replaying the SQL plantrack
runs for each request (captured in-process first), and Platformatic DB, all on the database npm run bench:data
filled; warms each endpoint up, measures it with autocannon, and prints one table with the ratios and targets.

  --database-url URL       [$BENCH_DATABASE_URL or ${defaultDatabaseUrl}]
  --connections N          autocannon connections [10]
  --duration S             seconds measured per endpoint and server [10]
  --warmup S               seconds of warm-up before each measurement (0: none) [3]
  --report-connections N   connections for the consolidated report (a latency measurement) [2]
  --export-runs N          CSV exports streamed; the last one is reported [2]
  --export-rows N          audit events exported: the first N (by time), or all when fewer; 0: all [1000000]
  --pool N                 database connections of each server [10]
  --ids N                  task ids the single-task endpoint rotates through [100]
  --only KEYS              endpoints to measure, comma-separated: task,list,list-deep,search,indicators,assessment,consolidated,export
  --servers LIST           plantrack,bare,platformatic (default: all three)
  --auth MODE              public (PUBLIC_READS=true, no credentials), key (an API key on every plantrack request), both [public]
  --pglite DIR             also measure plantrack on PGlite (a data directory from bench:data --pglite DIR), column "pglite"
  --server dist|tsx        run plantrack as node dist/server.js (after npm run build) or through tsx [dist]
  --no-build               use dist/ as it is
  --port-base N            ports N+1… for the servers [3300]
  --out DIR                where results, captured SQL and server logs go [bench-results]
  --help
`;

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'report-connections': { type: 'string', default: '2' },
    'export-runs': { type: 'string', default: '2' },
    'export-rows': { type: 'string', default: '1000000' },
    pool: { type: 'string', default: '10' },
    ids: { type: 'string', default: '100' },
    only: { type: 'string' },
    servers: { type: 'string', default: 'plantrack,bare,platformatic' },
    auth: { type: 'string', default: 'public' },
    pglite: { type: 'string' },
    server: { type: 'string', default: 'dist' },
    'no-build': { type: 'boolean', default: false },
    'port-base': { type: 'string', default: '3300' },
    out: { type: 'string', default: 'bench-results' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
const out = (text = '') => process.stdout.write(`${text}\n`);
const fail = (message: string): never => {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
};
if (args.help) {
  out(usage);
  process.exit(0);
}
const int = (name: keyof typeof args, min: number, max: number) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}`);
  return n;
};
const connections = int('connections', 1, 1000);
const duration = int('duration', 1, 3600);
const warmup = int('warmup', 0, 600);
const reportConnections = int('report-connections', 1, 100);
const exportRuns = int('export-runs', 1, 10);
const exportRows = int('export-rows', 0, 1_000_000_000);
const poolSize = int('pool', 1, 200);
const idCount = int('ids', 1, 10_000);
const portBase = int('port-base', 1024, 65000);
const servers = new Set(args.servers!.split(',').map((s) => s.trim()).filter(Boolean));
for (const s of servers) if (!['plantrack', 'bare', 'platformatic'].includes(s)) fail(`unknown server ${s}`);
if (!['public', 'key', 'both'].includes(args.auth!)) fail('--auth is public, key or both');
if (!['dist', 'tsx'].includes(args.server!)) fail('--server is dist or tsx');
const only = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : null;
const root = resolve(new URL('..', import.meta.url).pathname);
const outDir = resolve(root, args.out!);
const logDir = join(outDir, 'logs');
mkdirSync(logDir, { recursive: true });
const url = args['database-url'] ?? process.env.BENCH_DATABASE_URL ?? defaultDatabaseUrl;
const pgliteDir = args.pglite ? resolve(args.pglite) : undefined;
const plantrackColumns: ServerKind[] = args.auth === 'public' ? ['plantrack'] : args.auth === 'key' ? ['plantrack+key'] : ['plantrack', 'plantrack+key'];

// ------------------------------------------------------------------------------------------------------------------
// The data: what bench:data left on the database, and the rows the endpoints ask about

const client = new pg.Client({ connectionString: url, application_name: 'plantrack-bench' });
await client.connect().catch((error: Error) => fail(`cannot connect to ${url}: ${error.message} (run npm run bench:data first)`));
const query = (text: string, params?: unknown[]) => client.query(text, params);
const marker = await readMarker(query);
const data = await lookUp(query, marker?.fixtures, idCount, exportRows).catch((error: Error) => fail(error.message));
const [versions] = (await query(`select version() as pg, pg_size_pretty(pg_database_size(current_database())) as size`)).rows;
const totalRows = marker ? Object.values(marker.rows).reduce((a, b) => a + b, 0) : NaN;
out(`Database ${databaseName(url)}: ${marker ? `scale ${marker.scale}, ${totalRows.toLocaleString('en-US')} rows` : 'not generated by bench:data'}, ${versions!.size}`);

const startedServers: ServerProcess[] = [];
const stopAll = async () => {
  for (const s of startedServers.splice(0)) await s.stop();
};

const plantrackCli = (extra: string[]) => (args.server === 'tsx' ? ['--import', 'tsx', 'src/cli/plantrack.ts', ...extra] : ['dist/cli/plantrack.js', ...extra]);
const serverEntry = args.server === 'tsx' ? ['--import', 'tsx', 'src/server.ts'] : ['dist/server.js'];
/** API keys the run issues are named so, made with the audit trigger off, and deleted at the end. */
const keyName = 'plantrack-bench';
let buildWarning = '';
const deleteKeys = () =>
  query(`with off as (select set_config('plantrack.audit', 'off', true)) delete from api_keys where name = $1 and exists (select 1 from off)`, [keyName]).catch(() => undefined);
process.on('SIGINT', () => {
  void stopAll()
    .then(() => deleteKeys())
    .finally(() => process.exit(130));
});

try {
  if (args.server === 'dist' && !args['no-build']) {
    out('Building plantrack (npm run build) …');
    const buildStarted = Date.now();
    await run('npm', ['run', '--silent', 'build'], { cwd: root }).catch((error: Error) => {
      // tsc still emits JavaScript when only types are wrong; a tree others are editing may be in that state.
      const emitted = existsSync(join(root, 'dist/server.js')) && statSync(join(root, 'dist/server.js')).mtimeMs >= buildStarted;
      if (!emitted) throw new Error(`npm run build failed and emitted nothing; fix the build, or pass --no-build or --server tsx.\n${error.message.slice(0, 4000)}`);
      buildWarning = 'npm run build reported type errors (JavaScript was emitted and is what runs)';
      out(`  warning: ${buildWarning}:\n${error.message.split('\n').slice(1, 6).map((l) => `    ${l}`).join('\n')}`);
    });
  }

  // An admin key: the export needs one (and --auth key sends it on every request).
  await deleteKeys();
  const key = (
    await run(process.execPath, plantrackCli(['keys', 'create', '--name', keyName, '--roles', 'admin']), {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', PGOPTIONS: '-c plantrack.audit=off' },
    })
  ).trim();
  const keyHeaders = { authorization: `Bearer ${key}` };

  // ----------------------------------------------------------------------------------------------------------------
  // Capture: the statements plantrack runs for each URL (in-process), and the deep page's cursor

  const productEnv = {
    PUBLIC_READS: 'true',
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'warn',
    WEBHOOKS_ENABLED: 'false',
    DB_POOL_SIZE: String(poolSize),
    MIGRATE_ON_START: 'false',
    SEED_ON_START: 'false',
  };
  out('Capturing the SQL plantrack runs per request …');
  const session = await openCaptureSession(url, productEnv);
  const deepPage = deepPageOf(data.busy.count);
  const deep = deepPage ? { page: deepPage, path: await deepListPath(data, deepPage, (u) => session.get(u)) } : null;
  const list = endpoints(data, deep, reportConnections).filter((e) => !only || only.has(e.key));
  const captured: Record<string, CapturedRequest & { endpoint: string }> = {};
  for (const endpoint of list) {
    if (endpoint.kind !== 'load') continue;
    for (const path of endpoint.paths) {
      const request = await session.capture(path);
      captured[path] = { endpoint: endpoint.key, ...request };
      if (request.status < 200 || request.status > 299) out(`  ! ${endpoint.key}: ${path} answered ${request.status} in capture`);
    }
  }
  await session.close();
  const capturedFile = join(outDir, 'captured-sql.json');
  writeFileSync(capturedFile, `${JSON.stringify({ capturedAt: new Date().toISOString(), database: databaseName(url), requests: captured }, null, 2)}\n`);
  writeFileSync(join(outDir, 'captured-sql.md'), capturedMarkdown(list, captured));
  for (const endpoint of list.filter((e) => e.kind === 'load' && e.paths.length)) {
    const first = captured[endpoint.paths[0]!]!;
    out(`  ${endpoint.key.padEnd(13)} ${String(first.statements.length).padStart(2)} statement(s), ${first.status}, ${first.bytes} bytes, ${first.ms.toFixed(1)} ms in-process`);
  }

  // ----------------------------------------------------------------------------------------------------------------
  // Servers

  const base = (n: number) => `http://127.0.0.1:${portBase + n}`;
  const running = new Map<ServerKind, ServerProcess>();
  if (servers.has('plantrack')) {
    out('Starting plantrack …');
    const s = await startServer({
      name: 'plantrack',
      command: process.execPath,
      args: serverEntry,
      cwd: root,
      env: { ...process.env, ...productEnv, DATABASE_URL: url, PORT: String(portBase + 1), HOST: '127.0.0.1' },
      base: base(1),
      readyPath: '/health/ready',
      log: join(logDir, 'plantrack.log'),
    });
    startedServers.push(s);
    for (const kind of plantrackColumns) running.set(kind, s);
  }
  if (servers.has('bare')) {
    out('Starting the bare handler …');
    const s = await startServer({
      name: 'bare',
      command: process.execPath,
      args: [join(root, 'bench/servers/bare.mjs'), '--port', String(portBase + 2), '--database-url', url, '--captured', capturedFile, '--pool', String(poolSize)],
      cwd: join(root, 'bench'),
      env: process.env,
      base: base(2),
      readyPath: '/__ready',
      log: join(logDir, 'bare.log'),
    });
    startedServers.push(s);
    running.set('bare', s);
  }
  if (servers.has('platformatic')) {
    out('Starting Platformatic DB …');
    const dir = join(outDir, 'platformatic');
    mkdirSync(dir, { recursive: true });
    const config = join(dir, 'platformatic.db.json');
    writeFileSync(config, `${JSON.stringify(platformaticConfig(url, portBase + 3, poolSize), null, 2)}\n`);
    const s = await startServer({
      name: 'platformatic',
      command: process.execPath,
      args: [join(root, 'bench/node_modules/@platformatic/db/db.mjs'), 'start', '-c', config],
      cwd: dir,
      env: { ...process.env, PLT_SERVER_LOGGER_LEVEL: 'warn' },
      base: base(3),
      readyPath: `/tasks/${data.taskIds[0]}`,
      log: join(logDir, 'platformatic.log'),
      timeoutMs: 120_000,
    });
    startedServers.push(s);
    running.set('platformatic', s);
  }
  let pglite: { server: ServerProcess; data: Data; list: Endpoint[]; key: string | null; scale: number | null } | null = null;
  if (pgliteDir) {
    out(`Starting plantrack on PGlite (${pgliteDir}) …`);
    if (!existsSync(pgliteDir)) throw new Error(`${pgliteDir} does not exist: npm run bench:data -- --pglite ${args.pglite} --scale 0.05`);
    const { openPglite } = await import('../src/db/connect.js');
    const handle = await openPglite(pgliteDir);
    const pq = (text: string, params?: unknown[]) => (handle.db as unknown as { $client: import('@electric-sql/pglite').PGlite }).$client.query<Record<string, unknown>>(text, params);
    const pMarker = await readMarker(pq);
    const pData = await lookUp(pq, pMarker?.fixtures, idCount, exportRows);
    await handle.close();
    const s = await startServer({
      name: 'pglite',
      command: process.execPath,
      args: serverEntry,
      cwd: root,
      env: { ...withoutDatabaseUrl(process.env), ...productEnv, DATA_DIR: pgliteDir, PORT: String(portBase + 4), HOST: '127.0.0.1' },
      base: base(4),
      readyPath: '/health/ready',
      log: join(logDir, 'pglite.log'),
      timeoutMs: 180_000,
    });
    startedServers.push(s);
    const get = async (u: string) => {
      const r = await fetch(`${s.base}${u}`);
      return { status: r.status, body: await r.text() };
    };
    const pDeepPage = deepPageOf(pData.busy.count);
    const pDeep = pDeepPage ? { page: pDeepPage, path: await deepListPath(pData, pDeepPage, get) } : null;
    const keyFile = join(pgliteDir, 'admin-key.txt');
    pglite = {
      server: s,
      data: pData,
      list: endpoints(pData, pDeep, reportConnections).filter((e) => !only || only.has(e.key)),
      key: existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null,
      scale: pMarker?.scale ?? null,
    };
  }

  // ----------------------------------------------------------------------------------------------------------------
  // Check every endpoint answers 2xx on every server, then measure

  const columns: ServerKind[] = [...plantrackColumns.filter((k) => running.has(k)), ...(['bare', 'platformatic'] as const).filter((k) => running.has(k)), ...(pglite ? (['pglite'] as const) : [])];
  const pathsFor = (kind: ServerKind, endpoint: Endpoint): string[] => {
    if (kind === 'platformatic') return endpoint.peer ?? [];
    if (kind === 'pglite') return pglite!.list.find((e) => e.key === endpoint.key)?.paths ?? [];
    return endpoint.paths;
  };
  const serverOf = (kind: ServerKind) => (kind === 'pglite' ? pglite!.server : running.get(kind)!);
  const headersFor = (kind: ServerKind, endpoint: Endpoint): Record<string, string> => {
    if (kind === 'plantrack+key' || (endpoint.kind === 'export' && kind === 'plantrack')) return keyHeaders;
    if (kind === 'pglite' && pglite?.key && endpoint.kind === 'export') return { authorization: `Bearer ${pglite.key}` };
    return {};
  };

  out('\nChecking every endpoint on every server:');
  const checks = new Map<string, { status: number; bytes: number }>();
  for (const endpoint of list) {
    for (const kind of columns) {
      const paths = pathsFor(kind, endpoint);
      if (!paths.length) continue;
      if (endpoint.kind === 'export' && (kind === 'bare' || kind === 'platformatic' || kind === 'plantrack+key')) continue;
      const server = serverOf(kind);
      let status = 0;
      let bytes = 0;
      if (endpoint.kind === 'export') {
        // Only the status: the body is the whole table.
        const controller = new AbortController();
        const response = await fetch(`${server.base}${paths[0]}`, { headers: headersFor(kind, endpoint), signal: controller.signal });
        status = response.status;
        controller.abort();
      } else {
        const response = await fetch(`${server.base}${paths[0]}`, { headers: headersFor(kind, endpoint) });
        status = response.status;
        bytes = (await response.arrayBuffer()).byteLength;
      }
      checks.set(`${endpoint.key}/${kind}`, { status, bytes });
      out(`  ${endpoint.key.padEnd(13)} ${kind.padEnd(14)} ${status} ${endpoint.kind === 'export' ? '' : `${bytes} bytes`}`);
    }
  }

  const results = new Map<string, Result>();
  for (const endpoint of list) {
    for (const kind of columns) {
      const paths = pathsFor(kind, endpoint);
      const check = checks.get(`${endpoint.key}/${kind}`);
      if (!paths.length || !check) continue;
      const server = serverOf(kind);
      if (endpoint.kind === 'export') {
        if (check.status === 404) {
          results.set(`${endpoint.key}/${kind}`, { kind: 'missing', status: 404 });
          out(`  export on ${kind}: not available (404)`);
          continue;
        }
        if (check.status < 200 || check.status > 299) {
          results.set(`${endpoint.key}/${kind}`, { kind: 'missing', status: check.status });
          continue;
        }
        let result: ExportResult | undefined;
        for (let i = 0; i < exportRuns; i++) result = await measureExport(server, paths[0]!, headersFor(kind, endpoint));
        results.set(`${endpoint.key}/${kind}`, result!);
        out(`  export on ${kind}: ${result!.rows} rows in ${result!.seconds.toFixed(1)} s, ${Math.round(result!.rowsPerSecond)} rows/s, RSS +${result!.rssGrowthMb.toFixed(1)} MB`);
        continue;
      }
      if (check.status < 200 || check.status > 299) {
        results.set(`${endpoint.key}/${kind}`, { kind: 'missing', status: check.status });
        continue;
      }
      const c = endpoint.connections ?? connections;
      process.stdout.write(`  ${endpoint.key.padEnd(13)} ${kind.padEnd(14)} `);
      const result = await measure(server.base, paths, c, headersFor(kind, endpoint));
      results.set(`${endpoint.key}/${kind}`, result);
      out(`${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.errors || result.non2xx ? `, ${result.errors} errors, ${result.non2xx} non-2xx` : ''}`);
    }
  }

  // ----------------------------------------------------------------------------------------------------------------
  // The table

  const now = new Date();
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${String(versions!.pg).split(',')[0]}`;
  const commit = gitDescribe();
  const header = [
    `plantrack benchmark, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `Data: ${marker ? `bench:data scale ${marker.scale} (seed ${marker.seed}), ${totalRows.toLocaleString('en-US')} rows, ${versions!.size}` : 'unknown'}${pglite ? `; PGlite column: scale ${pglite.scale ?? '?'}` : ''}`,
    `Load: autocannon, ${connections} connections (consolidated report: ${reportConnections}), ${duration} s after ${warmup} s warm-up; each server with ${poolSize} database connections; plantrack ${args.auth === 'public' ? 'with PUBLIC_READS=true (no credentials)' : args.auth === 'key' ? 'with an API key on every request' : 'without and with an API key'}`,
    `Machine: ${machine}`,
    `Code: ${commit}${buildWarning ? `; ${buildWarning}` : ''}`,
  ];
  const table = renderTable(list, columns, results, captured, pglite?.list ?? null);
  const text = `${header.join('\n')}\n\n${table}\n`;
  out(`\n${text}`);
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*/, '');
  writeFileSync(join(outDir, `bench-${stamp}.md`), text);
  writeFileSync(
    join(outDir, `bench-${stamp}.json`),
    `${JSON.stringify({ date: now.toISOString(), machine, commit, marker, options: { connections, duration, warmup, reportConnections, poolSize, auth: args.auth }, data, results: Object.fromEntries(results) }, null, 2)}\n`,
  );
  out(`Written to ${join(args.out!, `bench-${stamp}.md`)} (and .json); captured SQL in ${join(args.out!, 'captured-sql.md')}; server logs in ${join(args.out!, 'logs')}/`);
} finally {
  await stopAll();
  await deleteKeys();
  await client.end();
}

// ------------------------------------------------------------------------------------------------------------------

interface LoadResult {
  kind: 'load';
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}
interface ExportResult {
  kind: 'export';
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  rssGrowthMb: number;
  status: number;
}
type Result = LoadResult | ExportResult | { kind: 'missing'; status: number };

async function measure(baseUrl: string, paths: string[], c: number, headers: Record<string, string>): Promise<LoadResult> {
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  const options = { url: baseUrl, connections: c, headers, requests, timeout: 120 };
  if (warmup > 0) await autocannon({ ...options, duration: warmup });
  const r = await autocannon({ ...options, duration });
  return { kind: 'load', rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, total: r.requests.total };
}

/** Streams the whole export, counting lines, while sampling the server's resident memory every 50 ms. */
async function measureExport(server: ServerProcess, path: string, headers: Record<string, string>): Promise<ExportResult> {
  const idle = rssBytes(server.pid);
  let peak = idle;
  const sample = () => {
    const rss = rssBytes(server.pid);
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  let newlines = 0;
  let bytes = 0;
  let status = 0;
  try {
    const response = await fetch(`${server.base}${path}`, { headers });
    status = response.status;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) newlines++;
    }
  } finally {
    clearInterval(timer);
    sample();
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = Math.max(0, newlines - 1);
  return { kind: 'export', rows, bytes, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: (peak - idle) / 2 ** 20, status };
}

function platformaticConfig(databaseUrl: string, port: number, pool: number) {
  return {
    $schema: 'https://schemas.platformatic.dev/@platformatic/db/2.61.0.json',
    server: { hostname: '127.0.0.1', port, logger: { level: 'warn' } },
    db: {
      connectionString: databaseUrl,
      graphql: false,
      openapi: true,
      // tasks, and the tables its foreign keys reach (Platformatic DB maps relations and needs their entities)
      include: { tasks: true, programs: true, agencies: true, task_groups: true },
      events: false,
      poolSize: pool,
      limit: { default: 10, max: 200 },
    },
    watch: false,
  };
}

function gitDescribe(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: root, encoding: 'utf8' }).trim();
    return `${sha}${dirty ? ` with uncommitted changes in src/ or migrations/ (${dirty.split('\n').length} files)` : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
}
/** autocannon's latencies are whole milliseconds. */
function ms(n: number): string {
  return n === 0 ? '<1' : fmt(n);
}
function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}

function renderTable(list: Endpoint[], columns: ServerKind[], results: Map<string, Result>, captured: Record<string, CapturedRequest>, pgliteList: Endpoint[] | null): string {
  const rows: string[][] = [['Endpoint', 'Server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'SQL/req', '× peer', '× bare', 'Target']];
  for (const endpoint of list) {
    let first = true;
    const get = (kind: ServerKind) => results.get(`${endpoint.key}/${kind}`);
    const rps = (kind: ServerKind) => {
      const r = get(kind);
      return r?.kind === 'load' ? r.rps : NaN;
    };
    for (const kind of columns) {
      const result = get(kind);
      const paths = kind === 'platformatic' ? endpoint.peer ?? [] : kind === 'pglite' ? pgliteList?.find((e) => e.key === endpoint.key)?.paths ?? [] : endpoint.paths;
      // The peer has no row for what it cannot express; the export is measured on plantrack itself only.
      if (!paths.length && kind !== 'plantrack' && kind !== 'plantrack+key') continue;
      if (endpoint.kind === 'export' && kind !== 'plantrack' && kind !== 'pglite') continue;
      const label = first ? `${endpoint.label}${endpoint.note ? ` (${endpoint.note})` : ''}` : '';
      first = false;
      const isPlantrack = kind === 'plantrack' || kind === 'plantrack+key';
      const statements = isPlantrack && endpoint.kind === 'load' ? String(captured[endpoint.paths[0]!]?.statements.length ?? '—') : kind === 'bare' ? String(captured[endpoint.paths[0]!]?.statements.length ?? '—') : '';
      if (!result) {
        rows.push([label, kind, 'not measured', '', '', '', '', statements, '', '', '']);
        continue;
      }
      if (result.kind === 'missing') {
        rows.push([label, kind, result.status === 404 ? 'not available (404)' : `answered ${result.status}`, '', '', '', '', statements, '', '', isPlantrack ? targetText(endpoint, result, NaN, NaN) : '']);
        continue;
      }
      if (result.kind === 'export') {
        const verdict = kind === 'pglite' ? '' : ` ${targetText(endpoint, result, NaN, NaN)}`;
        rows.push([label, kind, `${fmt(result.rowsPerSecond)} rows/s`, '', '', '', '', '', '', '', `${fmt(result.rows)} rows, ${fmt(result.bytes / 2 ** 20, 1)} MB in ${fmt(result.seconds, 1)} s; RSS +${fmt(result.rssGrowthMb, 1)} MB.${verdict}`]);
        continue;
      }
      const peerRatio = isPlantrack ? ratio(result.rps, rps('platformatic')) : NaN;
      const bareRatio = isPlantrack ? ratio(result.rps, rps('bare')) : NaN;
      rows.push([
        label,
        kind,
        fmt(result.rps),
        ms(result.p50),
        ms(result.p99),
        String(result.errors),
        String(result.non2xx),
        statements,
        isPlantrack && Number.isFinite(peerRatio) ? `${fmt(peerRatio, 2)}×` : '',
        isPlantrack && Number.isFinite(bareRatio) ? `${fmt(bareRatio, 2)}×` : '',
        isPlantrack ? targetText(endpoint, result, peerRatio, bareRatio) : '',
      ]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const render = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [render(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(render)].join('\n');
}

function targetText(endpoint: Endpoint, result: Result, peerRatio: number, bareRatio: number): string {
  const t = endpoint.target;
  if (!t) return '';
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'MISSED');
  const parts: string[] = [];
  if (t.peer !== undefined) parts.push(`≥ ${t.peer.toFixed(1)}× peer: ${verdict(Number.isFinite(peerRatio) ? peerRatio >= t.peer : null)}`);
  if (t.bare !== undefined) parts.push(`≥ ${t.bare.toFixed(1)}× bare: ${verdict(Number.isFinite(bareRatio) ? bareRatio >= t.bare : null)}`);
  if (t.p50Ms !== undefined) parts.push(`p50 < ${t.p50Ms} ms: ${verdict(result.kind === 'load' ? result.p50 < t.p50Ms : null)}`);
  if (t.rowsPerSecond !== undefined) parts.push(`≥ ${fmt(t.rowsPerSecond)} rows/s: ${verdict(result.kind === 'export' ? result.rowsPerSecond >= t.rowsPerSecond : null)}`);
  if (t.rssGrowthMb !== undefined) parts.push(`RSS growth < ${t.rssGrowthMb} MB: ${verdict(result.kind === 'export' ? result.rssGrowthMb < t.rssGrowthMb : null)}`);
  return parts.join('; ');
}

function capturedMarkdown(list: Endpoint[], captured: Record<string, CapturedRequest & { endpoint: string }>): string {
  const lines = [
    '# SQL plantrack runs per benchmarked request',
    '',
    `Captured by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: the app built in-process over the benchmark database, each URL requested twice, the second recorded (statements in the order they were sent). The bare handler replays exactly these.`,
    '',
  ];
  for (const endpoint of list) {
    if (endpoint.kind !== 'load' || !endpoint.paths.length) continue;
    const request = captured[endpoint.paths[0]!];
    if (!request) continue;
    lines.push(`## ${endpoint.label} — ${request.statements.length} statement(s)`, '', `\`GET ${endpoint.paths[0]}\` → ${request.status}, ${request.bytes} bytes`, '');
    request.statements.forEach((s, i) => {
      lines.push(`${i + 1}. \`\`\`sql`, `   ${s.text.replace(/\s+/g, ' ').trim()}`, '   ```');
      if (s.values?.length) lines.push(`   params: \`${JSON.stringify(s.values).slice(0, 400)}\``);
    });
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}
