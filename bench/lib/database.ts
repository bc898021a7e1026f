// The benchmark database: where it is, creating it, and the note the generator leaves on it (a COMMENT ON DATABASE
// with the parameters it was generated with, so a second run can tell it is already there, and the runner can
// print the scale).
import pg from 'pg';

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/plantrack_bench';

export interface Marker {
  generator: 'plantrack-bench-data';
  version: number;
  scale: number;
  seed: string;
  bigProgramTasks: number;
  generatedAt: string;
  seconds: number;
  rows: Record<string, number>;
  fixtures: Fixtures;
}

/** What the runner looks up by code: the programs and the search words the data was made to have. */
export interface Fixtures {
  bigProgram: string;
  sampleProgram: string;
  searchQuery: string;
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`the database URL names no database: ${url}`);
  return name;
}

/** The same server's maintenance database, to create or drop the benchmark database from. */
export function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database when missing; with `fresh`, drops it first. Returns whether it was created now. */
export async function ensureDatabase(url: string, fresh: boolean): Promise<boolean> {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    if (fresh) await admin.query(`drop database if exists ${ident(name)} with (force)`);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`create database ${ident(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export async function readMarker(query: Query): Promise<Marker | null> {
  const { rows } = await query(`select shobj_description(oid, 'pg_database') as note from pg_database where datname = current_database()`);
  const note = rows[0]?.note;
  if (typeof note !== 'string') return null;
  try {
    const parsed = JSON.parse(note) as Partial<Marker>;
    return parsed.generator === 'plantrack-bench-data' ? (parsed as Marker) : null;
  } catch {
    return null;
  }
}

export async function writeMarker(query: Query, marker: Marker): Promise<void> {
  const { rows } = await query('select current_database() as name');
  const text = JSON.stringify(marker).replace(/'/g, "''");
  await query(`comment on database ${ident(String(rows[0]!.name))} is '${text}'`);
}
