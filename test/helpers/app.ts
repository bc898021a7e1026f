// Every test file gets its own real database, migrated with the real migrations and loaded with the seed
// program: an in-memory PGlite by default, or, when DATABASE_URL is set, a fresh database created on that
// PostgreSQL server and dropped afterwards. Files never share state, so tap can run them in parallel.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type App } from '../../src/app.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/db/connect.js';
import { loadSeed } from '../../src/seed/load.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestContext {
  app: App;
  database: DatabaseHandle;
}

/** The PostgreSQL server tests run against, or undefined for PGlite. */
export const postgresUrl = process.env.DATABASE_URL || undefined;

/** Creates an empty database on the server of `url` and returns its URL and a function that drops it. */
export async function createScratchDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(url);
  const name = `${base.pathname.slice(1) || 'plantrack'}_t${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** A migrated database; `seed: false` leaves it empty. Closed (and dropped) when the test ends. */
export async function openTestDatabase(t: Teardown, options: { seed?: boolean } = {}): Promise<DatabaseHandle> {
  let database: DatabaseHandle;
  if (postgresUrl) {
    const scratch = await createScratchDatabase(postgresUrl);
    database = await openPostgres({ url: scratch.url, poolSize: 5, connectionTimeoutMs: 5000, statementTimeoutMs: 30000 });
    t.teardown(async () => {
      await database.close();
      await scratch.drop();
    });
  } else {
    database = await openPglite(':memory:');
    t.teardown(() => database.close());
  }
  await database.migrate();
  if (options.seed !== false) await loadSeed(database.db);
  return database;
}

/** The application over a fresh, seeded database. */
export async function createTestApp(t: Teardown, options: { seed?: boolean } = {}): Promise<TestContext> {
  const database = await openTestDatabase(t, options);
  const app = await buildApp({ config: { logLevel: 'silent', bodyLimitBytes: 1024 * 1024, rateLimit: { max: 0, windowMs: 60_000 } }, database, logger: false });
  await app.ready();
  t.teardown(() => app.close());
  return { app, database };
}

/** The JSON body of a response, typed loosely for assertions. */
export function json<T = any>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}
