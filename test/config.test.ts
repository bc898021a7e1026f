import { spawnSync } from 'node:child_process';
import t from 'tap';
import { loadConfig } from '../src/config.js';

t.test('defaults: PGlite in ./data, migrated and seeded at start', async (t) => {
  const config = loadConfig({});
  t.match(config, { port: 3000, host: '127.0.0.1', logLevel: 'info', database: { driver: 'pglite', dataDir: './data' }, migrateOnStart: true, seedOnStart: true });
});

t.test('DATABASE_URL selects PostgreSQL; migrating and seeding at start are opt-in', async (t) => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/plantrack', DB_POOL_SIZE: '4' });
  t.match(config.database, { driver: 'postgres', url: 'postgres://u@db:5432/plantrack', poolSize: 4 });
  t.equal(config.migrateOnStart, false);
  t.equal(loadConfig({ DATABASE_URL: 'postgres://db/x', MIGRATE_ON_START: 'true' }).migrateOnStart, true);
  t.equal(loadConfig({ DATABASE_URL: '' }).database.driver, 'pglite', 'an empty variable counts as unset');
});

t.test('a bad value is one line naming the variable', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^Invalid environment variable PORT="eighty": /],
    [{ PORT: '70000' }, /^Invalid environment variable PORT=/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid environment variable LOG_LEVEL="loud": .*(info|allowed)/],
    [{ DATABASE_URL: 'mysql://db/x' }, /^Invalid environment variable DATABASE_URL=/],
    [{ MIGRATE_ON_START: 'maybe' }, /^Invalid environment variable MIGRATE_ON_START=/],
    [{ DB_POOL_SIZE: '0' }, /^Invalid environment variable DB_POOL_SIZE=/],
  ];
  for (const [env, message] of cases) t.throws(() => loadConfig(env), { message }, JSON.stringify(env));
});

t.test('the server stops at start-up with that line and exit code 1', async (t) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
  t.equal(result.status, 1);
  t.equal(result.stderr.trim(), 'plantrack: Invalid environment variable PORT="eighty": must be integer');
});
