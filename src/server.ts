// The only place that listens. Reads the configuration, opens the database (applying migrations and
// loading the seed program where configured), serves, and shuts down gracefully on SIGINT/SIGTERM.
import type { AddressInfo } from 'node:net';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { bootstrapAdminKey } from './auth/bootstrap.js';
import { openDatabase } from './db/open.js';
import { seedIfEmpty } from './seed/load.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`plantrack: ${error.message}\n`);
  process.exit(1);
}

const database = await openDatabase(config.database).catch((error: Error) => {
  // The one-line reasons a database does not open (the data directory in use, the server unreachable) need no stack.
  process.stderr.write(`plantrack: cannot open the database: ${error.message}\n`);
  process.exit(1);
});
let bootstrapNote = '';
const app = await buildApp({ config, database });
try {
  if (config.migrateOnStart) await database.migrate();
  if (config.seedOnStart) {
    const seeded = await seedIfEmpty(database.db);
    if (seeded) app.log.info({ program: seeded }, 'loaded the seed program into an empty database');
  }
  if (config.auth.adminKeyFile && (await bootstrapAdminKey(database.db, config.auth.adminKeyFile))) {
    bootstrapNote = `  An admin API key was written to ${config.auth.adminKeyFile} (nowhere else): send it as "Authorization: Bearer <key>".\n`;
  }
} catch (error) {
  app.log.fatal({ err: error }, 'could not prepare the database');
  await database.close();
  process.exit(1);
}

closeWithGrace({ delay: config.shutdownGraceMs, logger: app.log }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an unexpected error');
  else app.log.info({ signal }, 'shutting down');
  // app.close() stops accepting connections and waits for in-flight requests; then the database closes.
  await app.close();
  await database.close();
});

await app.listen({ port: config.port, host: config.host });
const { port } = app.server.address() as AddressInfo;
const base = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
app.log.info({ url: base, database: database.driver }, 'plantrack is serving');
process.stdout.write(`\nplantrack is serving at ${base}\n  API docs (Swagger UI): ${base}/docs\n  OpenAPI document:      ${base}/openapi.json\n${bootstrapNote}\n`);
