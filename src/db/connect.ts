// Opens the database the configuration names: a `pg` Pool against PostgreSQL when DATABASE_URL is set,
// otherwise embedded PostgreSQL (PGlite) persisted in DATA_DIR. Both hand back the same drizzle API, so
// everything above this file is unaware of which one runs.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Logger } from 'pino';
import * as schema from './schema/index.js';
import { lockDataDir } from './data-dir-lock.js';
import { isDatabaseUnavailable } from './errors.js';
import { applyMigrations, pendingMigrationCount } from './migrate.js';

import type { Database } from './types.js';

export type { Database, Queryable, Transaction } from './types.js';

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: 'pglite' | 'postgres';
  /** Applies pending migrations (serialised across processes on PostgreSQL). */
  migrate(): Promise<void>;
  /** Number of migrations in migrations/ not yet applied; 0 when the schema is current. */
  pendingMigrations(): Promise<number>;
  /** Throws unless the database answers a trivial query. */
  ping(): Promise<void>;
  /** Connection pool counts for metrics; PGlite has one in-process connection and no pool. */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  /**
   * A read-only, repeatable-read transaction held on a connection of its own, for reads too long for one statement
   * (exports stream a server-side cursor through it, batch by batch). The caller must `end()` it. On PostgreSQL it
   * takes a pool connection for as long as it is held; on PGlite it holds the one connection, so every other query
   * waits until it ends.
   */
  readSnapshot(): Promise<ReadSnapshot>;
  close(): Promise<void>;
}

/** See DatabaseHandle.readSnapshot(). */
export interface ReadSnapshot {
  /** Runs one statement; rows come as arrays of column values in select order (no object per row: exports read millions). */
  query(text: string, params?: unknown[]): Promise<unknown[][]>;
  /** Asks the database to stop the statement running now (PostgreSQL: pg_cancel_backend). PGlite cannot be interrupted. */
  cancel(): Promise<void>;
  /**
   * PostgreSQL only: runs `COPY (…) TO STDOUT` and streams its output as the server writes it (no row is decoded on
   * this side). `statement` must be self-contained: COPY takes no parameters (see escapeLiteral).
   */
  copyOut?(statement: string): Readable;
  /** Quotes a value as an SQL literal, for a statement that cannot take parameters. */
  escapeLiteral?(value: string): string;
  /**
   * Ends the transaction (commit when `ok`, else roll back) and gives the connection back, or destroys it when it
   * is broken. Safe to call twice; a failed rollback is not an error (the connection is destroyed instead).
   */
  end(ok: boolean): Promise<void>;
}

/** Closing twice (a test, then a shutdown hook) must not fail. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

export interface PostgresOptions {
  url: string;
  poolSize: number;
  connectionTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * Runs each transaction on a client this code checks out and releases itself. drizzle-orm 0.45's node-postgres
 * driver sends BEGIN outside its try/finally, so a BEGIN on a killed connection never returns the client to the
 * pool (the pool drains until the service stops serving; drizzle-team/drizzle-orm#6023), and it hands broken
 * clients back for reuse. Here a client is always released, and destroyed when its connection failed.
 */
function runTransactionsOnOwnClients(pool: pg.Pool, db: Database): void {
  const databaseOf = new WeakMap<pg.PoolClient, Database>();
  db.transaction = (async (work: Parameters<Database['transaction']>[0], config?: Parameters<Database['transaction']>[1]) => {
    const client = await pool.connect();
    let clientDb = databaseOf.get(client);
    if (!clientDb) {
      clientDb = drizzlePg({ client, schema }) as unknown as Database;
      databaseOf.set(client, clientDb);
    }
    try {
      const result = await clientDb.transaction(work, config);
      client.release();
      return result;
    } catch (error) {
      client.release(isDatabaseUnavailable(error) ? (error as Error) : undefined);
      throw error;
    }
  }) as Database['transaction'];
}

/**
 * Reads run as named prepared statements: node-postgres prepares each distinct statement once per connection and
 * PostgreSQL reuses its plan, where an unnamed statement is parsed and planned on every call. For the queries behind
 * a single task or a page of tasks (joins, JSON built per row) planning costs several times the execution, so this is
 * where most of a read's database time goes (docs/performance.md). Left unnamed: statements with a LIKE (a search's
 * best plan depends on the words searched, which a reused plan would not see) or with long parameter lists (their
 * texts vary with the list's length: each would be one more statement kept on every connection).
 */
function prepareReads(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (config: unknown, values?: unknown) => Promise<unknown>;
  const names = new Map<string, string | null>();
  const nameOf = (text: string): string | null => {
    let name = names.get(text);
    if (name === undefined) {
      const reusable = /^\s*select\b/i.test(text) && !/\blike\b/i.test(text) && !/\$(2[1-9]|[3-9]\d|\d{3,})\b/.test(text);
      name = reusable ? `pt_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}` : null;
      if (names.size < 10_000) names.set(text, name);
    }
    return name;
  };
  (pool as { query: unknown }).query = (config: unknown, values?: unknown) => {
    if (config && typeof config === 'object' && !(config as { name?: string }).name && typeof (config as { text?: unknown }).text === 'string') {
      const name = nameOf((config as { text: string }).text);
      if (name) return query({ ...(config as object), name }, values);
    }
    return query(config, values);
  };
}

export async function openPostgres(options: PostgresOptions, logger?: Logger): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // Never wait forever for a connection, nor let one statement or an abandoned transaction hold it.
    connectionTimeoutMillis: options.connectionTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    application_name: 'plantrack',
  });
  // A connection that fails emits 'error' on the pool while idle, and on its client while checked out (pg-pool
  // removes its own listener then). Unhandled, either would end the process; the request using it gets a 503.
  pool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection failed'));
  pool.on('connect', (client) => client.on('error', (error) => logger?.warn({ err: error }, 'database connection failed')));
  prepareReads(pool);
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  runTransactionsOnOwnClients(pool, db);
  return {
    db,
    driver: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        // One migrator at a time, whichever process or replica starts first.
        await client.query('select pg_advisory_lock(hashtext($1))', ['plantrack:migrations']);
        try {
          await applyMigrations(drizzlePg({ client, schema }) as unknown as Database, 'postgres');
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', ['plantrack:migrations']);
        }
      } finally {
        client.release();
      }
    },
    pendingMigrations: () => pendingMigrationCount(db),
    async ping() {
      await pool.query('select 1');
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    readSnapshot: () => postgresSnapshot(pool),
    close: once(() => pool.end()),
  };
}

/**
 * A snapshot on a client checked out for it alone (never drizzle's transaction: see runTransactionsOnOwnClients for
 * why this code releases clients itself). The pool's statement_timeout bounds each statement (each FETCH of an
 * export), and its idle_in_transaction_session_timeout ends the session of a reader that stalls for longer.
 */
async function postgresSnapshot(pool: pg.Pool): Promise<ReadSnapshot> {
  const client = await pool.connect();
  let backendPid: number;
  try {
    await client.query('begin isolation level repeatable read, read only');
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    backendPid = rows[0]!.pid;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  let ended = false;
  let cancelling: Promise<unknown> = Promise.resolve();
  return {
    async query(text, params = []) {
      const result = await client.query({ text, values: params, rowMode: 'array' });
      return result.rows as unknown[][];
    },
    copyOut: (statement) => client.query(copyTo(statement)),
    escapeLiteral: (value) => client.escapeLiteral(value),
    async cancel() {
      if (ended) return;
      // A cancel reaches whatever the backend runs when it arrives; end() waits for it, so the connection is never
      // back in the pool (serving another request) when it lands.
      cancelling = pool.query('select pg_cancel_backend($1)', [backendPid]).catch(() => undefined);
      await cancelling;
    },
    async end(ok) {
      if (ended) return;
      ended = true;
      await cancelling;
      try {
        await client.query(ok ? 'commit' : 'rollback');
        client.release();
      } catch (error) {
        client.release(error as Error);
        if (ok) throw error;
      }
    },
  };
}

/** `dataDir` is a directory, or `:memory:` for a database that lives as long as the process. */
export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir === ':memory:';
  let unlock = async () => {};
  let client: PGlite;
  try {
    if (!inMemory) {
      await mkdir(dataDir, { recursive: true });
      unlock = await lockDataDir(dataDir);
    }
    client = await PGlite.create({ ...(inMemory ? {} : { dataDir }), extensions: { unaccent, pg_trgm } });
  } catch (error) {
    await unlock();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    // PGlite is one process with one connection: nothing can race the migrator.
    migrate: () => applyMigrations(db, 'pglite'),
    pendingMigrations: () => pendingMigrationCount(db),
    async ping() {
      await db.execute(sql`select 1`);
    },
    poolStats: () => null,
    readSnapshot: () => pgliteSnapshot(client),
    close: once(async () => {
      try {
        await client.close();
      } finally {
        await unlock();
      }
    }),
  };
}

/**
 * PGlite has one connection: its own transaction() holds it (other queries queue behind) for as long as the callback
 * runs, so the callback here waits until end() says how to finish. Statements sent outside of it would otherwise
 * land inside this transaction, or it inside theirs.
 */
async function pgliteSnapshot(client: PGlite): Promise<ReadSnapshot> {
  type Tx = Parameters<Parameters<PGlite['transaction']>[0]>[0];
  let finish!: (ok: boolean) => void;
  const outcome = new Promise<boolean>((resolve) => (finish = resolve));
  let opened!: (tx: Tx) => void;
  const open = new Promise<Tx>((resolve) => (opened = resolve));
  const held = client.transaction(async (tx) => {
    await tx.exec('set transaction isolation level repeatable read, read only');
    opened(tx);
    if (!(await outcome)) await tx.rollback();
  });
  const tx = await Promise.race([open, held.then(() => Promise.reject(new Error('the snapshot transaction ended before it opened')))]);
  let ended = false;
  return {
    async query(text, params = []) {
      const result = await tx.query<unknown[]>(text, params, { rowMode: 'array' });
      return result.rows;
    },
    async cancel() {},
    async end(ok) {
      if (ended) return;
      ended = true;
      finish(ok);
      try {
        await held;
      } catch (error) {
        if (ok) throw error;
      }
    },
  };
}
