// `npm run soak -- --minutes 10 [--concurrency 8]`: runs the real server (PGlite in a temporary directory, or
// DATABASE_URL) under a mixed read/write load and reports, once per interval, throughput, errors and the
// server's memory; at the end, whether memory grows. Writes create and delete their own rows, so the database
// stays the same size however long it runs. Only loopback traffic; the run stops by itself.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    interval: { type: 'string', default: '' },
  },
});
const durationMs = Number(args.minutes) * 60_000;
const concurrency = Number(args.concurrency);
const intervalMs = args.interval ? Number(args.interval) * 1000 : Math.max(5_000, durationMs / 20);

const dataDir = await mkdtemp(join(tmpdir(), 'plantrack-soak-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
  env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', RATE_LIMIT_MAX: '0', SEED_ON_START: 'true', MIGRATE_ON_START: 'true' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve, reject) => {
  let output = '';
  server.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /plantrack is serving at (\S+)/.exec(output);
    if (match) resolve(match[1]!);
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;
const heapMb = async () => {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  return Number(/^plantrack_nodejs_heap_size_used_bytes (\S+)/m.exec(metrics)?.[1] ?? NaN) / 1024 / 1024;
};

const get = async (path: string) => (await fetch(`${base}${path}`)).json() as Promise<{ items: { id: string; code: string }[] }>;
const tasks = (await get('/v1/tasks?limit=200')).items;
const indicators = (await get('/v1/indicators?limit=200')).items;
const agencies = (await get('/v1/agencies?limit=200')).items;
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

let sent = 0;
let failed = 0;
let serial = 0;
const statuses = new Map<number, number>();

/** Sends one request and counts it; returns the id of what a 201 created. */
async function call(method: string, path: string, body?: unknown): Promise<string | undefined> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  sent++;
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  if (response.status >= 500) failed++;
  return response.status === 201 ? (JSON.parse(text) as { id: string }).id : undefined;
}

/** One step of a user's work: mostly reads, some writes that clean up after themselves. */
async function step(): Promise<void> {
  const roll = Math.random();
  if (roll < 0.3) await call('GET', `/v1/tasks?limit=20&leadAgencyId=${pick(agencies).id}`);
  else if (roll < 0.5) await call('GET', `/v1/tasks/${pick(tasks).id}`);
  else if (roll < 0.6) await call('GET', `/v1/tasks?q=${encodeURIComponent(pick(['ke hoach', 'du lich', 'giao duc', 'dat']))}`);
  else if (roll < 0.7) await call('GET', `/v1/indicators?limit=50`);
  else if (roll < 0.8) await call('PATCH', `/v1/tasks/${pick(tasks).id}`, { progress: Math.floor(Math.random() * 100) });
  else if (roll < 0.9) {
    // Periods unique per step (years 2030–2179 × 12 months), so concurrent workers never collide.
    const n = serial++;
    const id = await call('POST', '/v1/indicator-values', {
      indicatorId: pick(indicators).id,
      period: `${2030 + Math.floor(n / 12) % 150}-${String((n % 12) + 1).padStart(2, '0')}`,
      value: Math.round(Math.random() * 10000) / 100,
      kind: 'estimate',
    });
    if (id) await call('DELETE', `/v1/indicator-values/${id}`);
  } else {
    const code = `soak-${serial++}`;
    const id = await call('POST', '/v1/agencies', { code, name: `Cơ quan thử ${code}`, kind: 'board' });
    if (id) await call('DELETE', `/v1/agencies/${id}`);
  }
}

// Memory is sampled every 2 s; each report row gives the interval's lowest used heap (the floor after garbage
// collection, which tracks live data; the peaks are garbage not yet collected) and its resident memory.
const rows: { minute: number; requests: number; perSecond: number; errors: number; rssMb: number; heapFloorMb: number }[] = [];
const started = Date.now();
let lastSent = 0;
let heapFloor = Infinity;
let rssNow = 0;
const memorySampler = setInterval(async () => {
  heapFloor = Math.min(heapFloor, await heapMb());
  rssNow = rssMb();
}, 2_000);
const reporter = setInterval(() => {
  const elapsed = (Date.now() - started) / 1000;
  rows.push({
    minute: Math.round((elapsed / 60) * 100) / 100,
    requests: sent,
    perSecond: Math.round((sent - lastSent) / (intervalMs / 1000)),
    errors: failed,
    rssMb: Math.round(rssNow),
    heapFloorMb: Math.round(heapFloor * 10) / 10,
  });
  lastSent = sent;
  heapFloor = Infinity;
  console.table(rows.slice(-1));
}, intervalMs);

await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() - started < durationMs) await step().catch(() => failed++);
  }),
);
clearInterval(memorySampler);
clearInterval(reporter);

/** Least-squares slope of `values` over the rows' minutes in the second half of the run (after warm-up), per minute. */
function trend(values: (r: (typeof rows)[number]) => number): number {
  const settled = rows.slice(Math.floor(rows.length / 2));
  const xs = settled.map((r) => r.minute);
  const ys = settled.map(values);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  if (xs.length < 2) return 0;
  return xs.reduce((acc, x, i) => acc + (x - mean(xs)) * (ys[i]! - mean(ys)), 0) / xs.reduce((acc, x) => acc + (x - mean(xs)) ** 2, 0);
}
// A leak raises the heap's floor: the lowest used heap of the last third of the run is compared with that of the
// middle third (the first third is warm-up). Interval floors swing by several MB with garbage-collection timing,
// so a slope alone would call noise a trend.
const third = Math.max(1, Math.floor(rows.length / 3));
const floorOf = (part: typeof rows) => Math.min(...part.map((r) => r.heapFloorMb));
const floorGrowthMb = rows.length >= 3 ? floorOf(rows.slice(-third)) - floorOf(rows.slice(third, 2 * third)) : 0;
const rssSlope = trend((r) => r.rssMb);

console.log('\nSoak:', { minutes: Number(args.minutes), concurrency, requests: sent, serverErrors: failed, statuses: Object.fromEntries(statuses) });
console.table(rows);
// Resident memory is reported too, but it moves with the allocator and PGlite's WebAssembly memory (which never
// shrinks), so it is not the verdict.
const growing = floorGrowthMb > 5;
console.log(
  `Heap floor, last third vs middle third: ${floorGrowthMb >= 0 ? '+' : ''}${floorGrowthMb.toFixed(1)} MB (${growing ? 'GROWING' : 'no growth trend'}); resident memory trend over the second half: ${rssSlope.toFixed(2)} MB/min`,
);

server.kill('SIGTERM');
await new Promise((resolve) => server.on('exit', resolve));
await rm(dataDir, { recursive: true, force: true });
process.exitCode = failed > 0 || growing ? 1 : 0;
