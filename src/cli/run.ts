// Shared by the command-line entry points: read the configuration, open the database, run one job, close,
// and exit non-zero with one line on failure.
import { ConfigError, loadConfig } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { openDatabase } from '../db/open.js';

export async function runWithDatabase(job: (database: DatabaseHandle) => Promise<string>): Promise<void> {
  let database: DatabaseHandle | undefined;
  try {
    database = await openDatabase(loadConfig().database);
    process.stdout.write(`${await job(database)}\n`);
  } catch (error) {
    process.stderr.write(`plantrack: ${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}
