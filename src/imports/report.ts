// What an import answers: the validation report. Every problem found, each located where its author can find it (a
// JSON Pointer into the document sent, or a sheet, row and column of the workbook), and what the import did or, on a
// dry run, would do.
import Type, { type Static } from 'typebox';
import { Int32, Nullable, StringEnum, Uuid } from '../http/schemas.js';
import { clip } from '../plugins/errors.js';

/** At most this many problems are listed; `omittedProblems` counts the rest. A file this wrong needs redoing anyway. */
export const maxListedProblems = 1000;

export const ImportProblem = Type.Object(
  {
    pointer: Type.Optional(Type.String({ maxLength: 1024, description: 'JSON Pointer (RFC 6901) into the JSON document sent; `` for the document as a whole.' })),
    sheet: Type.Optional(Type.String({ maxLength: 100, description: 'The workbook sheet (XLSX imports).' })),
    row: Type.Optional(Int32({ minimum: 1, maximum: 1048576, description: 'The row number as the spreadsheet shows it (the header is row 1).' })),
    column: Type.Optional(Type.String({ maxLength: 100, description: 'The column header, e.g. `leadAgencyCode`.' })),
    cell: Type.Optional(Type.String({ maxLength: 20, description: 'The cell reference, e.g. `E7`.' })),
    message: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false, title: 'ImportProblem' },
);
export type ImportProblem = Static<typeof ImportProblem>;

const Counts = (what: string) =>
  Type.Object(
    {
      create: Int32({ minimum: 0, maximum: 1000000, description: `${what} created (on a dry run: that would be).` }),
      update: Int32({ minimum: 0, maximum: 1000000, description: `${what} changed to match the document.` }),
      unchanged: Int32({ minimum: 0, maximum: 1000000, description: `${what} that already match the document.` }),
    },
    { additionalProperties: false },
  );

export const ImportSummary = Type.Object(
  {
    agencies: Counts('Agencies'),
    agencyGroups: Counts('Agency groups'),
    program: StringEnum(['create', 'update', 'unchanged']),
    taskGroups: Counts('Task groups'),
    indicators: Counts('Indicators'),
    tasks: Counts('Tasks'),
  },
  { additionalProperties: false, title: 'ImportSummary' },
);
export type ImportSummary = Static<typeof ImportSummary>;

export const entityKinds = ['agency', 'agency_group', 'program', 'task_group', 'indicator', 'task'] as const;
export type EntityKind = (typeof entityKinds)[number];

export const ImportChange = Type.Object(
  {
    entity: StringEnum(entityKinds),
    code: Type.String({ maxLength: 64 }),
    action: StringEnum(['create', 'update']),
    fields: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 40, description: 'For an update: the fields that change (`supporters`, `memberCodes` for the lists).' }),
  },
  { additionalProperties: false, title: 'ImportChange' },
);
export type ImportChange = Static<typeof ImportChange>;

export const ImportReport = Type.Object(
  {
    valid: Type.Boolean({ description: 'Whether the document was accepted; with problems, nothing was written.' }),
    dryRun: Type.Boolean({ description: 'A dry run writes nothing: the summary says what an import would do.' }),
    programId: Nullable(Uuid('The program imported; null on a dry run that would create it, or when the document is refused.')),
    problems: Type.Array(ImportProblem, { maxItems: maxListedProblems, description: 'Every problem found (up to the limit), in document order.' }),
    omittedProblems: Int32({ minimum: 0, maximum: 100000000, description: 'Problems found beyond the listed ones.' }),
    summary: Nullable(ImportSummary),
    changes: Type.Array(ImportChange, { maxItems: 20000, description: 'Every record created or updated (on a dry run: that would be); unchanged ones are not listed.' }),
  },
  { $id: 'ImportReport', title: 'ImportReport', additionalProperties: false },
);
export type ImportReport = Static<typeof ImportReport>;

/** Thrown when a document is refused: carries the report, so the caller can answer 422 (API) or exit 3 (CLI). */
export class ImportRefused extends Error {
  constructor(readonly report: ImportReport) {
    super(`The import was refused: ${report.problems.length + report.omittedProblems} problem(s).`);
  }
}

/**
 * Keeps what a problem echoes of the input within the schema's lengths (a pointer to a 5000-character field name, say)
 * and well-formed (a field named with a lone surrogate, a JSON parser's excerpt cut inside a surrogate pair).
 */
const withinLimits = (problem: ImportProblem): ImportProblem => ({
  ...problem,
  ...(problem.pointer === undefined ? {} : { pointer: clip(problem.pointer.toWellFormed(), 1024) }),
  message: clip(problem.message.toWellFormed(), 2000),
});

/** The report of a refused document. */
export function refusedReport(problems: ImportProblem[], dryRun: boolean): ImportReport {
  return {
    valid: false,
    dryRun,
    programId: null,
    problems: problems.slice(0, maxListedProblems).map(withinLimits),
    omittedProblems: Math.max(0, problems.length - maxListedProblems),
    summary: null,
    changes: [],
  };
}

/** One line per problem, for a terminal or a log: `Tasks!E7 (leadAgencyCode): …` or `/tasks/3/leadAgencyCode: …`. */
export function describeProblem(problem: ImportProblem): string {
  if (problem.sheet !== undefined) {
    const where = problem.cell ? `${problem.sheet}!${problem.cell}` : problem.row ? `${problem.sheet} row ${problem.row}` : problem.sheet;
    return `${where}${problem.column ? ` (${problem.column})` : ''}: ${problem.message}`;
  }
  return `${problem.pointer === undefined ? 'document' : problem.pointer || '/'}: ${problem.message}`;
}
