// Every test file gets its own real database, migrated with the real migrations and loaded with the seed
// program: an in-memory PGlite by default, or, when DATABASE_URL is set, a fresh database created on that
// PostgreSQL server and dropped afterwards. Files never share state, so tap can run them in parallel.
import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { buildApp, type App, type AppConfig } from '../../src/app.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config.js';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/db/connect.js';
import { issueApiKey } from '../../src/modules/api-keys/repository.js';
import { loadSeed } from '../../src/seed/load.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestContext {
  /** The app; its `inject` sends the suite's admin + coordinator key, and `If-Match: *` on PATCH and DELETE, unless
   * the request names those headers itself (`authorization: undefined` sends none). */
  app: App;
  database: DatabaseHandle;
  /** Issues a key with these roles (and agency), for tests of who may do what; returns the Authorization header. */
  bearer(roles: Role[], agencyId?: string | null): Promise<string>;
}

/** The configuration tests run with: the real defaults, quiet, no rate limit, no webhook worker unless asked. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', WEBHOOKS_ENABLED: 'false', ...env });
}

/** Issues an API key straight in the database and returns `Bearer <key>`. */
export async function issueBearer(database: DatabaseHandle, roles: Role[], agencyId: string | null = null): Promise<string> {
  const issued = await issueApiKey(database.db, { name: `test ${roles.join('+')}`, roles, agencyId }, { type: 'system', name: 'test suite' });
  return `Bearer ${issued.key}`;
}

/** Makes `app.inject` authenticate as `bearer` and send `If-Match: *` by default (see TestContext). */
export function injectAs(app: App, bearer: string): void {
  const inject = app.inject.bind(app);
  const withDefaults = (options: string | InjectOptions) => {
    const request: InjectOptions = typeof options === 'string' ? { url: options } : { ...options };
    const headers: Record<string, unknown> = { ...(request.headers as Record<string, unknown> | undefined) };
    if (!('authorization' in headers)) headers.authorization = bearer;
    if (['PATCH', 'DELETE'].includes(String(request.method ?? 'GET').toUpperCase()) && !('if-match' in headers)) headers['if-match'] = '*';
    for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name];
    return inject({ ...request, headers: headers as InjectOptions['headers'] } as InjectOptions);
  };
  (app as { inject: unknown }).inject = withDefaults;
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

/** The application over a fresh, seeded database; `env` adds configuration (e.g. `{ PUBLIC_READS: 'true' }`). */
export async function createTestApp(t: Teardown, options: { seed?: boolean; env?: Record<string, string>; clock?: () => Date } = {}): Promise<TestContext> {
  const database = await openTestDatabase(t, options);
  const app = await buildApp({ config: testConfig(options.env), database, logger: false, ...(options.clock ? { clock: options.clock } : {}) });
  await app.ready();
  t.teardown(() => app.close());
  injectAs(app, await issueBearer(database, ['admin', 'coordinator']));
  return { app, database, bearer: (roles, agencyId) => issueBearer(database, roles, agencyId) };
}

/** The JSON body of a response, typed loosely for assertions. */
export function json<T = any>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}
