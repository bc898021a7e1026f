// One import, the same for the API and the command line: check the document completely against the database (dry
// run: stop there and say what would happen), then, in the caller's transaction, write what differs. A refused
// document throws ImportRefused with the whole report; nothing is written.
import { sql } from 'drizzle-orm';
import type { Queryable, Transaction } from '../db/types.js';
import { applyPlan, WriteRefused } from './apply.js';
import type { ProgramDocument } from './document.js';
import { changesOf, planImport, summaryOf, writesOf, type ImportPlan } from './plan.js';
import { loadStored, type StoredState } from './records.js';
import { ImportRefused, refusedReport, type ImportProblem, type ImportReport } from './report.js';
import { readJson, type Finding, type ImportFormat, type ImportSource } from './source.js';
import { checkReferences, checkSchema, type Where } from './validate.js';
import { readWorkbook } from './xlsx.js';

/** Reads the bytes of an import as the format they claim to be. */
export function readSource(bytes: Buffer, format: ImportFormat): Promise<ImportSource> | ImportSource {
  return format === 'xlsx' ? readWorkbook(bytes) : readJson(bytes);
}

const sectionOrder = ['formatVersion', 'program', 'agencies', 'agencyGroups', 'taskGroups', 'indicators', 'tasks'];

/** Findings in the order of the document: by list, then by record; within a record, in the order found. */
function inDocumentOrder(findings: Finding[]): Finding[] {
  const key = (pointer: string) => {
    const [section = '', index = '0'] = pointer.split('/').slice(1);
    return [sectionOrder.indexOf(section), Number(index) || 0] as const;
  };
  return findings
    .map((finding, order) => ({ finding, order, key: key(finding.pointer) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.order - b.order)
    .map(({ finding }) => finding);
}

/**
 * Removes byte order marks (U+FEFF) from the start of every text value: they are invisible artifacts of file
 * conversions, and the embedded database (PGlite) drops one from the start of any text it reads back, so a value
 * starting with one would never compare equal to what is stored, and every import would "update" it.
 */
function withoutLeadingBoms(value: unknown, depth = 0): unknown {
  // A document is six levels deep; anything deeper is a record the schema refused, and may nest without end.
  if (depth > 8) return value;
  if (typeof value === 'string') return value.replace(/^\ufeff+/, '');
  if (Array.isArray(value)) return value.map((item) => withoutLeadingBoms(item, depth + 1));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutLeadingBoms(item, depth + 1)]));
  return value;
}

type Checked = { ok: true; document: ProgramDocument; stored: StoredState; plan: ImportPlan } | { ok: false; problems: ImportProblem[] };

/** Every problem of the source, or the plan of a document that has none. */
export async function checkImport(db: Queryable, source: ImportSource): Promise<Checked> {
  const locateAll = (findings: Finding[]) => inDocumentOrder(findings).map(source.locate);
  if (source.fileProblems.length > 0 || source.input === undefined) return { ok: false, problems: [...source.fileProblems, ...locateAll(source.findings)] };
  const schema = checkSchema(source.input);
  // A value the reader could not take (a cell of the wrong type) is reported once, not again as missing.
  const fresh = (finding: Finding) => {
    for (let at = finding.pointer; at !== ''; at = at.slice(0, at.lastIndexOf('/'))) if (source.reported.has(at)) return false;
    return true;
  };
  const findings = [...source.findings, ...schema.findings.filter(fresh)];
  // Rules across records need the outline right, and the program's code to find what the program holds already.
  const document = (schema.structural ? source.input : withoutLeadingBoms(source.input)) as ProgramDocument;
  const programCode = schema.structural ? undefined : (document.program as { code?: unknown } | null)?.code;
  if (typeof programCode === 'string' && !schema.findings.some((f) => f.pointer === '/program/code')) {
    const stored = await loadStored(db, programCode);
    const where: Where = (pointer) => {
      const at = source.locate({ pointer, message: '' });
      return at.sheet === undefined ? pointer : at.row === undefined ? at.sheet : `${at.sheet} row ${at.row}`;
    };
    findings.push(...checkReferences(document, stored, schema.broken, where).filter(fresh));
    if (findings.length === 0) return { ok: true, document, stored, plan: planImport(document, stored) };
  }
  return { ok: false, problems: locateAll(findings) };
}

/**
 * What an import of this source would do, written nowhere: the answer to a dry run, and the check the API makes
 * before it opens the import's transaction (`dryRun: false`: a refused document then reads as a refused import).
 */
export async function previewImport(db: Queryable, source: ImportSource, dryRun = true): Promise<ImportReport> {
  const checked = await checkImport(db, source);
  if (!checked.ok) throw new ImportRefused(refusedReport(checked.problems, dryRun));
  return { valid: true, dryRun: true, programId: checked.stored.program?.id ?? null, problems: [], omittedProblems: 0, summary: summaryOf(checked.plan), changes: changesOf(checked.plan) };
}

/**
 * An import in the caller's transaction (which has recorded who acts, for the audit trail). Imports run one at a
 * time: two documents naming the same new agency would otherwise both plan to create it.
 */
export async function importInTransaction(tx: Transaction, source: ImportSource, progress: (done: number, total: number) => void = () => {}): Promise<ImportReport> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('plantrack:import', 0))`);
  const checked = await checkImport(tx, source);
  if (!checked.ok) throw new ImportRefused(refusedReport(checked.problems, false));
  const total = writesOf(checked.plan);
  let done = 0;
  progress(0, total);
  let programId: string;
  try {
    programId = await applyPlan(tx, checked.plan, checked.stored, () => progress(++done, total));
  } catch (error) {
    if (error instanceof WriteRefused) throw new ImportRefused(refusedReport([source.locate(error.finding)], false));
    throw error;
  }
  return { valid: true, dryRun: false, programId, problems: [], omittedProblems: 0, summary: summaryOf(checked.plan), changes: changesOf(checked.plan) };
}

/** Records a system actor (the command line) for the audit trail of this transaction, as the API records its caller. */
export async function actAs(tx: Transaction, name: string): Promise<void> {
  await tx.execute(sql`select set_config('plantrack.actor', ${JSON.stringify({ type: 'system', id: null, name, agencyId: null })}, true),
    set_config('plantrack.operation_id', 'importProgram', true)`);
}
