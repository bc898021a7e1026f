// The XLSX template both ways (exceljs): a program document written as a workbook of the sheets template.ts
// defines, and a workbook read back into the same document, every value's cell remembered so that each problem found
// later in the document is reported at its sheet, row and column. Reading the workbook the service wrote gives back
// the document it was written from.
import ExcelJS from 'exceljs';
import type { ProgramDocument } from './document.js';
import type { ImportProblem } from './report.js';
import { describeBytes, type Finding, type ImportSource } from './source.js';
import { templateSheets, type Section, type TemplateColumn, type TemplateSheet } from './template.js';

/** Most bytes a workbook may unpack to: a zip of a few MB can hold gigabytes of XML (a "zip bomb"). */
const maxUnpackedBytes = 200 * 1024 * 1024;
/** Rows of the template that offer the drop-down lists of allowed values. */
const validatedRows = 2000;

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * Text as a workbook keeps it. XML turns a carriage return into a line feed on reading and cannot hold U+FFFE, U+FFFF
 * or control characters at all, so OOXML writes such a character as `_xHHHH_` (and a literal `_xHHHH_` with its
 * underscore escaped); readers, exceljs included, decode it. Without this, `a\r\nb` would come back as `a\nb`.
 */
const escapeText = (text: string) =>
  text.replace(/_(?=x[0-9A-Fa-f]{4}_)|[^\P{Cc}\t\n]|[\uFFFE\uFFFF]/gu, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);

function cellText(value: unknown, type: TemplateColumn['type']): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (type === 'codes' || type === 'enums') return escapeText((value as string[]).join(', '));
  if (type === 'supporters') return escapeText((value as { agencyCode?: string; groupCode?: string }[]).map((s) => (s.agencyCode !== undefined ? `agency:${s.agencyCode}` : `group:${s.groupCode}`)).join(', '));
  return typeof value === 'string' ? escapeText(value) : (value as ExcelJS.CellValue);
}

const valueAt = (record: unknown, field: string): unknown => field.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], record);

function recordsOf(document: ProgramDocument | null, section: Section): unknown[] {
  if (!document) return [];
  return section === 'program' ? [document.program] : document[section];
}

/** Text-like columns are formatted as text, so Excel keeps `01` as typed instead of turning it into the number 1. */
const textual = (type: TemplateColumn['type']) => !['integer', 'decimal', 'boolean'].includes(type);

function describeColumn(c: TemplateColumn): string {
  return `${c.description}${c.required ? ' Required.' : ''}${c.values ? `\nAllowed: ${c.values.join(', ')}.` : ''}`;
}

/** The template: empty (headers, notes and drop-down lists), or filled with a program document. */
export async function workbookFromDocument(document: ProgramDocument | null): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'plantrack';
  workbook.title = document ? `Program ${document.program.code}` : 'Program import template';
  workbook.subject = 'plantrack program document (formatVersion 1); see docs/imports.md';
  for (const spec of templateSheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.header, width: c.width, ...(textual(c.type) ? { style: { numFmt: '@' } } : {}) }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    spec.columns.forEach((c, i) => {
      header.getCell(i + 1).note = describeColumn(c);
    });
    const records = recordsOf(document, spec.section);
    for (const record of records) sheet.addRow(spec.columns.map((c) => cellText(valueAt(record, c.field), c.type)));
    const lastRow = Math.max(validatedRows, records.length + 1);
    spec.columns.forEach((c, i) => {
      if (!c.values || c.type === 'enums') return;
      const letter = sheet.getColumn(i + 1).letter;
      // exceljs writes a range validation as one entry; its typings leave `dataValidations` out.
      (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.values.join(',')}"`],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `One of: ${c.values.join(', ')}`,
      });
    });
  }
  const guide = workbook.addWorksheet('Guide', { views: [{ state: 'frozen', ySplit: 1 }] });
  guide.columns = [
    { header: 'sheet', width: 14 },
    { header: 'column', width: 24 },
    { header: 'required', width: 9 },
    { header: 'description', width: 90 },
    { header: 'allowed values', width: 60 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const spec of templateSheets) {
    guide.addRow([spec.name, '', '', spec.description, '']).font = { italic: true };
    for (const c of spec.columns) guide.addRow([spec.name, c.header, c.required ? 'yes' : '', c.description, c.values?.join(', ') ?? '']);
  }
  guide.addRow([]);
  guide.addRow(['', '', '', 'This sheet is not read. Row 1 of every other sheet holds the column names; data starts on row 2. See docs/imports.md.']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

interface Location {
  sheet: string;
  row?: number;
  column?: string;
  cell?: string;
}

/** Bytes the zip's central directory says its files unpack to; undefined when it is no readable zip. */
function unpackedSize(bytes: Buffer): number | undefined {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), Math.max(0, bytes.length - 22));
  if (end < 0 || end + 22 > bytes.length) return undefined;
  const entries = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return undefined;
    const size = bytes.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return Infinity; // ZIP64: far beyond any template
    total += size;
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return total;
}

type Cell = { kind: 'empty' } | { kind: 'text'; text: string } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'date'; value: Date } | { kind: 'error'; text: string };

/** What a cell holds, whatever exceljs made of it (rich text, a formula's result, a hyperlink's text). */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'string') return value.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) return { kind: 'date', value };
  if ('richText' in value) return cellOf(value.richText.map((part) => part.text).join(''));
  if ('error' in value) return { kind: 'error', text: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return { kind: 'error', text: 'a formula without a computed value (open and save the file in a spreadsheet program)' };
    if (result !== null && typeof result === 'object' && 'error' in result) return { kind: 'error', text: String((result as { error: unknown }).error) };
    return cellOf(result as ExcelJS.CellValue);
  }
  if ('text' in value) return cellOf(typeof value.text === 'string' ? value.text : (value.text as { richText: { text: string }[] }).richText.map((p) => p.text).join(''));
  return { kind: 'error', text: 'a value of an unknown kind' };
}

const describeCell = (cell: Cell): string =>
  cell.kind === 'text' ? `the text "${[...cell.text].length > 40 ? `${[...cell.text].slice(0, 40).join('')}…` : cell.text}"`
  : cell.kind === 'number' ? `the number ${cell.value}`
  : cell.kind === 'boolean' ? `the boolean ${cell.value ? 'TRUE' : 'FALSE'}`
  : cell.kind === 'date' ? 'a date'
  : cell.kind === 'error' ? cell.text
  : 'empty';

/** Splits a list cell (`a, b` or one per line). */
const splitList = (text: string) => text.split(/[,;\n]/).map((item) => item.trim()).filter((item) => item !== '');

/** A cell's value for the document, or a message saying why it has none. */
function convert(cell: Cell, c: TemplateColumn): { value: unknown } | { problem: string } {
  const wrong = (expected: string) => ({ problem: `holds ${describeCell(cell)}; expected ${expected}.` });
  if (cell.kind === 'error') return { problem: `holds ${cell.text}.` };
  switch (c.type) {
    case 'code':
    case 'text':
    case 'enum':
      if (cell.kind === 'text') return { value: c.type === 'text' ? cell.text : cell.text.trim() };
      if (cell.kind === 'number') return { value: String(cell.value) };
      return wrong(c.type === 'enum' ? `one of ${c.values!.join(', ')}` : 'text');
    case 'integer':
      if (cell.kind === 'number' && Number.isInteger(cell.value)) return { value: cell.value };
      if (cell.kind === 'text' && /^\s*-?\d{1,9}\s*$/.test(cell.text)) return { value: Number(cell.text) };
      return wrong('a whole number');
    case 'decimal':
      if (cell.kind === 'number') return { value: cell.value };
      if (cell.kind === 'text' && /^\s*-?\d+(\.\d+)?\s*$/.test(cell.text)) return { value: Number(cell.text) };
      return wrong(`a number${cell.kind === 'text' && /\d,\d/.test(cell.text) ? ' (with a decimal point: 7.5, not 7,5)' : ''}`);
    case 'date':
      if (cell.kind === 'date') return { value: cell.value.toISOString().slice(0, 10) };
      if (cell.kind === 'text' && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(cell.text)) return { value: cell.text.trim() };
      return wrong('a date written YYYY-MM-DD');
    case 'boolean':
      if (cell.kind === 'boolean') return { value: cell.value };
      if (cell.kind === 'text' && /^\s*(true|false)\s*$/i.test(cell.text)) return { value: /true/i.test(cell.text) };
      return wrong('TRUE or FALSE');
    case 'codes':
    case 'enums':
      if (cell.kind === 'text') return { value: splitList(cell.text) };
      if (cell.kind === 'number') return { value: [String(cell.value)] };
      return wrong('a comma-separated list');
    case 'supporters': {
      if (cell.kind !== 'text') return wrong('a comma-separated list of agency:CODE and group:CODE');
      const supporters: { agencyCode?: string; groupCode?: string }[] = [];
      for (const item of splitList(cell.text)) {
        const match = /^(agency|group)\s*:\s*(.+)$/i.exec(item);
        if (!match) return { problem: `"${item}" is not agency:CODE or group:CODE.` };
        supporters.push(match[1]!.toLowerCase() === 'agency' ? { agencyCode: match[2]! } : { groupCode: match[2]! });
      }
      return { value: supporters };
    }
  }
}

function setAt(record: Record<string, unknown>, field: string, value: unknown): void {
  const keys = field.split('/');
  let node = record;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

/** Where problems of a whole nested object are shown: the target at its comparator, a deadline at its kind. */
const objectAnchors: Record<string, string> = { target: 'targetComparator', baseline: 'baselineValue', deadline: 'deadlineKind' };

interface SheetRead {
  records: Record<string, unknown>[];
  problems: ImportProblem[];
}

function readSheet(sheet: ExcelJS.Worksheet, spec: TemplateSheet, locations: Map<string, Location>, findings: Finding[], reported: Set<string>): SheetRead {
  const problems: ImportProblem[] = [];
  const header = sheet.getRow(1);
  const indexOf = new Map<string, number>();
  const known = new Set(spec.columns.map((c) => c.header));
  for (let i = 1; i <= Math.max(header.cellCount, sheet.columnCount); i++) {
    const cell = cellOf(header.getCell(i).value);
    if (cell.kind === 'empty') continue;
    const name = cell.kind === 'text' ? cell.text.trim() : describeCell(cell);
    const address = header.getCell(i).address;
    if (!known.has(name)) {
      const near = spec.columns.find((c) => c.header.toLowerCase() === name.toLowerCase());
      problems.push({ sheet: spec.name, row: 1, cell: address, message: `Unknown column "${name}"${near ? ` (the column is named "${near.header}")` : ''}; the columns of ${spec.name} are ${[...known].join(', ')}.` });
    } else if (indexOf.has(name)) {
      problems.push({ sheet: spec.name, row: 1, column: name, cell: address, message: `The column "${name}" appears twice.` });
    } else {
      indexOf.set(name, i);
    }
  }
  for (const c of spec.columns) {
    if (!indexOf.has(c.header)) problems.push({ sheet: spec.name, row: 1, column: c.header, message: `The column "${c.header}" is missing (row 1 holds the column names).` });
  }
  if (problems.length > 0) return { records: [], problems };

  const records: Record<string, unknown>[] = [];
  const base = (index: number) => (spec.section === 'program' ? '/program' : `/${spec.section}/${index}`);
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = spec.columns.map((c) => ({ c, cell: cellOf(row.getCell(indexOf.get(c.header)!).value), address: row.getCell(indexOf.get(c.header)!).address }));
    if (cells.every(({ cell }) => cell.kind === 'empty')) continue;
    const index = records.length;
    if (spec.section === 'program' && index > 0) {
      problems.push({ sheet: spec.name, row: r, message: 'A workbook holds one program: only row 2 of the Program sheet is read; remove this row.' });
      continue;
    }
    const pointer = base(index);
    locations.set(pointer, { sheet: spec.name, row: r });
    const record: Record<string, unknown> = {};
    for (const { c, cell, address } of cells) {
      const at = `${pointer}/${c.field}`;
      locations.set(at, { sheet: spec.name, row: r, column: c.header, cell: address });
      const [object] = c.field.split('/');
      if (c.field.includes('/') && objectAnchors[object!] === c.header) locations.set(`${pointer}/${object}`, { sheet: spec.name, row: r, column: c.header, cell: address });
      if (cell.kind === 'empty') continue;
      const converted = convert(cell, c);
      if ('problem' in converted) {
        findings.push({ pointer: at, message: converted.problem });
        reported.add(at);
      } else {
        setAt(record, c.field, converted.value);
      }
    }
    // A task always has a deadline and supporters, even when their cells are empty.
    if (spec.section === 'tasks') {
      record.deadline ??= {};
      record.supporters ??= [];
    }
    if (spec.section === 'agencyGroups') record.memberCodes ??= [];
    records.push(record);
  }
  if (spec.section === 'program' && records.length === 0) problems.push({ sheet: spec.name, row: 2, message: 'The Program sheet has no program: fill in row 2.' });
  return { records, problems };
}

function locator(locations: Map<string, Location>) {
  return (finding: Finding): ImportProblem => {
    for (let pointer = finding.pointer; ; pointer = pointer.slice(0, pointer.lastIndexOf('/'))) {
      const found = locations.get(pointer);
      if (found) return { ...found, message: finding.message };
      const section = /^\/([A-Za-z]+)$/.exec(pointer)?.[1];
      const sheet = templateSheets.find((s) => s.section === section);
      if (sheet) return { sheet: sheet.name, message: finding.message };
      if (pointer === '') return { message: finding.message };
    }
  };
}

/** Reads a filled-in template into a program document, each value's cell remembered for the problems found later. */
export async function readWorkbook(bytes: Buffer): Promise<ImportSource> {
  const refused = (message: string): ImportSource => ({ format: 'xlsx', input: undefined, fileProblems: [{ message }], findings: [], reported: new Set(), locate: (f) => ({ message: f.message }) });
  const kind = describeBytes(bytes);
  if (kind === 'empty') return refused('The file is empty: send an XLSX workbook (GET /v1/import-template gives one to fill in).');
  if (!kind?.startsWith('a zip file')) return refused(`The file is not an XLSX workbook: it is ${kind ?? 'binary data of an unknown kind'}.${kind === 'JSON text' ? ' Send a program document with Content-Type application/json.' : ' Save it as an Excel workbook (.xlsx).'}`);
  const unpacked = unpackedSize(bytes);
  if (unpacked === undefined) return refused('The file is not an XLSX workbook: it starts like a zip file but its directory cannot be read (truncated or damaged).');
  if (unpacked > maxUnpackedBytes) return refused(`The workbook unpacks to more than ${maxUnpackedBytes / 1024 / 1024} MB; split the program or remove what is not part of the template.`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return refused(`The file cannot be read as an XLSX workbook: ${(error as Error).message}.`);
  }
  const problems: ImportProblem[] = [];
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const locations = new Map<string, Location>();
  const read: Partial<Record<Section, Record<string, unknown>[]>> = {};
  const names = workbook.worksheets.map((s) => s.name);
  for (const spec of templateSheets) {
    const sheet = workbook.getWorksheet(spec.name);
    if (!sheet) {
      const near = names.find((n) => n.trim().toLowerCase() === spec.name.toLowerCase());
      problems.push({ sheet: spec.name, message: `The workbook has no sheet "${spec.name}"${near ? ` (there is "${near}": rename it)` : ''}; its sheets are ${names.map((n) => `"${n}"`).join(', ') || 'none'}.` });
      continue;
    }
    const result = readSheet(sheet, spec, locations, findings, reported);
    problems.push(...result.problems);
    read[spec.section] = result.records;
  }
  const input =
    problems.length > 0
      ? undefined
      : { formatVersion: 1, program: read.program![0], agencies: read.agencies, agencyGroups: read.agencyGroups, taskGroups: read.taskGroups, indicators: read.indicators, tasks: read.tasks };
  return { format: 'xlsx', input, fileProblems: problems, findings, reported, locate: locator(locations) };
}
