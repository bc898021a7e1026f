// Opens the configured database for a command (PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR), runs the job
// and always closes it.
import { loadConfig } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { openDatabase } from '../db/open.js';

export async function withDatabase<T>(job: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig().database);
  try {
    return await job(database);
  } finally {
    await database.close();
  }
}
