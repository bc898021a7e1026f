import { exitCodes, type Command } from '../command.js';
import { withDatabase } from '../database.js';

export const migrate: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (safe to run concurrently and repeatedly).',
  usage: 'plantrack migrate\n\nApplies the migrations in migrations/ to the configured database (DATABASE_URL, else PGlite in DATA_DIR).',
  async run(_args, io) {
    const message = await withDatabase(async (database) => {
      const before = await database.pendingMigrations();
      await database.migrate();
      return before === 0 ? 'Migrations: the schema is already current.' : `Migrations: applied ${before}.`;
    });
    io.stdout.write(`${message}\n`);
    return exitCodes.ok;
  },
};
