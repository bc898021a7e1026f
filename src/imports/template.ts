// The XLSX template: the program document (document.ts) as six sheets, one row per record, one column per field.
// Headers are the document's field names (nested ones flattened: `target.lower` is `targetLower`), so a problem found
// in the document points at a cell. The writer, the reader and docs/imports.md all follow these definitions.
import { periodKinds } from '../domain/periods.js';
import {
  agencyKinds,
  deadlineKinds,
  indicatorCategories,
  indicatorDirections,
  targetBases,
  targetComparators,
  taskKinds,
  taskStatuses,
} from '../domain/vocabulary.js';

/**
 * How a cell is read and written. `codes` and `enums` are lists in one cell (comma-separated); `supporters` a list of
 * `agency:CODE` and `group:CODE`; `date` is YYYY-MM-DD text (a date-formatted cell is read too).
 */
export type CellType = 'code' | 'text' | 'enum' | 'integer' | 'decimal' | 'date' | 'boolean' | 'codes' | 'enums' | 'supporters';

export interface TemplateColumn {
  header: string;
  /** Where the value goes in the record, `/`-separated (`deadline/fromYear`). */
  field: string;
  type: CellType;
  /** Allowed values (enum, enums, boolean): a drop-down list in the template. */
  values?: readonly string[];
  required: boolean;
  description: string;
  width: number;
}

export type Section = 'program' | 'agencies' | 'agencyGroups' | 'taskGroups' | 'indicators' | 'tasks';

export interface TemplateSheet {
  name: string;
  section: Section;
  description: string;
  columns: TemplateColumn[];
}

const column = (header: string, type: CellType, description: string, options: { field?: string; required?: boolean; values?: readonly string[]; width?: number } = {}): TemplateColumn => ({
  header,
  field: options.field ?? header,
  type,
  required: options.required ?? false,
  description,
  width: options.width ?? (type === 'text' ? 40 : type === 'code' || type === 'codes' || type === 'supporters' ? 24 : 16),
  ...(options.values ? { values: options.values } : type === 'boolean' ? { values: ['TRUE', 'FALSE'] } : {}),
});
const required = { required: true };

export const templateSheets: TemplateSheet[] = [
  {
    name: 'Program',
    section: 'program',
    description: 'The program: exactly one row (row 2). Matched by code: an existing program is updated, otherwise created.',
    columns: [
      column('code', 'code', 'Document number, e.g. 17/CTr-UBND.', required),
      column('title', 'text', 'Title of the program.', { ...required, width: 60 }),
      column('resolution', 'text', 'The resolution it implements, e.g. 99/NQ-CP.', { width: 16 }),
      column('issuedOn', 'date', 'Day of issue, YYYY-MM-DD.'),
      column('startYear', 'integer', 'First year the program covers.', required),
      column('endYear', 'integer', 'Last year the program covers (not before startYear).', required),
      column('signedBy', 'text', 'Who signed it.', { width: 24 }),
      column('summary', 'text', 'Summary (general objective).', { width: 60 }),
      column('issuerCode', 'code', 'Code of the issuing agency (sheet Agencies, or already in the service).'),
      column('coordinatorCode', 'code', 'Code of the coordinating agency that synthesises reports.'),
      column('reportingPeriodKinds', 'enums', 'Periods agencies report on, comma-separated. Empty: kept as stored (annual for a new program).', { values: periodKinds }),
      column('reportDeadlineWorkingDays', 'integer', 'Working days after the cut-off that reports are due (1-60). Empty: kept as stored (5 for a new program).'),
    ],
  },
  {
    name: 'Agencies',
    section: 'agencies',
    description: 'Agencies the program names. Matched by code across the whole service.',
    columns: [
      column('code', 'code', 'Stable code, unique among all agencies, e.g. so-ke-hoach-va-dau-tu.', required),
      column('name', 'text', 'Full Vietnamese name.', required),
      column('shortName', 'text', 'Customary short name, e.g. Sở KH&ĐT.', { width: 20 }),
      column('kind', 'enum', 'What kind of body it is.', { ...required, values: agencyKinds, width: 26 }),
      column('parentCode', 'code', 'Code of the body it belongs to.'),
      column('validFrom', 'date', 'First day it exists, YYYY-MM-DD; empty: since before anything recorded.'),
    ],
  },
  {
    name: 'AgencyGroups',
    section: 'agencyGroups',
    description: 'Named sets of agencies that supporting assignments name as a whole. Matched by code across the whole service.',
    columns: [
      column('code', 'code', 'Stable code, unique among agency groups.', required),
      column('name', 'text', 'The group as documents write it, e.g. UBND quận, huyện.', required),
      column('description', 'text', 'Who belongs and why.'),
      column('memberCodes', 'codes', 'Codes of the member agencies, comma-separated: the whole membership.', { ...required, width: 60 }),
    ],
  },
  {
    name: 'TaskGroups',
    section: 'taskGroups',
    description: 'The groups of tasks (section V). Matched by code within the program.',
    columns: [
      column('code', 'code', 'The group\'s number, e.g. 7.', { ...required, width: 10 }),
      column('title', 'text', 'The heading, verbatim.', { ...required, width: 60 }),
      column('position', 'integer', 'Order within the program; empty: the order of the rows.', { width: 10 }),
      column('appendixSection', 'code', 'The appendix section that repeats the group (roman numeral), unique within the program.', { width: 12 }),
      column('appendixTitle', 'text', 'The appendix section\'s heading as printed there.', { width: 60 }),
    ],
  },
  {
    name: 'Indicators',
    section: 'indicators',
    description: 'Key indicators and their sub-targets. Matched by code within the program.',
    columns: [
      column('code', 'code', 'The number, e.g. 1 or 1.2.', { ...required, width: 10 }),
      column('parentCode', 'code', 'Code of the indicator this is a sub-target of.', { width: 10 }),
      column('position', 'integer', 'Order within the program; empty: the order of the rows.', { width: 10 }),
      column('category', 'enum', 'Category (the group of section IV).', { ...required, values: indicatorCategories }),
      column('name', 'text', 'What is measured.', { ...required, width: 50 }),
      column('unit', 'text', 'Unit, e.g. %/năm.', { width: 14 }),
      column('direction', 'enum', 'Which way is better.', { ...required, values: indicatorDirections, width: 18 }),
      column('targetComparator', 'enum', 'The target: between (lower and upper), gte/gt (lower), lte/lt (upper), eq (lower = upper). Empty: no target.', { field: 'target/comparator', values: targetComparators }),
      column('targetLower', 'decimal', 'Lower bound (a number: 7.5, not 7,5).', { field: 'target/lower' }),
      column('targetUpper', 'decimal', 'Upper bound.', { field: 'target/upper' }),
      column('targetText', 'text', 'The target as written, e.g. 7,5- 8,0%/năm.', { field: 'target/text', width: 24 }),
      column('basis', 'enum', 'What the target is measured on; required with a target, empty without one.', { values: targetBases }),
      column('targetYear', 'integer', 'The year the target refers to; required for by_year.'),
      column('baselineValue', 'decimal', 'Baseline value (with baselineYear).', { field: 'baseline/value' }),
      column('baselineYear', 'integer', 'Baseline year (with baselineValue).', { field: 'baseline/year' }),
      column('responsibleAgencyCode', 'code', 'Code of the responsible agency.'),
      column('sourceText', 'text', 'The clause of the source document, verbatim.', { width: 50 }),
      column('notes', 'text', 'Notes: interpretations, caveats.'),
    ],
  },
  {
    name: 'Tasks',
    section: 'tasks',
    description: 'Tasks (the appendix). Matched by code within the program.',
    columns: [
      column('code', 'code', 'The number, e.g. 01.', { ...required, width: 8 }),
      column('groupCode', 'code', 'Code of its task group (sheet TaskGroups, or already in the program).', { ...required, width: 10 }),
      column('title', 'text', 'Title, verbatim.', { ...required, width: 60 }),
      column('kind', 'enum', 'Kind of document to produce.', { ...required, values: taskKinds }),
      column('leadAgencyCode', 'code', 'Code of the lead agency.', required),
      column('supporters', 'supporters', 'Supporting agencies and groups in order, comma-separated, each agency:CODE or group:CODE. Empty: none.', { width: 50 }),
      column('supportingText', 'text', 'The supporting agencies as the source words them.'),
      column('deadlineKind', 'enum', 'year, year_range, annually or event.', { ...required, field: 'deadline/kind', values: deadlineKinds }),
      column('deadlineFromYear', 'integer', 'year/year_range: the first year; annually: empty for the program\'s first year; event: empty.', { field: 'deadline/fromYear' }),
      column('deadlineToYear', 'integer', 'year: empty (or fromYear); year_range: the last year; annually: empty for the program\'s last year; event: empty.', { field: 'deadline/toYear' }),
      column('deadlineText', 'text', 'The deadline as the source words it, e.g. Hàng năm.', { field: 'deadline/text', width: 24 }),
      column('isKey', 'boolean', 'TRUE for a key task; empty: FALSE.', { width: 8 }),
      column('status', 'enum', 'Empty: kept as stored (not_started for a new task).', { values: taskStatuses }),
      column('progress', 'integer', 'Percent complete, 0-100. Empty: kept as stored (0 for a new task; 100 when the row completes it).', { width: 10 }),
      column('completedOn', 'date', 'YYYY-MM-DD, exactly when status is completed.'),
    ],
  },
];

export const sheetOf = (section: Section): TemplateSheet => templateSheets.find((s) => s.section === section)!;
