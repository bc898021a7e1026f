// What the service does when PostgreSQL misbehaves: backends killed under write load, the server stopped
// (`pg_ctl stop -m immediate`, as in a crash) and started again, and a pool with no connection to spare.
// Runs against a throw-away cluster (test/helpers/scratch-cluster.ts), never the machine's main one; only with
// FAULT_TESTS=1 (CI sets it) and PostgreSQL's server binaries installed.
//
// The rules checked: a write the client saw acknowledged is in the database exactly as written; a write that
// failed is absent, or — when the client cannot know (the connection died around COMMIT) — present whole, never
// half; every failure is a 503 problem+json that leaks nothing; answers come promptly during an outage; the
// process stays up; and the service recovers by itself once the database is back.
//
// Misbehaviour these tests found, now fixed: see docs/reliability.md ("Found by the fault tests").
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t from 'tap';
import { startServerProcess, stopServerProcess } from './helpers/server-process.js';
import { buildApp, type App } from '../src/app.js';
import { openPostgres, type DatabaseHandle } from '../src/db/connect.js';
import { loadSeed } from '../src/seed/load.js';
import { issueBearer, testConfig } from './helpers/app.js';
import { createScratchCluster, scratchClusterUnavailable, type ScratchCluster } from './helpers/scratch-cluster.js';

const skip =
  process.env.FAULT_TESTS !== '1'
    ? 'fault-injection tests start a scratch PostgreSQL cluster: set FAULT_TESTS=1 to run them'
    : (scratchClusterUnavailable() ?? false);

/** The pool's wait for a connection; every answer during an outage must come within this plus the margin. */
const connectionTimeoutMs = 1000;
const marginMs = 1000;
/** A request without an answer after this long is recorded as hanging. */
const hangMs = 8000;
const unavailableType = 'tag:plantrack,2026:problems/unavailable';
/** Text that must never reach a client: SQL, driver or server messages, stack frames. */
const leaks = /Failed query|terminating connection|Connection terminated|not queryable|ECONNREFUSED|timeout exceeded|select |insert |update |rollback|\bat .+\.(ts|js):\d+/i;

// ---------------------------------------------------------------------------------------------------------
// The application under test, with its pool instrumented and its error log captured

interface Service {
  app: App;
  database: DatabaseHandle;
  base: string;
  /** Fastify's error log lines (JSON), to explain a 500. */
  logs: any[];
  /**
   * 'error' events emitted by a pool client while it was checked out, with no listener but ours. Without our
   * listener each would have been thrown by EventEmitter as an uncaught exception: in src/server.ts,
   * close-with-grace turns that into a shutdown of the whole process. (Subtest e shows it on the real process.)
   */
  unhandledClientErrors: string[];
  /** Pool clients out of the pool: with no request in flight, clients that will never come back. */
  checkedOut(): number;
  /** Requests whose transaction failed on BEGIN (from the error log). */
  beginFailures(): number;
}

/** Closes the database, or gives up after `ms` (a leaked pool client makes pool.end() wait forever). */
async function closeWithin(database: DatabaseHandle, ms: number): Promise<boolean> {
  return Promise.race([database.close().then(() => true), sleep(ms).then(() => false)]);
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

async function startService(t: Teardown, cluster: ScratchCluster, poolSize: number): Promise<Service> {
  const database = await openPostgres({ url: cluster.url, poolSize, connectionTimeoutMs, statementTimeoutMs: 15_000 });
  t.teardown(() => closeWithin(database, 2000));
  const unhandledClientErrors: string[] = [];
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  pool.on('connect', (client) => {
    client.on('error', (error: Error) => {
      // pg-pool listens while the client is idle (and pool.query while it runs a query); a client checked out
      // with pool.connect() — a transaction — has no listener but this one.
      if (client.listenerCount('error') === 1) unhandledClientErrors.push(error.message);
    });
  });
  const logs: any[] = [];
  const app = await buildApp({
    config: testConfig({ LOG_LEVEL: 'error' }),
    database,
    logger: { level: 'error', stream: { write: (line: string) => void logs.push(JSON.parse(line)) } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    database,
    base: `http://127.0.0.1:${port}`,
    logs,
    unhandledClientErrors,
    checkedOut: () => pool.totalCount - pool.idleCount,
    beginFailures: () => logs.filter((l) => /^Failed query: begin/.test(l.err?.message ?? '')).length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// HTTP with a record of every request

interface Exchange {
  method: string;
  path: string;
  body?: unknown;
  started: number;
  ms: number;
  status?: number;
  contentType?: string;
  text?: string;
  json?: any;
  /** A connection error or a hang (no answer within hangMs). */
  error?: string;
}

/** The key every request of these tests sends (issued with the seed, in the cluster's database). */
let authorization = '';

async function send(base: string, method: string, path: string, body?: unknown): Promise<Exchange> {
  const x: Exchange = { method, path, body, started: performance.now(), ms: 0 };
  try {
    const response = await fetch(base + path, {
      method,
      headers: { authorization, 'if-match': '*', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(hangMs),
    });
    x.status = response.status;
    x.contentType = response.headers.get('content-type') ?? undefined;
    x.text = await response.text();
    try {
      x.json = JSON.parse(x.text);
    } catch {
      // not JSON: kept as text
    }
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    x.error = e.name === 'TimeoutError' ? `no answer within ${hangMs} ms` : `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`;
  }
  x.ms = performance.now() - x.started;
  return x;
}

const isOk = (x: Exchange) => x.status !== undefined && x.status >= 200 && x.status < 300;
const isUnavailableProblem = (x: Exchange) =>
  x.status === 503 && /^application\/problem\+json/.test(x.contentType ?? '') && x.json?.type === unavailableType && x.json?.status === 503;

/** One line describing an exchange, for reports. */
function describe(x: Exchange, service?: Service): string {
  const request = `${x.method} ${x.path}${x.body === undefined ? '' : ` ${JSON.stringify(x.body).slice(0, 160)}`}`;
  const answer = x.error ? `error: ${x.error}` : `${x.status} ${x.contentType ?? ''} ${x.text?.slice(0, 300) ?? ''}`;
  const requestId = x.json?.requestId;
  const logged = requestId && service ? service.logs.find((l) => l.reqId === requestId && l.err) : undefined;
  const cause = logged ? ` | logged: ${logged.err.type}: ${String(logged.err.message).slice(0, 120)}${causeChain(logged.err)}` : '';
  return `${request} -> ${answer} (${Math.round(x.ms)} ms)${cause}`;
}

function causeChain(err: any): string {
  let out = '';
  for (let e = err?.cause, depth = 0; e && depth < 4; e = e.cause, depth++) out += ` <- ${e.type ?? ''} ${e.code ?? ''} ${String(e.message ?? '').slice(0, 120)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Write load: concurrent clients, each write distinct and recognisable afterwards

interface Seeds {
  indicatorIds: string[];
  agencyIds: string[];
  taskIds: string[];
}

type WriteKind = 'indicator-value' | 'task' | 'agency' | 'agency-group';

interface Write extends Exchange {
  kind: WriteKind;
  client: number;
  seq: number;
  key: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Starts `clients` concurrent clients, each sending writes back to back until stop() — which resolves with
 * every write and its answer. Client k is the only one to PATCH task k, so the final state of that task must
 * be the one of its last committed write.
 */
function startLoad(base: string, phase: string, clients: number, seeds: Seeds, periodOffset: number) {
  const writes: Write[] = [];
  let stopped = false;
  let counter = 0;
  const kinds: WriteKind[] = ['indicator-value', 'task', 'agency', 'agency-group'];
  const next = (client: number, seq: number): Omit<Write, keyof Exchange> & Pick<Exchange, 'method' | 'path' | 'body'> => {
    const kind = kinds[seq % kinds.length]!;
    const tag = `${phase}-${client}-${seq}`;
    const a = seeds.agencyIds;
    switch (kind) {
      case 'indicator-value': {
        // (indicator, period, kind) is unique: a global counter walks indicators, then months from 1900 on.
        const n = counter++;
        const p = periodOffset + Math.floor(n / seeds.indicatorIds.length);
        const period = `${1900 + Math.floor(p / 12)}-${pad2((p % 12) + 1)}`;
        const body = { indicatorId: seeds.indicatorIds[n % seeds.indicatorIds.length]!, period, value: n + 0.25, kind: 'estimate', note: `fault ${tag}` };
        return { kind, client, seq, key: `${body.indicatorId}|${period}|estimate`, method: 'POST', path: '/v1/indicator-values', body };
      }
      case 'task': {
        const count = 1 + (seq % 4);
        const supporters = Array.from({ length: count }, (_, j) => ({ agencyId: a[(client * 3 + seq + j * 5) % a.length]! }));
        const body = { status: 'in_progress', progress: seq % 101, supporters };
        return { kind, client, seq, key: seeds.taskIds[client]!, method: 'PATCH', path: `/v1/tasks/${seeds.taskIds[client]}`, body };
      }
      case 'agency': {
        const body = { code: `fault-${tag}`, name: `Fault test agency ${tag}`, kind: 'department' };
        return { kind, client, seq, key: body.code, method: 'POST', path: '/v1/agencies', body };
      }
      case 'agency-group': {
        const memberIds = Array.from({ length: 4 }, (_, j) => a[(client + seq + j * 7) % a.length]!);
        const body = { code: `fault_${tag}`, name: `Fault test group ${tag}`, memberIds };
        return { kind, client, seq, key: body.code, method: 'POST', path: '/v1/agency-groups', body };
      }
    }
  };
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let seq = 0; !stopped; seq++) {
      const w = next(client, seq);
      const x = await send(base, w.method, w.path, w.body);
      writes.push({ ...x, kind: w.kind, client, seq, key: w.key });
    }
  });
  return {
    writes,
    async stop(): Promise<Write[]> {
      stopped = true;
      await Promise.all(loops);
      return writes;
    },
  };
}

interface TaskState {
  progress: number;
  supporters: string[];
}

async function taskStates(db: pg.Client, taskIds: string[]): Promise<Map<string, TaskState>> {
  const { rows } = await db.query<{ id: string; progress: number; supporters: string[] }>(
    `select t.id, t.progress,
       coalesce((select array_agg(coalesce(s.agency_id, s.agency_group_id)::text order by s.position) from task_supporters s where s.task_id = t.id), '{}') as supporters
     from tasks t where t.id = any($1::uuid[])`,
    [taskIds],
  );
  return new Map(rows.map((r) => [r.id, { progress: r.progress, supporters: r.supporters }]));
}

interface Verdict {
  /** Acknowledged writes missing or different in the database. */
  lost: string[];
  /** Writes (or rows) present only in part, or rows no write explains. */
  partial: string[];
  /** Failed writes found committed whole: allowed (the client cannot know), reported for information. */
  committedDespiteFailure: number;
}

/** Compares the database with what the clients were told. */
async function verify(db: pg.Client, writes: Write[], phase: string, before: Map<string, TaskState>): Promise<Verdict> {
  const verdict: Verdict = { lost: [], partial: [], committedDespiteFailure: 0 };
  const mine = writes.filter((w) => w.key !== undefined);

  // Indicator values: one row per POST, keyed by (indicator, period, kind).
  const values = new Map(
    (await db.query(`select indicator_id || '|' || period || '|' || kind as key, value::float8 as value, note from indicator_values where starts_with(note, $1)`, [`fault ${phase}-`])).rows.map((r) => [r.key as string, r]),
  );
  const valueWrites = new Map(mine.filter((w) => w.kind === 'indicator-value').map((w) => [w.key, w]));
  for (const [key, row] of values) if (!valueWrites.has(key)) verdict.partial.push(`indicator value ${key} (${row.note}) is in the database but no write sent it`);
  for (const w of valueWrites.values()) {
    const body = w.body as { value: number; note: string };
    const row = values.get(w.key);
    const whole = row && row.value === body.value && row.note === body.note;
    if (isOk(w)) {
      if (!whole) verdict.lost.push(`acknowledged ${describe(w)} but the database has ${JSON.stringify(row ?? null)}`);
      else if (w.json?.value !== body.value) verdict.lost.push(`acknowledged ${describe(w)} answered a different value`);
    } else if (row && !whole) verdict.partial.push(`failed ${describe(w)} left ${JSON.stringify(row)}`);
    else if (row) verdict.committedDespiteFailure++;
  }

  // Agencies: one row per POST, keyed by code.
  const agencies = new Map((await db.query(`select code, name from agencies where starts_with(code, $1)`, [`fault-${phase}-`])).rows.map((r) => [r.code as string, r]));
  for (const w of mine.filter((w) => w.kind === 'agency')) {
    const body = w.body as { code: string; name: string };
    const row = agencies.get(w.key);
    agencies.delete(w.key);
    if (isOk(w)) {
      if (row?.name !== body.name) verdict.lost.push(`acknowledged ${describe(w)} but the database has ${JSON.stringify(row ?? null)}`);
    } else if (row && row.name !== body.name) verdict.partial.push(`failed ${describe(w)} left ${JSON.stringify(row)}`);
    else if (row) verdict.committedDespiteFailure++;
  }
  for (const code of agencies.keys()) verdict.partial.push(`agency ${code} is in the database but no write sent it`);

  // Agency groups: the group and its members are one write; a group without all its members is half a write.
  const groups = new Map(
    (
      await db.query(
        `select g.code, coalesce((select array_agg(m.agency_id::text order by m.agency_id) from agency_group_members m where m.group_id = g.id), '{}') as members
         from agency_groups g where starts_with(g.code, $1)`,
        [`fault_${phase}-`],
      )
    ).rows.map((r) => [r.code as string, r.members as string[]]),
  );
  for (const w of mine.filter((w) => w.kind === 'agency-group')) {
    const expected = [...(w.body as { memberIds: string[] }).memberIds].sort();
    const members = groups.get(w.key);
    groups.delete(w.key);
    const whole = members !== undefined && JSON.stringify(members) === JSON.stringify(expected);
    if (isOk(w)) {
      if (!whole) verdict.lost.push(`acknowledged ${describe(w)} but the database has members ${JSON.stringify(members ?? null)}`);
    } else if (members !== undefined && !whole) verdict.partial.push(`failed ${describe(w)} left the group with members ${JSON.stringify(members)} of ${JSON.stringify(expected)}`);
    else if (members !== undefined) verdict.committedDespiteFailure++;
  }
  for (const code of groups.keys()) verdict.partial.push(`agency group ${code} is in the database but no write sent it`);

  // Tasks: the final (progress, supporters) must be the pair of one write — the last acknowledged one, or a
  // later one that failed (it may have committed) — never progress of one write with supporters of another.
  const after = await taskStates(db, [...before.keys()]);
  for (const [taskId, initial] of before) {
    const seq = mine.filter((w) => w.kind === 'task' && w.key === taskId).sort((x, y) => x.seq - y.seq);
    if (seq.length === 0) continue;
    const lastOk = seq.map(isOk).lastIndexOf(true);
    const state = (w: Write): TaskState => {
      const body = w.body as { progress: number; supporters: { agencyId: string }[] };
      return { progress: body.progress, supporters: body.supporters.map((s) => s.agencyId) };
    };
    const candidates: { label: string; state: TaskState; failed: boolean }[] = [
      lastOk >= 0 ? { label: `acknowledged write #${seq[lastOk]!.seq}`, state: state(seq[lastOk]!), failed: false } : { label: 'the state before the load', state: initial, failed: false },
      ...seq.slice(lastOk + 1).map((w) => ({ label: `failed write #${w.seq}`, state: state(w), failed: true })),
    ];
    const final = after.get(taskId)!;
    const match = candidates.find((c) => JSON.stringify(c.state) === JSON.stringify(final));
    if (!match) {
      const last = lastOk >= 0 ? seq[lastOk]! : undefined;
      const kindOfProblem = candidates.some((c) => c.state.progress === final.progress) || final.supporters.length === 0 ? verdict.partial : verdict.lost;
      kindOfProblem.push(`task ${taskId} is ${JSON.stringify(final)}; expected one of ${candidates.map((c) => `${c.label} ${JSON.stringify(c.state)}`).join(', ')}${last ? ` (last acknowledged: ${describe(last)})` : ''}`);
    } else if (match.failed) verdict.committedDespiteFailure++;
    for (const w of seq.filter(isOk)) {
      const s = state(w);
      const answered = { progress: w.json?.progress, supporters: (w.json?.supporters ?? []).map((x: { id: string }) => x.id) };
      if (JSON.stringify(answered) !== JSON.stringify(s)) verdict.lost.push(`acknowledged ${describe(w)} answered ${JSON.stringify(answered)}`);
    }
  }
  return verdict;
}

/** Counts per kind and outcome, and latency, for the log. */
function summary(writes: (Exchange & { kind?: string })[]): string {
  const byOutcome = new Map<string, number>();
  for (const w of writes) {
    const outcome = `${w.kind ?? w.method} ${w.error ? 'error' : w.status}`;
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  }
  const ms = writes.map((w) => w.ms).sort((a, b) => a - b);
  const pct = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0);
  return `${writes.length} requests; ${[...byOutcome].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}; latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`;
}

/** Every answer that is not a success nor a proper 503 problem, and every answer that leaks internals. */
/** The unhandled client errors, counted by message. */
function countMessages(messages: string[]): string {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${n}× "${m}"`).join(', ') || 'none';
}

function misbehaviour(exchanges: Exchange[], service: Service) {
  const wrong = exchanges.filter((x) => !isOk(x) && !isUnavailableProblem(x));
  return {
    fiveHundreds: wrong.filter((x) => x.status === 500).map((x) => describe(x, service)),
    otherWrong: wrong.filter((x) => x.status !== 500).map((x) => describe(x, service)),
    leaking: exchanges.filter((x) => !isOk(x) && leaks.test(x.text ?? '')).map((x) => describe(x, service)),
  };
}

async function seedsOf(base: string): Promise<Seeds> {
  const items = async (path: string) => ((await send(base, 'GET', path)).json?.items ?? []).map((r: { id: string }) => r.id);
  return {
    indicatorIds: await items('/v1/indicators?limit=200'),
    agencyIds: await items('/v1/agencies?limit=200&sort=code'),
    taskIds: await items('/v1/tasks?limit=200'),
  };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Waits until a plantrack backend is blocked on a lock (the request is inside its transaction, waiting).
 * `admin` may be inside a transaction: pg_stat_activity is a per-transaction snapshot, so it is cleared first.
 */
async function waitForLockWait(admin: pg.Client, request: Promise<Exchange>): Promise<void> {
  let settled: Exchange | undefined;
  void request.then((x) => (settled = x));
  try {
    await waitFor(
      async () =>
        settled !== undefined ||
        (await admin.query(`select pg_stat_clear_snapshot()`)) &&
          (await admin.query(`select 1 from pg_stat_activity where application_name = 'plantrack' and wait_event_type = 'Lock'`)).rowCount! > 0,
      5000,
      'a request to wait on the row lock',
    );
  } catch (error) {
    const activity = (await admin.query(`select application_name, state, wait_event_type, wait_event, query from pg_stat_activity where datname is not null`)).rows;
    throw new Error(`${(error as Error).message}; pg_stat_activity: ${JSON.stringify(activity)}`);
  }
  if (settled) throw new Error(`the request was answered instead of waiting on the lock: ${describe(settled)}`);
}

// ---------------------------------------------------------------------------------------------------------

t.test('database faults on a scratch PostgreSQL cluster', { skip }, async (t) => {
  const started = performance.now();
  const cluster = await createScratchCluster(t);
  {
    const setup = await openPostgres({ url: cluster.url, poolSize: 2, connectionTimeoutMs: 5000, statementTimeoutMs: 60_000 });
    await setup.migrate();
    await loadSeed(setup.db);
    authorization = await issueBearer(setup, ['admin', 'coordinator']);
    await setup.close();
  }
  const service = await startService(t, cluster, 4);
  const seeds = await seedsOf(service.base);
  t.equal(seeds.taskIds.length, 44, 'the seeded program is served');
  /** A fresh admin connection to the service's database (stopImmediate ends the previous ones). */
  const adminDb = async (t: Teardown) => {
    const client = await cluster.admin(cluster.database);
    t.teardown(() => client.end());
    return client;
  };
  t.comment(`cluster on port ${cluster.port}, service at ${service.base}, set up in ${Math.round(performance.now() - started)} ms`);

  t.test('a. write load while backends are killed', async (t) => {
    const clients = 8;
    const db = await adminDb(t);
    const before = await taskStates(db, seeds.taskIds.slice(0, clients));
    const load = startLoad(service.base, 'a', clients, seeds, 0);
    const kills: number[] = [];
    const end = Date.now() + 4000;
    await sleep(300);
    while (Date.now() < end) {
      kills.push(await cluster.terminateBackends());
      await sleep(250 + Math.random() * 250);
    }
    const writes = await load.stop();
    t.comment(`terminateBackends() ${kills.length} times, killing ${kills.join('+')} backends; ${summary(writes)}`);
    t.ok(kills.length >= 5 && kills.some((n) => n > 0), 'backends were killed several times during the load');
    t.ok(writes.filter(isOk).length > 50, 'writes were acknowledged during the load');
    t.ok(writes.some((w) => w.status === 503), 'some writes failed (503) because their backend was killed');

    const bad = misbehaviour(writes, service);
    for (const line of [...bad.fiveHundreds, ...bad.otherWrong]) t.comment(`MISBEHAVIOUR: ${line}`);
    t.same(bad.fiveHundreds, [], 'no write answers 500: a killed backend is a 503');
    t.same(bad.otherWrong, [], 'every failed write is a 503 problem+json (no other status, no hang, no connection error)');
    t.same(bad.leaking, [], 'no answer leaks database text or stack frames');
    t.comment(`errors emitted by checked-out pool clients with no listener: ${countMessages(service.unhandledClientErrors)}`);
    t.same(service.unhandledClientErrors, [], 'no pool client emits an error that nothing handles (in src/server.ts that ends the process)');

    const verdict = await verify(db, writes, 'a', before);
    for (const line of [...verdict.lost, ...verdict.partial]) t.comment(`MISBEHAVIOUR: ${line}`);
    t.same(verdict.lost, [], 'every acknowledged write is present exactly as written');
    t.same(verdict.partial, [], 'no write is half-present (agency group with its members, task with its supporters)');
    t.comment(`${verdict.committedDespiteFailure} failed writes turned out committed whole (allowed: the client could not know)`);

    await sleep(200);
    const leaked = service.checkedOut();
    t.comment(`pool after the load, no request in flight: ${leaked} of 4 clients checked out; ${service.beginFailures()} requests failed on BEGIN`);
    t.equal(leaked, 0, 'no pool client is leaked (all back in the pool once the requests are answered)');
    const ready = await send(service.base, 'GET', '/health/ready');
    t.equal(ready.status, 200, 'ready afterwards, without a restart');
    const after = await send(service.base, 'POST', '/v1/agencies', { code: 'after-the-kills', name: 'After the kills', kind: 'department' });
    t.equal(after.status, 201, 'writes succeed afterwards');
  });

  t.test('b. pg_ctl stop -m immediate during load, then start', async (t) => {
    // A service of its own, so that what subtest a did to the first one's pool does not count here.
    const service = await startService(t, cluster, 4);
    const clients = 6;
    const before = await taskStates(await adminDb(t), seeds.taskIds.slice(0, clients));
    const load = startLoad(service.base, 'b', clients, seeds, 12 * 60);
    await sleep(800);
    const stopStarted = performance.now();
    await cluster.stopImmediate();
    const stopped = performance.now();
    t.comment(`pg_ctl stop -m immediate took ${Math.round(stopped - stopStarted)} ms`);

    // The outage: the load goes on; readiness and liveness are probed.
    await sleep(300);
    const ready = await send(service.base, 'GET', '/health/ready');
    const live = await send(service.base, 'GET', '/health/live');
    const read = await send(service.base, 'GET', '/v1/tasks?limit=5');
    await sleep(1200);
    const restartStarted = performance.now();
    t.equal(ready.status, 503, `/health/ready is 503 while the database is down (${Math.round(ready.ms)} ms)`);
    t.match(ready.json, { type: unavailableType, checks: { database: 'unreachable' } }, 'and says the database is unreachable');
    t.ok(ready.ms < connectionTimeoutMs + marginMs, 'promptly');
    t.equal(live.status, 200, '/health/live is 200: the process is up');
    t.ok(isUnavailableProblem(read), `a read during the outage is a 503 problem (${describe(read)})`);

    await cluster.start();
    const restarted = performance.now();
    let recoveredAt = 0;
    let polls = 0;
    while (performance.now() - restarted < 10_000) {
      polls++;
      if ((await send(service.base, 'GET', '/health/ready')).status === 200) {
        recoveredAt = performance.now();
        break;
      }
      await sleep(100);
    }
    await sleep(1000);
    const writes = await load.stop();
    t.comment(summary(writes));
    await sleep(200);
    const leaked = service.checkedOut();
    t.comment(`pool after the load, no request in flight: ${leaked} of 4 clients checked out; ${service.beginFailures()} requests failed on BEGIN`);
    t.ok(recoveredAt > 0, `ready again ${Math.round(recoveredAt - restarted)} ms after the server was back (pg_ctl start took ${Math.round(restarted - restartStarted)} ms, ${polls} polls)`);

    const during = writes.filter((w) => w.started >= stopped && w.started + w.ms <= restartStarted);
    t.ok(during.length > 20, `${during.length} writes were sent and answered during the outage`);
    t.same(
      during.filter((w) => !isUnavailableProblem(w)).map((w) => describe(w, service)),
      [],
      'every write during the outage is a 503 problem+json',
    );
    const slow = writes.filter((w) => !isOk(w) && (w.error || w.ms > connectionTimeoutMs + marginMs)).map((w) => describe(w, service));
    t.same(slow, [], `every failure answers within connectionTimeoutMs + ${marginMs} ms (max during the outage: ${Math.round(Math.max(0, ...during.map((w) => w.ms)))} ms)`);
    t.ok(recoveredAt > 0 && writes.some((w) => isOk(w) && w.started >= recoveredAt), 'writes are acknowledged again after the restart');

    const bad = misbehaviour(writes, service);
    for (const line of [...bad.fiveHundreds, ...bad.otherWrong]) t.comment(`MISBEHAVIOUR: ${line}`);
    t.same(bad.fiveHundreds, [], 'no write answers 500');
    t.same(bad.otherWrong, [], 'every failed write is a 503 problem+json');
    t.same(bad.leaking, [], 'no answer leaks database text or stack frames');
    t.comment(`errors emitted by checked-out pool clients with no listener: ${countMessages(service.unhandledClientErrors)}`);
    t.same(service.unhandledClientErrors, [], 'no pool client emits an error that nothing handles');

    const verdict = await verify(await adminDb(t), writes, 'b', before);
    for (const line of [...verdict.lost, ...verdict.partial]) t.comment(`MISBEHAVIOUR: ${line}`);
    t.same(verdict.lost, [], 'every write acknowledged before the crash or after the restart is present exactly as written');
    t.same(verdict.partial, [], 'no write is half-present');
    t.comment(`${verdict.committedDespiteFailure} failed writes turned out committed whole (allowed)`);

    t.equal(leaked, 0, 'no pool client is leaked');
  });

  t.test('c. pool exhaustion: the only connection is held', async (t) => {
    const small = await startService(t, cluster, 1);
    const taskId = seeds.taskIds[20]!;
    const admin = await adminDb(t);
    await admin.query('begin');
    await admin.query('select 1 from tasks where id = $1 for update', [taskId]);
    // This PATCH takes the pool's only connection, then waits for the row lock inside its transaction.
    const holding = send(small.base, 'PATCH', `/v1/tasks/${taskId}`, { progress: 17 });
    try {
      await waitForLockWait(admin, holding);
      const read = await send(small.base, 'GET', '/v1/tasks?limit=1');
      const write = await send(small.base, 'POST', '/v1/agencies', { code: 'fault-c-waiting', name: 'Waits for a connection', kind: 'department' });
      const ready = await send(small.base, 'GET', '/health/ready');
      for (const [what, x] of [['a read', read], ['a write', write], ['/health/ready', ready]] as const) {
        t.ok(isUnavailableProblem(x), `${what} while the pool is exhausted is a 503 problem (${describe(x, small)})`);
        t.ok(x.ms >= connectionTimeoutMs - 50 && x.ms < connectionTimeoutMs + marginMs, `${what} answers after about connectionTimeoutMs, not later (${Math.round(x.ms)} ms)`);
      }
      t.equal((await send(small.base, 'GET', '/health/live')).status, 200, 'the process is up');
    } finally {
      await admin.query('rollback');
    }
    const held = await holding;
    t.equal(held.status, 200, `the request holding the connection completes once the lock is released (${Math.round(held.ms)} ms)`);
    t.equal(held.json?.progress, 17);
    t.equal((await send(small.base, 'GET', '/v1/tasks?limit=1')).status, 200, 'the pool serves again');
    t.same(small.unhandledClientErrors, [], 'no pool client emits an error that nothing handles');
  });

  t.test('d. killed backends do not leave the pool without connections', async (t) => {
    // Subtest a in a small pool, repeated until the leak (if any) has taken every connection, then the
    // database left alone: a service that only lost connections in flight must serve again by itself.
    const poolSize = 2;
    const small = await startService(t, cluster, poolSize);
    let rounds = 0;
    while (rounds < 8 && small.checkedOut() < poolSize) {
      rounds++;
      const load = startLoad(small.base, `d${rounds}`, 4, seeds, 12 * 120 + rounds * 60);
      for (let i = 0; i < 4; i++) {
        await sleep(150);
        await cluster.terminateBackends();
      }
      await load.stop();
      await sleep(200);
    }
    const leaked = small.checkedOut();
    t.comment(`after ${rounds} rounds of kills under load: ${leaked} of ${poolSize} pool clients checked out with no request in flight (${small.beginFailures()} requests failed on BEGIN)`);
    await sleep(2000);
    const ready = await send(small.base, 'GET', '/health/ready');
    const write = await send(small.base, 'POST', '/v1/agencies', { code: 'fault-d-after', name: 'After the kills', kind: 'department' });
    if (ready.status !== 200) t.comment(`MISBEHAVIOUR: 2 s after the last kill, with the database healthy: ${describe(ready, small)}; ${describe(write, small)}`);
    t.equal(leaked, 0, 'no pool client is leaked');
    t.equal(ready.status, 200, '2 s after the last kill the service is ready again');
    t.equal(write.status, 201, 'and writes succeed');
    t.ok(await closeWithin(small.database, 2000), 'the pool closes (what a graceful shutdown waits for)');
  });

  t.test('e. the real process (src/server.ts) survives a backend killed mid-request', async (t) => {
    const server = await startServerOn(cluster);
    t.teardown(() => stopServerProcess(server.child));
    const taskId = seeds.taskIds[30]!;
    const admin = await adminDb(t);
    await admin.query('begin');
    await admin.query('select 1 from tasks where id = $1 for update', [taskId]);
    const blocked = send(server.base, 'PATCH', `/v1/tasks/${taskId}`, { progress: 33 });
    let killed: number;
    let answer: Exchange;
    try {
      await waitForLockWait(admin, blocked);
      killed = await cluster.terminateBackends();
      answer = await blocked;
    } finally {
      await admin.query('rollback');
    }
    t.comment(`terminated ${killed} backend(s); the PATCH got ${describe(answer)}`);
    t.ok(isUnavailableProblem(answer), 'the request whose backend was killed answers 503 problem+json');
    // Longer than SHUTDOWN_GRACE_MS: a process that began shutting down has exited by then.
    await sleep(3000);
    const exit = server.child.exitCode ?? server.child.signalCode;
    const ready = await send(server.base, 'GET', '/health/ready');
    const errors = server
      .output()
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line))
      .map((line) => JSON.parse(line))
      .map((l) => `${l.msg}: ${l.err?.message ?? ''}`);
    if (exit !== null || ready.status !== 200) {
      t.comment(`MISBEHAVIOUR: 3 s after the kill the server process ${exit === null ? 'is still running' : `has exited (${exit})`}; /health/ready: ${describe(ready)}`);
      t.comment(`its error log: ${JSON.stringify(errors)}`);
    }
    t.equal(exit, null, 'the process is still running');
    t.equal(ready.status, 200, 'and ready, without a restart');
    t.same(errors.filter((e) => /unexpected error/.test(e)), [], 'no "shutting down after an unexpected error"');
  });

});

// ---------------------------------------------------------------------------------------------------------
// The real process, as deployed: node src/server.ts against the scratch cluster

function startServerOn(cluster: ScratchCluster) {
  return startServerProcess({
    DATABASE_URL: cluster.url,
    DB_POOL_SIZE: '2',
    DB_CONNECTION_TIMEOUT_MS: String(connectionTimeoutMs),
    RATE_LIMIT_MAX: '0',
    SHUTDOWN_GRACE_MS: '2000',
  });
}
