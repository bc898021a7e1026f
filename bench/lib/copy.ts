// Bulk loading with COPY: rows are encoded in PostgreSQL's text format and sent a chunk at a time, on PostgreSQL
// through pg-copy-streams (several connections at once), on PGlite through COPY … FROM '/dev/blob'.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The tables the generator writes, parents before children, with the columns it fills. */
export const tableColumns = {
  agencies: ['id', 'code', 'name', 'short_name', 'kind', 'parent_id', 'valid_from', 'valid_to', 'created_at', 'updated_at'],
  agency_groups: ['id', 'code', 'name', 'description', 'created_at', 'updated_at'],
  agency_group_members: ['group_id', 'agency_id'],
  public_holidays: ['id', 'date', 'name', 'created_at', 'updated_at'],
  programs: [
    'id', 'code', 'title', 'resolution', 'issuer_agency_id', 'coordinator_agency_id', 'issued_on', 'start_year', 'end_year', 'signed_by', 'summary',
    'reporting_period_kinds', 'report_deadline_working_days', 'created_at', 'updated_at',
  ],
  task_groups: ['id', 'program_id', 'code', 'title', 'position', 'appendix_section', 'appendix_title', 'created_at', 'updated_at'],
  tasks: [
    'id', 'program_id', 'group_id', 'code', 'title', 'kind', 'lead_agency_id', 'supporting_text', 'deadline_kind', 'deadline_from_year', 'deadline_to_year',
    'deadline_text', 'is_key', 'status', 'progress', 'completed_on', 'created_at', 'updated_at',
  ],
  task_supporters: ['task_id', 'position', 'agency_id', 'agency_group_id'],
  indicators: [
    'id', 'program_id', 'parent_id', 'code', 'position', 'category', 'name', 'unit', 'direction', 'target_comparator', 'target_lower', 'target_upper',
    'target_text', 'basis', 'target_year', 'baseline_value', 'baseline_year', 'responsible_agency_id', 'source_text', 'notes', 'created_at', 'updated_at',
  ],
  indicator_values: ['id', 'indicator_id', 'period', 'value', 'kind', 'agency_id', 'note', 'created_at', 'updated_at'],
  reports: [
    'id', 'program_id', 'agency_id', 'period', 'status', 'results', 'advantages', 'difficulties', 'proposals', 'due_on', 'first_submitted_at', 'submitted_at',
    'timeliness', 'accepted_at', 'created_at', 'updated_at',
  ],
  report_task_updates: ['report_id', 'task_id', 'status', 'progress', 'completed_on', 'note', 'evidence_url'],
  report_indicator_values: ['report_id', 'indicator_id', 'value', 'kind', 'note'],
  // Ids given (not drawn from the sequence, whose order would depend on which connection commits first).
  report_transitions: ['id', 'from_status', 'to_status', 'reason', 'actor_type', 'actor_id', 'actor_name', 'actor_agency_id', 'request_id', 'occurred_at', 'report_id'],
  // The generator writes lines from occurred_at on (they sort by time as text); the loader puts the id in front, in
  // that order, so ids follow time however many connections load them.
  audit_events: ['id', 'occurred_at', 'request_id', 'operation_id', 'actor_type', 'actor_id', 'actor_name', 'actor_agency_id', 'resource_type', 'resource_id', 'action', 'changes'],
} as const;
export type TableName = keyof typeof tableColumns;
export const tableOrder = Object.keys(tableColumns) as TableName[];

/** Time spent in COPY per table (connections added up), for tuning. */
export const copyMs = new Map<string, number>();

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format: \N for null, JSON for objects, t/f for booleans. */
export function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'boolean' ? (value ? 't' : 'f') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : text;
}

export function line(values: readonly unknown[]): string {
  let out = field(values[0]);
  for (let i = 1; i < values.length; i++) out += `\t${field(values[i])}`;
  return `${out}\n`;
}

/** Rows of several tables, loaded together in table order: one COPY per table, each committed on its own. */
export class Chunk {
  readonly parts = new Map<TableName, string[]>();
  readonly counts = new Map<TableName, number>();

  add(table: TableName, values: readonly unknown[]): void {
    let part = this.parts.get(table);
    if (!part) this.parts.set(table, (part = []));
    part.push(line(values));
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
  }

  get size(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}

export interface Target {
  /** Runs one COPY of `data` (text format) into `table`. */
  copy(table: string, columns: readonly string[], data: string): Promise<void>;
  /** Runs `chunk` (its COPYs in table order) as soon as a connection is free; resolves once it has started. */
  submit(chunk: Chunk): Promise<void>;
  /** Waits for every submitted chunk. */
  drain(): Promise<void>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

async function runChunk(copy: Target['copy'], chunk: Chunk): Promise<void> {
  for (const table of tableOrder) {
    const part = chunk.parts.get(table);
    if (part?.length) await copy(table, tableColumns[table], part.join(''));
  }
}

/**
 * PostgreSQL: `jobs` connections, each running whole chunks. Chunks only reference rows committed before them
 * (the structure) or rows of their own (parents are copied first), so they can load side by side. The session
 * turns the audit triggers off (the generator writes its own audit rows, see migrations/0003) and commits
 * asynchronously (the data can be generated again).
 */
export async function postgresTarget(url: string, jobs: number): Promise<Target> {
  const clients: pg.Client[] = [];
  for (let i = 0; i < jobs; i++) {
    const client = new pg.Client({ connectionString: url, application_name: 'plantrack-bench-data' });
    await client.connect();
    await client.query(`select set_config('plantrack.audit', 'off', false), set_config('synchronous_commit', 'off', false)`);
    clients.push(client);
  }
  const copyOn = (client: pg.Client) => async (table: string, columns: readonly string[], data: string) => {
    const start = performance.now();
    const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    await pipeline(Readable.from([Buffer.from(data, 'utf8')]), stream);
    copyMs.set(table, (copyMs.get(table) ?? 0) + performance.now() - start);
  };
  const idle = [...clients];
  const waiting: ((client: pg.Client) => void)[] = [];
  const running = new Set<Promise<void>>();
  let failure: unknown;
  const take = () => new Promise<pg.Client>((resolve) => (idle.length ? resolve(idle.pop()!) : waiting.push(resolve)));
  const give = (client: pg.Client) => (waiting.length ? waiting.shift()!(client) : idle.push(client));
  return {
    copy: (table, columns, data) => copyOn(clients[0]!)(table, columns, data),
    async submit(chunk) {
      if (failure) throw failure;
      const client = await take();
      const job = runChunk(copyOn(client), chunk)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          give(client);
          running.delete(job);
        });
      running.add(job);
    },
    async drain() {
      while (running.size) await Promise.all([...running]);
      if (failure) throw failure;
    },
    async exec(sql) {
      await clients[0]!.query(sql);
    },
    async close() {
      await Promise.all(clients.map((c) => c.end()));
    },
  };
}

/** PGlite: its one connection, COPY from an in-memory blob. */
export function pgliteTarget(client: PGlite): Target {
  const copy = async (table: string, columns: readonly string[], data: string) => {
    await client.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([data]) });
  };
  let last: Promise<void> = Promise.resolve();
  return {
    copy,
    async submit(chunk) {
      await last;
      last = runChunk(copy, chunk);
    },
    async drain() {
      await last;
    },
    async exec(sql) {
      await client.exec(sql);
    },
    async close() {},
  };
}
