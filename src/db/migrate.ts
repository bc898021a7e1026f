// Applies the drizzle-kit migrations in migrations/ with drizzle's own migrator, and tells how many are
// still pending (the readiness check uses it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { queryRows, type Database } from './types.js';

/** migrations/ sits two levels above this file both in src/db and in dist/db. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: unknown[] };

export async function applyMigrations(db: Database, driver: 'pglite' | 'postgres'): Promise<void> {
  if (driver === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  else await migratePg(db as unknown as NodePgDatabase, { migrationsFolder });
}

export async function pendingMigrationCount(db: Database): Promise<number> {
  const [table] = await queryRows<{ name: string | null }>(db, sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table?.name) return journal.entries.length;
  const [row] = await queryRows<{ applied: number }>(db, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  return Math.max(0, journal.entries.length - (row?.applied ?? 0));
}
