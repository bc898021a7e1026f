// The columns of each export, defined once for CSV, NDJSON and XLSX: a snake_case name (the header, the NDJSON key),
// the SQL that selects it, what kind of value it is, and its width in a spreadsheet. docs/exports.md describes each.
//
// The database hands over every value already in its final form — text, a number or a boolean — so that writing a
// row costs no parsing: dates and timestamps are formatted by to_char (ISO 8601, UTC, milliseconds, as the JSON API
// writes them), decimals arrive as float8 (a JS number), the bigint ids of audit events and JSON as text.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { agencies, auditEvents, indicators, indicatorValues, programs, reports, taskGroups, tasks } from '../db/schema/index.js';

/**
 * `integer` and `number` values are numbers, except bigints, which arrive as their decimal digits (a JS number would
 * round them beyond 2^53); `json` is JSON text, written into NDJSON as a value rather than a string.
 */
export type ColumnKind = 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'json';

export interface Column {
  name: string;
  kind: ColumnKind;
  sql: SQL;
  /** XLSX column width, in characters. */
  width: number;
}

const column = (kind: ColumnKind, name: string, expression: SQL, width: number): Column => ({ name, kind, sql: expression, width });
const text = (name: string, value: SQLWrapper, width = 16) => column('text', name, sql`${value}`, width);
const id = (name: string, value: SQLWrapper) => column('text', name, sql`${value}`, 38);
const integer = (name: string, value: SQLWrapper, width = 10) => column('integer', name, sql`${value}`, width);
const bigint = (name: string, value: SQLWrapper, width = 12) => column('integer', name, sql`${value}::text`, width);
const decimal = (name: string, value: SQLWrapper, width = 12) => column('number', name, sql`${value}::float8`, width);
const boolean = (name: string, value: SQLWrapper) => column('boolean', name, sql`${value}`, 8);
const date = (name: string, value: SQLWrapper) => column('date', name, sql`to_char(${value}, 'YYYY-MM-DD')`, 12);
const timestamp = (name: string, value: SQLWrapper) => column('timestamp', name, sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, 26);
const json = (name: string, value: SQLWrapper, width = 60) => column('json', name, sql`${value}::text`, width);

// Joined tables get aliases of their own: the list filters the exports reuse name `agencies`, `programs` and
// `indicators` in subqueries of their own, which must not be captured by the export's joins.
export const program = alias(programs, 'export_program');
export const leadAgency = alias(agencies, 'export_lead_agency');
export const responsibleAgency = alias(agencies, 'export_responsible_agency');
export const parentAgency = alias(agencies, 'export_parent_agency');
export const parentIndicator = alias(indicators, 'export_parent_indicator');
export const reportingAgency = alias(agencies, 'export_reporting_agency');

/** Supporting agencies and agency groups, by code, in the order of the text. */
const supporterCodes = sql`(select string_agg(coalesce(sa.code, sg.code), ';' order by s.position)
  from task_supporters s
  left join agencies sa on sa.id = s.agency_id
  left join agency_groups sg on sg.id = s.agency_group_id
  where s.task_id = ${tasks.id})`;

/** The SQL twin of finalDueDate() (src/domain/deadlines.ts): one-time deadlines fall due on 31 December of their last year. */
const dueOn = sql`case when ${tasks.deadlineKind} in ('year', 'year_range') then make_date(${tasks.deadlineToYear}, 12, 31) end`;

/** The kind of a period id, as parsePeriodId() (src/domain/periods.ts) reads it. */
const periodKind = sql`case when ${reports.period} ~ '^[0-9]{4}$' then 'annual' when ${reports.period} like '%-H%' then 'half_year'
  when ${reports.period} like '%-Q%' then 'quarter' else 'month' end`;

export const taskColumns: Column[] = [
  id('id', tasks.id),
  text('program_code', program.code, 14),
  text('code', tasks.code, 8),
  text('title', tasks.title, 60),
  text('kind', tasks.kind, 12),
  text('group_code', taskGroups.code, 10),
  text('appendix_section', taskGroups.appendixSection, 10),
  text('lead_agency_code', leadAgency.code, 30),
  text('lead_agency_name', leadAgency.name, 40),
  text('responsible_agency_code', responsibleAgency.code, 30),
  text('responsible_agency_name', responsibleAgency.name, 40),
  text('supporters', supporterCodes, 40),
  text('supporting_text', tasks.supportingText, 40),
  text('deadline_kind', tasks.deadlineKind, 12),
  integer('deadline_from_year', tasks.deadlineFromYear),
  integer('deadline_to_year', tasks.deadlineToYear),
  text('deadline_text', tasks.deadlineText, 24),
  date('due_on', dueOn),
  boolean('is_key', tasks.isKey),
  text('status', tasks.status, 12),
  integer('progress', tasks.progress),
  date('completed_on', tasks.completedOn),
  timestamp('created_at', tasks.createdAt),
  timestamp('updated_at', tasks.updatedAt),
];

export const indicatorColumns: Column[] = [
  id('id', indicators.id),
  text('program_code', program.code, 14),
  text('parent_code', parentIndicator.code, 10),
  text('code', indicators.code, 8),
  integer('position', indicators.position),
  text('category', indicators.category, 16),
  text('name', indicators.name, 60),
  text('unit', indicators.unit, 12),
  text('direction', indicators.direction, 18),
  text('target_comparator', indicators.targetComparator, 10),
  decimal('target_lower', indicators.targetLower),
  decimal('target_upper', indicators.targetUpper),
  text('target_text', indicators.targetText, 24),
  text('target_basis', indicators.basis, 16),
  integer('target_year', indicators.targetYear),
  decimal('baseline_value', indicators.baselineValue),
  integer('baseline_year', indicators.baselineYear),
  text('responsible_agency_code', responsibleAgency.code, 30),
  text('source_text', indicators.sourceText, 60),
  text('notes', indicators.notes, 40),
  timestamp('created_at', indicators.createdAt),
  timestamp('updated_at', indicators.updatedAt),
];

export const indicatorValueColumns: Column[] = [
  id('id', indicatorValues.id),
  id('indicator_id', indicatorValues.indicatorId),
  text('program_code', program.code, 14),
  text('indicator_code', indicators.code, 10),
  text('period', indicatorValues.period, 10),
  decimal('value', indicatorValues.value),
  text('kind', indicatorValues.kind, 10),
  text('agency_code', reportingAgency.code, 30),
  text('note', indicatorValues.note, 40),
  timestamp('created_at', indicatorValues.createdAt),
  timestamp('updated_at', indicatorValues.updatedAt),
];

export const agencyColumns: Column[] = [
  id('id', agencies.id),
  text('code', agencies.code, 30),
  text('name', agencies.name, 50),
  text('short_name', agencies.shortName, 20),
  text('kind', agencies.kind, 26),
  text('parent_code', parentAgency.code, 30),
  date('valid_from', agencies.validFrom),
  date('valid_to', agencies.validTo),
  timestamp('created_at', agencies.createdAt),
  timestamp('updated_at', agencies.updatedAt),
];

export const reportColumns: Column[] = [
  id('id', reports.id),
  text('program_code', program.code, 14),
  text('agency_code', reportingAgency.code, 30),
  text('agency_name', reportingAgency.name, 40),
  text('period', reports.period, 10),
  text('period_kind', periodKind, 10),
  text('status', reports.status, 10),
  date('due_on', reports.dueOn),
  timestamp('first_submitted_at', reports.firstSubmittedAt),
  timestamp('submitted_at', reports.submittedAt),
  text('timeliness', reports.timeliness, 10),
  timestamp('accepted_at', reports.acceptedAt),
  text('results', reports.results, 60),
  text('advantages', reports.advantages, 40),
  text('difficulties', reports.difficulties, 40),
  text('proposals', reports.proposals, 40),
  timestamp('created_at', reports.createdAt),
  timestamp('updated_at', reports.updatedAt),
];

export const auditEventColumns: Column[] = [
  bigint('id', auditEvents.id),
  timestamp('occurred_at', auditEvents.occurredAt),
  text('request_id', auditEvents.requestId, 38),
  text('operation_id', auditEvents.operationId, 20),
  text('actor_type', auditEvents.actorType, 10),
  text('actor_id', auditEvents.actorId, 38),
  text('actor_name', auditEvents.actorName, 30),
  id('actor_agency_id', auditEvents.actorAgencyId),
  text('resource_type', auditEvents.resourceType, 18),
  text('resource_id', auditEvents.resourceId, 38),
  text('action', auditEvents.action, 8),
  json('changes', auditEvents.changes),
];
