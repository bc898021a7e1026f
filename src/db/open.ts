import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openPglite, openPostgres, type DatabaseHandle } from './connect.js';

/** Opens the database the configuration names (PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR). */
export function openDatabase(config: Config['database'], logger?: Logger): Promise<DatabaseHandle> {
  return config.driver === 'postgres' ? openPostgres(config, logger) : openPglite(config.dataDir);
}
