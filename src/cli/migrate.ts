// `npm run migrate`: applies pending migrations to the configured database (PostgreSQL with DATABASE_URL,
// else PGlite in DATA_DIR). Safe to run concurrently and repeatedly.
import { runWithDatabase } from './run.js';

await runWithDatabase(async (database) => {
  const before = await database.pendingMigrations();
  await database.migrate();
  return before === 0 ? 'Migrations: the schema is already current.' : `Migrations: applied ${before}.`;
});
