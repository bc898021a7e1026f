// Captures the SQL plantrack runs for each benchmarked request: the app is built in this process (buildApp over
// openPostgres, as src/server.ts does), the `pg` Client's query() of the product's own copy of pg is wrapped to record
// { text, values, rowMode } in call order, and each URL is requested twice through app.inject(): the first request
// warms whatever the app loads once, the second is recorded. Requests run one at a time, so every statement seen
// belongs to the request in flight.
import { createRequire } from 'node:module';
import type pgTypes from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openPostgres } from '../../src/db/connect.js';

export interface Statement {
  text: string;
  values?: unknown[];
  rowMode?: string;
  /** Set when plantrack runs it as a named prepared statement; the bare handler then does the same. */
  name?: string;
}

export interface CapturedRequest {
  status: number;
  bytes: number;
  ms: number;
  statements: Statement[];
}

/** The product's pg (root node_modules), not bench/'s: the one src/db/connect.ts opens its pool with. */
const productRequire = createRequire(new URL('../../src/db/connect.ts', import.meta.url));

function serialisable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(serialisable);
  return value;
}

function record(args: unknown[]): Statement | null {
  const [first, second] = args;
  if (typeof first === 'string') return { text: first, ...(Array.isArray(second) ? { values: second.map(serialisable) } : {}) };
  if (first && typeof first === 'object' && typeof (first as { text?: unknown }).text === 'string') {
    const config = first as { text: string; values?: unknown[]; rowMode?: string; name?: string };
    const values = config.values ?? (Array.isArray(second) ? second : undefined);
    return {
      text: config.text,
      ...(values ? { values: values.map(serialisable) } : {}),
      ...(config.rowMode ? { rowMode: config.rowMode } : {}),
      ...(config.name ? { name: config.name } : {}),
    };
  }
  return null;
}

export interface CaptureSession {
  /** GET `url` twice; the second is recorded. */
  capture(url: string, headers?: Record<string, string>): Promise<CapturedRequest>;
  /** GET without recording (walking cursors). */
  get(url: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function openCaptureSession(databaseUrl: string, env: Record<string, string>): Promise<CaptureSession> {
  const pg = productRequire('pg') as typeof pgTypes;
  const original = pg.Client.prototype.query;
  let log: Statement[] | null = null;
  // Client.query is overloaded; the wrapper passes every form through unchanged.
  pg.Client.prototype.query = function (this: pgTypes.Client, ...args: unknown[]) {
    if (log) {
      const statement = record(args);
      if (statement) log.push(statement);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  const config = loadConfig({ ...env, DATABASE_URL: databaseUrl });
  if (config.database.driver !== 'postgres') throw new Error('capture needs PostgreSQL');
  const database = await openPostgres(config.database);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.body };
  };
  return {
    get,
    async capture(url, headers) {
      await get(url, headers);
      log = [];
      const started = performance.now();
      const response = await app.inject({ method: 'GET', url, headers });
      const ms = performance.now() - started;
      const statements = log;
      log = null;
      return { status: response.statusCode, bytes: response.rawPayload.length, ms, statements };
    },
    async close() {
      await app.close();
      await database.close();
      pg.Client.prototype.query = original;
    },
  };
}
