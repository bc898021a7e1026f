// Exports at volume, through a listening server: 100,000 generated audit events (plus the few the setup writes),
// consumed as a stream by a client that keeps nothing. Shows that memory stays flat whatever the number of rows, that
// the first bytes leave long before the last row is read, that a client that stops reading stops the reads (back-
// pressure), and that a client that disconnects ends the cursor, its transaction and (on PostgreSQL) its query.
//
// The database handle the app gets is wrapped to count the rows each FETCH returns and the snapshots still open:
// what the server has read is then known exactly, instead of guessed from timings.
import { request, type IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import t from 'tap';
import { buildApp } from '../src/app.js';
import type { DatabaseHandle, ReadSnapshot } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { exportSettings } from '../src/exports/export.js';
import { issueBearer, openTestDatabase, testConfig } from './helpers/app.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const bulkRows = 100_000;
/** Every fifth generated event is of `reports`: a fifth of the rows, spread over the whole table. */
const smallFilter = 'resourceType=reports';
const smallRows = bulkRows / 5;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The generated event number g: what every column of its row must hold. */
function expectedEvent(g: number) {
  return {
    occurred_at: new Date(Date.UTC(2023, 0, 1) + g * 1000).toISOString(),
    request_id: `req-${g}`,
    operation_id: g % 3 === 0 ? null : 'updateTask',
    actor_type: 'api_key',
    actor_id: `key-${g % 50}`,
    actor_name: `Hệ thống báo cáo, "Sở" ${g % 50}`,
    actor_agency_id: null,
    resource_type: g % 5 === 0 ? 'reports' : 'tasks',
    action: 'update',
    changes: { title: { after: `Kế hoạch, "mới"\ndòng ${g}`, before: `Kế hoạch ${g}` }, progress: { after: (g % 100) + 1, before: g % 100 } },
  };
}

t.test('exports at volume', async (t) => {
  const database = await openTestDatabase(t, { seed: false });
  /** What the server read; `failFetches` makes that many FETCHes from now on succeed and the next one fail. */
  const observed = { fetched: 0, open: 0, ended: [] as boolean[], failFetches: Number.POSITIVE_INFINITY };
  const instrumented: DatabaseHandle = {
    ...database,
    async readSnapshot(): Promise<ReadSnapshot> {
      const snapshot = await database.readSnapshot();
      observed.open++;
      return {
        async query(text, params) {
          if (text.startsWith('fetch') && observed.failFetches-- <= 0) throw new Error('injected: the database failed mid-export');
          const rows = await snapshot.query(text, params);
          if (text.startsWith('fetch')) observed.fetched += rows.length;
          return rows;
        },
        cancel: () => snapshot.cancel(),
        async end(ok) {
          observed.open--;
          observed.ended.push(ok);
          await snapshot.end(ok);
        },
      };
    },
  };
  const logs: { msg?: string; [field: string]: unknown }[] = [];
  const logger = { level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line)) } };
  const app = await buildApp({ config: testConfig(), database: instrumented, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const port = (app.server.address() as { port: number }).port;
  const authorization = await issueBearer(database, ['admin', 'coordinator']);

  // 100,000 events in one statement. audit_events has no audit trigger of its own, so nothing doubles them.
  await database.db.execute(sql`insert into audit_events (occurred_at, request_id, operation_id, actor_type, actor_id, actor_name, resource_type, resource_id, action, changes)
    select timestamptz '2023-01-01 00:00:00+00' + make_interval(secs => g), 'req-' || g, case when g % 3 = 0 then null else 'updateTask' end, 'api_key',
      'key-' || (g % 50), 'Hệ thống báo cáo, "Sở" ' || (g % 50), case when g % 5 = 0 then 'reports' else 'tasks' end, md5(g::text), 'update',
      jsonb_build_object('title', jsonb_build_object('before', 'Kế hoạch ' || g, 'after', E'Kế hoạch, "mới"\ndòng ' || g),
        'progress', jsonb_build_object('before', g % 100, 'after', g % 100 + 1))
    from generate_series(1, ${bulkRows}) g`);
  await database.db.execute(sql`analyze audit_events`);
  const total = (await queryRows<{ total: number }>(database.db, sql`select count(*)::int as total from audit_events`))[0]!.total;
  t.ok(total > bulkRows, `${total} audit events`);

  /** GET an export; `onResponse` sees the response before any data is read from it. */
  const open = (path: string) =>
    new Promise<{ response: IncomingMessage; abort: () => void }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path: `/v1/exports/${path}`, headers: { authorization }, agent: false }, (response) => resolve({ response, abort: () => req.destroy() }));
      req.on('error', reject);
      req.end();
    });

  interface Measured {
    rows: number;
    bytes: number;
    ms: number;
    firstChunkMs: number;
    /** Peak growth over the level at the start of streaming (after a full GC), sampled on every chunk. */
    rssGrowth: number;
    heapGrowth: number;
    /** Rows the server had read when the first chunk arrived. */
    fetchedAtFirstChunk: number;
    /** The JS heap after a full GC, over its level at the start: once a fifth of the rows are in, and near the end. */
    retained: { early: number; late: number };
  }

  /** Streams a CSV export, counting records (line ends outside quotes) and sampling memory; keeps nothing. */
  async function measureCsv(path: string, expectedRows: number): Promise<Measured> {
    gc();
    const fetchedBefore = observed.fetched;
    const started = performance.now();
    const { response } = await open(path);
    t.equal(response.statusCode, 200, `${path}: 200`);
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    let rows = -1; // the header line
    let bytes = 0;
    let inQuotes = false;
    let firstChunkMs = 0;
    let fetchedAtFirstChunk = 0;
    let chunks = 0;
    const retained = { early: Number.NaN, late: Number.NaN };
    const checkpoint = () => {
      gc();
      return process.memoryUsage().heapUsed - base.heapUsed;
    };
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (bytes === 0) {
        firstChunkMs = performance.now() - started;
        fetchedAtFirstChunk = observed.fetched - fetchedBefore;
      }
      bytes += chunk.length;
      for (const byte of chunk) {
        if (byte === 0x22) inQuotes = !inQuotes;
        else if (byte === 0x0a && !inQuotes) rows++;
      }
      if (++chunks % 4 === 0) {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }
      if (Number.isNaN(retained.early) && rows >= expectedRows / 5) retained.early = checkpoint();
      if (Number.isNaN(retained.late) && rows >= expectedRows * 0.95) retained.late = checkpoint();
    }
    const ms = performance.now() - started;
    return { rows, bytes, ms, firstChunkMs, rssGrowth: peakRss - base.rss, heapGrowth: peakHeap - base.heapUsed, fetchedAtFirstChunk, retained };
  }

  const describe = (m: Measured) =>
    `${m.rows} rows, ${mb(m.bytes)} in ${m.ms.toFixed(0)} ms (${Math.round((m.rows / m.ms) * 1000)} rows/s, first chunk after ${m.firstChunkMs.toFixed(0)} ms); ` +
    `peak growth: RSS ${mb(m.rssGrowth)}, heap ${mb(m.heapGrowth)}; heap after a full GC: ${mb(m.retained.early)} a fifth in, ${mb(m.retained.late)} near the end`;

  await t.test('memory stays flat: bounded, and not growing with the rows', async (t) => {
    // Warm-up, of the whole table: compiled code, buffers, and on PGlite its WebAssembly memory, which grows (for good)
    // as the engine first reads the table's pages — its cache, not the export's.
    await measureCsv('audit-events', total);
    const small = await measureCsv(`audit-events?${smallFilter}`, smallRows);
    const large = await measureCsv('audit-events', total);
    t.comment(`${database.driver}, ${smallRows} rows: ${describe(small)}`);
    t.comment(`${database.driver}, all rows: ${describe(large)}`);
    t.equal(small.rows, smallRows, 'the filtered export has every row it selects');
    t.equal(large.rows, total, 'the whole export has every row');
    // Peak growth, garbage included. What an export holds at once is small: the batch being written and the one being
    // fetched (2 × 2,000 rows of arrays and strings, a few MB), a batch of bytes in the socket buffers. The rest of the
    // peak is garbage V8 has not collected yet (node-postgres makes a string per field: 1.2 million here): its young
    // generation holds up to 32 MB, and it lets the old one fill to a limit before a full collection. 96 MB bounds that;
    // keeping the rows instead would take 150+ MB here (29 MB of CSV, as JS strings and row arrays).
    const bound = 96 * 1024 * 1024;
    t.ok(large.rssGrowth < bound, `RSS grows by less than 96 MB over ${large.rows} rows (${mb(large.rssGrowth)})`);
    t.ok(large.heapGrowth < bound, `the heap grows by less than 96 MB (${mb(large.heapGrowth)})`);
    // The point: what stays allocated does not grow with the rows. Rows kept by mistake would be JS strings and arrays,
    // so the heap after a full GC once 20,000 rows are in and near the end of the 100,000 must be within 8 MB (keeping
    // the 75,000 rows between would add 50+ MB). Bytes in flight in stream and socket buffers come and go with timing;
    // the RSS bound above covers them.
    t.ok(Math.abs(large.retained.late - large.retained.early) < 8 * 1024 * 1024, `heap after a full GC: ${mb(large.retained.early)} at 20,000 rows, ${mb(large.retained.late)} at 95,000`);
    t.ok(large.retained.late < 16 * 1024 * 1024, `and little over the start (${mb(large.retained.late)})`);
  });

  await t.test('the first bytes leave before the last row is read; a reader that pauses pauses the reads', async (t) => {
    const fetchedBefore = observed.fetched;
    const { response } = await open('audit-events?format=csv');
    const first = await new Promise<Buffer>((resolve) => response.once('data', resolve));
    response.pause();
    const fetchedAtFirst = observed.fetched - fetchedBefore;
    t.ok(first.length > 0, 'a first chunk');
    // How far the server gets before the first chunk is read depends on the socket buffers between the two (several
    // MB on loopback, filled at once when, as on PGlite, the reads never wait on I/O); never on the size of the export.
    t.ok(fetchedAtFirst < total, `when it arrives, the server has read ${fetchedAtFirst} of ${total} rows`);
    t.equal(observed.open, 1, 'and its cursor is still open');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const fetchedWhilePaused = observed.fetched - fetchedBefore;
    t.ok(fetchedWhilePaused < total / 2, `after half a second without reading, the server has read ${fetchedWhilePaused} rows: it waits for the reader`);
    let rows = 0;
    response.on('data', (chunk: Buffer) => (rows += chunk.toString('latin1').split('\n').length - 1));
    response.resume();
    await new Promise((resolve) => response.once('end', resolve));
    t.equal(observed.fetched - fetchedBefore, total, 'once it reads again, the rest follows');
    t.equal(observed.open, 0, 'and the cursor is closed');
    t.same(observed.ended.at(-1), true, 'its transaction committed');
  });

  await t.test('a client that disconnects ends the cursor, the transaction and the query', async (t) => {
    const endsBefore = observed.ended.length;
    const { response, abort } = await open('audit-events?format=ndjson');
    await new Promise((resolve) => response.once('data', resolve));
    abort();
    const deadline = Date.now() + 10_000;
    while (observed.ended.length === endsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    t.same(observed.ended.slice(endsBefore), [false], 'the snapshot ended, rolled back');
    t.equal(observed.open, 0, 'no snapshot left open');
    if (database.driver === 'postgres') {
      // Client sessions only: autovacuum, busy with the rows inserted above, has sessions in this database too.
      const exportStatement = String.raw`^\s*(declare|fetch|close)\s.*\mexport\M`;
      const [matches] = await queryRows<{ declare: boolean; fetch: boolean; other: boolean }>(
        database.db,
        sql`select 'declare export no scroll cursor for select 1' ~* ${exportStatement} as declare,
          'fetch forward 2000 from export' ~* ${exportStatement} as fetch, 'select 1 from exports' ~* ${exportStatement} as other`,
      );
      t.same(matches, { declare: true, fetch: true, other: false }, 'the pattern below names the export\'s statements');
      const busy = await queryRows<{ state: string; query: string }>(
        database.db,
        sql`select state, query from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
            and (state like 'idle in transaction%' or (state = 'active' and query ~* ${exportStatement}))`,
      );
      t.same(busy, [], 'pg_stat_activity: no session holds a transaction or runs the export\'s cursor');
      const stats = database.poolStats()!;
      t.equal(stats.total - stats.idle, 0, 'the connection is back in the pool');
    } else {
      t.pass('pg_stat_activity: skipped on PGlite (one in-process connection, no server sessions); the rollback above shows the query ended', { skip: 'PostgreSQL only' });
    }
    t.equal((await app.inject({ url: '/v1/audit-events?limit=1', headers: { authorization } })).statusCode, 200, 'the database serves other requests');
  });

  await t.test('a reader that stops reading but stays connected is cut off', async (t) => {
    const stalled = exportSettings.stalledReaderMs;
    exportSettings.stalledReaderMs = 500;
    t.teardown(() => void (exportSettings.stalledReaderMs = stalled));
    const endsBefore = observed.ended.length;
    const fetchedBefore = observed.fetched;
    const { response } = await open('audit-events?format=csv');
    await new Promise((resolve) => response.once('data', resolve));
    response.pause(); // and never resumed
    const deadline = Date.now() + 20_000;
    while (observed.ended.length === endsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    t.same(observed.ended.slice(endsBefore), [false], 'the server gave up on it: the snapshot rolled back');
    t.ok(observed.fetched - fetchedBefore < total, `having read ${observed.fetched - fetchedBefore} of ${total} rows`);
    t.equal(observed.open, 0, 'and the connection is free for other requests');
    response.destroy();
  });

  await t.test('an error after the first byte can only cut the stream short; it is logged', async (t) => {
    observed.failFetches = 3;
    t.teardown(() => void (observed.failFetches = Number.POSITIVE_INFINITY));
    const endsBefore = observed.ended.length;
    const { response } = await open('audit-events?format=csv');
    t.equal(response.statusCode, 200, 'the answer had begun');
    let bytes = 0;
    response.on('data', (chunk: Buffer) => (bytes += chunk.length));
    response.on('error', () => undefined);
    await new Promise((resolve) => response.once('close', resolve));
    t.notOk(response.complete, `the client sees the response cut short (after ${bytes} bytes), not a complete file`);
    t.same(observed.ended.slice(endsBefore), [false], 'the transaction rolled back');
    t.equal(observed.open, 0, 'the connection given back');
    t.match(
      logs.find((entry) => entry.msg === 'export cut short by an error after it started'),
      { level: 50, export: 'audit-events', format: 'csv', rows: Number, err: { message: 'injected: the database failed mid-export' } },
      'logged as an error, with the export and how far it got',
    );
    t.equal((await app.inject({ url: '/v1/audit-events?limit=1', headers: { authorization } })).statusCode, 200, 'the database serves other requests');
  });

  await t.test('the whole export read back, row by row, against what was generated', async (t) => {
    const fetchedBefore = observed.fetched;
    const { response } = await open('audit-events?format=csv');
    const parser = response.pipe(parse({ columns: true }));
    let rows = 0;
    let previousId = Number.MAX_SAFE_INTEGER;
    const mismatches: string[] = [];
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      rows++;
      const id = Number(record.id);
      if (!(id < previousId)) mismatches.push(`row ${rows}: id ${id} after ${previousId}`);
      previousId = id;
      const g = /^req-(\d+)$/.exec(record.request_id!)?.[1];
      if (g === undefined) continue; // the events the setup wrote (issuing the key)
      const expected = expectedEvent(Number(g));
      const got = { ...record, changes: JSON.parse(record.changes!), operation_id: record.operation_id || null, actor_agency_id: record.actor_agency_id || null };
      for (const [name, value] of Object.entries(expected)) {
        if (JSON.stringify(got[name as keyof typeof got]) !== JSON.stringify(value) && mismatches.length < 5) mismatches.push(`event ${g}: ${name} is ${JSON.stringify(got[name as keyof typeof got])}`);
      }
    }
    t.equal(rows, total, 'every row');
    t.same(mismatches, [], 'each column of each row as generated, newest first');
    t.equal(observed.fetched - fetchedBefore, total);

    const { response: ndjson } = await open('audit-events?format=ndjson');
    ndjson.setEncoding('utf8'); // a character split between two chunks is decoded whole
    let lines = 0;
    let buffered = '';
    for await (const chunk of ndjson as AsyncIterable<string>) {
      buffered += chunk;
      const complete = buffered.lastIndexOf('\n');
      for (const line of buffered.slice(0, complete).split('\n')) {
        if (!line) continue;
        lines++;
        const event = JSON.parse(line) as { request_id: string; changes: unknown; id: number };
        const g = /^req-(\d+)$/.exec(event.request_id ?? '')?.[1];
        if (g !== undefined && JSON.stringify(event.changes) !== JSON.stringify(expectedEvent(Number(g)).changes)) mismatches.push(`ndjson event ${g}`);
      }
      buffered = buffered.slice(complete + 1);
    }
    t.equal(lines, total, 'NDJSON: a line per row');
    t.same(mismatches, [], 'NDJSON: `changes` as a JSON object, as generated');
  });

  await t.test('XLSX at volume, read back cell by cell', async (t) => {
    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    const started = performance.now();
    const { response } = await open(`audit-events?format=xlsx&${smallFilter}`);
    t.equal(response.statusCode, 200);
    const chunks: Buffer[] = [];
    for await (const chunk of response as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const ms = performance.now() - started;
    const file = Buffer.concat(chunks);
    t.comment(`${database.driver}, XLSX of ${smallRows} rows (${mb(file.length)}) in ${ms.toFixed(0)} ms (${Math.round((smallRows / ms) * 1000)} rows/s); peak RSS growth ${mb(peakRss - base.rss)}, the file included`);
    // exceljs's streaming reader garbles characters split across its chunks (exceljs/exceljs#2084), so the file is
    // read whole: 20,000 rows fit.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('audit-events')!;
    t.equal(sheet.getCell('A1').value, 'id');
    t.equal(sheet.rowCount, smallRows + 1, 'a row per event, under the header');
    let mismatch: string | undefined;
    sheet.eachRow((row, number) => {
      if (number === 1 || mismatch) return;
      const values = (row.values as unknown[]).slice(1);
      const g = Number(/^req-(\d+)$/.exec(String(values[2]))?.[1]);
      const expected = expectedEvent(g);
      if (values[6] !== expected.actor_name || values[1] !== expected.occurred_at || JSON.stringify(JSON.parse(String(values[11]))) !== JSON.stringify(expected.changes)) {
        mismatch = `event ${g}: ${JSON.stringify(values)}`;
      }
      if (typeof values[0] !== 'number') mismatch = `row ${number}: the id is not a number cell`;
    });
    t.equal(mismatch, undefined, 'every row as generated, ids as numbers');
  });
});
