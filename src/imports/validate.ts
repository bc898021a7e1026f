// Checks a program document completely before anything is written, and reports every problem, not the first: the
// schema (every violation, at its JSON Pointer), then the rules across records — codes repeated within the document,
// references to codes that exist neither in the document nor in the database, parent cycles — and the rules the
// database's CHECK constraints enforce (src/db/schema/program.ts), mirrored here so that they are all listed rather
// than failing one at a time on write. Records the schema already refused are left out of the second stage, but
// their codes still count as known, so that one bad record does not make its references look unknown too.
import { storedDeadlineYears } from '../domain/deadlines.js';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppendixSection, Code, DateString, Text } from '../http/schemas.js';
import { ProgramDocument } from './document.js';
import type { StoredState } from './records.js';
import type { Finding } from './source.js';

let compiled: ValidateFunction | undefined;

/** The same validator settings as request bodies (src/app.ts): every error, no coercion, nothing dropped. */
function documentValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv.default({ allErrors: true, removeAdditional: false, useDefaults: false, coerceTypes: false, strict: false });
    addFormats.default(ajv);
    const { $id: _id, ...schema } = ProgramDocument as unknown as Record<string, unknown>;
    compiled = ajv.compile(schema);
  }
  return compiled;
}

const patternOf = (schema: unknown) => String((schema as { pattern?: string }).pattern);
const patternMessages = new Map<string, string>([
  [patternOf(Code('')), 'must be a code: not blank, no spaces at either end, no control characters'],
  [patternOf(Text(1)), 'must hold visible text, with no control characters other than tab and line breaks'],
  [patternOf(DateString()), 'must be a date from 1900 to 2200'],
  [patternOf(AppendixSection('')), 'must be a roman numeral (I, II, … VIII)'],
]);

const escape = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function finding(error: ErrorObject): Finding {
  let pointer = error.instancePath;
  let message = error.message ?? 'is not valid';
  switch (error.keyword) {
    case 'required':
      pointer += `/${escape(String(error.params.missingProperty))}`;
      message = 'is required';
      break;
    case 'additionalProperties':
      pointer += `/${escape(String(error.params.additionalProperty))}`;
      message = 'is not a known field';
      break;
    case 'enum':
      message = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
      break;
    case 'pattern':
      message = patternMessages.get(String(error.params.pattern)) ?? message;
      break;
    case 'format':
      message = error.params.format === 'date' ? 'must be a date written YYYY-MM-DD' : message;
      break;
    case 'minLength':
      message = Number(error.params.limit) === 1 ? 'must not be empty' : message;
      break;
    case 'minProperties':
    case 'maxProperties':
      message = 'must name exactly one of agencyCode or groupCode';
      break;
    case 'uniqueItems': {
      const [first, again] = [Number(error.params.j), Number(error.params.i)].sort((a, b) => a - b);
      pointer += `/${again}`;
      message = `repeats item ${first}`;
      break;
    }
  }
  return { pointer, message };
}

export interface SchemaCheck {
  findings: Finding[];
  /** Records the schema refused: `program`, or `tasks/3`. */
  broken: Set<string>;
  /** The document's outline is wrong (not an object, a list missing or of the wrong type, another formatVersion). */
  structural: boolean;
}

/** Every string of the document that is not well-formed text (an unpaired surrogate); iterative: documents may nest deep. */
function illFormedStrings(input: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length > 0 && found.length < 100) {
    const [value, pointer] = stack.pop()!;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) found.push(pointer);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) stack.push([item, `${pointer}/${escape(key)}`]);
    }
  }
  return found.reverse();
}

/** The schema's verdict on the input: one finding per field at fault (several broken rules of one field joined). */
export function checkSchema(input: unknown): SchemaCheck {
  const validate = documentValidator();
  const broken = new Set<string>();
  let structural = false;
  const byPointer = new Map<string, Finding>();
  const note = (pointer: string, message: string, instancePath: string, keyword: string) => {
    const known = byPointer.get(pointer);
    if (known) {
      if (!known.message.includes(message)) known.message = `${known.message}; ${message}`;
    } else {
      byPointer.set(pointer, { pointer, message });
    }
    const [section, index] = instancePath.split('/').slice(1);
    if (section === undefined) structural ||= keyword !== 'additionalProperties';
    else if (section === 'program') broken.add('program');
    else if (index === undefined) structural = true;
    else broken.add(`${section}/${index}`);
  };
  if (!validate(input)) for (const error of validate.errors ?? []) {
    const { pointer, message } = finding(error);
    note(pointer, message, error.instancePath, error.keyword);
  }
  for (const pointer of illFormedStrings(input)) note(pointer, 'holds an unpaired surrogate (\\uD800-\\uDFFF): it is not text', pointer.split('/').slice(0, 3).join('/'), 'text');
  return { findings: [...byPointer.values()], broken, structural };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules across records

/** Says where another record is, in the author's terms (`/tasks/2`, or `Tasks row 4`). */
export type Where = (pointer: string) => string;

/** A record's code, even of a record the schema refused (which may not even be an object). */
const codeOf = (item: unknown): string | undefined => {
  const code = item !== null && typeof item === 'object' ? (item as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};
/** A record's parent code: null for none, undefined when the record is not usable. */
const parentCodeOf = (item: unknown): string | null | undefined => {
  const parent = item !== null && typeof item === 'object' ? (item as { parentCode?: unknown }).parentCode : undefined;
  return typeof parent === 'string' ? parent : parent === undefined ? null : undefined;
};

/** Codes of the records of a list, first occurrence first; repeats reported. */
function codesOf(items: readonly unknown[], section: string, findings: Finding[], where: Where, what: string): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const code = codeOf(item);
    if (code === undefined) return;
    const earlier = first.get(code);
    if (earlier === undefined) first.set(code, i);
    else findings.push({ pointer: `/${section}/${i}/code`, message: `repeats the code ${code} of ${where(`/${section}/${earlier}`)}: ${what} codes are unique` });
  });
  return new Set(first.keys());
}

/** Follows parent links from `start`; returns the cycle it runs into through `start` (codes in order), if any. */
function cycleThrough(start: string, parentOf: (code: string) => string | null | undefined): string[] | undefined {
  const path = [start];
  const seen = new Set(path);
  for (let code = parentOf(start); code !== null && code !== undefined; code = parentOf(code)) {
    if (code === start) return [...path, start];
    if (seen.has(code)) return undefined; // a cycle further up, reported at its own members
    seen.add(code);
    path.push(code);
  }
  return undefined;
}


/**
 * The rules across records and those of the database's CHECK constraints, on the records the schema accepted (the
 * program's own rules only when the schema accepted the program).
 */
export function checkReferences(document: ProgramDocument, stored: StoredState, broken: Set<string>, where: Where): Finding[] {
  const findings: Finding[] = [];
  const add = (pointer: string, message: string) => findings.push({ pointer, message });
  const ok = (section: string, i: number) => !broken.has(`${section}/${i}`);

  const documentAgencies = codesOf(document.agencies, 'agencies', findings, where, 'agency');
  const documentGroups = codesOf(document.agencyGroups, 'agencyGroups', findings, where, 'agency group');
  const documentTaskGroups = codesOf(document.taskGroups, 'taskGroups', findings, where, 'task group');
  const documentIndicators = codesOf(document.indicators, 'indicators', findings, where, 'indicator');
  codesOf(document.tasks, 'tasks', findings, where, 'task');

  const agencyKnown = (code: string) => documentAgencies.has(code) || stored.agencies.has(code);
  const unknownAgency = (pointer: string, code: string) => {
    if (!agencyKnown(code)) add(pointer, `names the agency ${code}, which is neither in the document's agencies nor in the service`);
  };

  // Agencies: parents known, not themselves, no cycles once the document's parents replace the stored ones.
  const agencyParent = new Map<string, string | null | undefined>([...stored.agencies].map(([code, a]) => [code, a.parentCode]));
  for (const a of document.agencies) {
    const code = codeOf(a);
    if (code !== undefined) agencyParent.set(code, parentCodeOf(a));
  }
  document.agencies.forEach((a, i) => {
    if (!ok('agencies', i)) return;
    const pointer = `/agencies/${i}`;
    if (a.parentCode === a.code) add(`${pointer}/parentCode`, 'is the agency itself: an agency cannot be its own parent');
    else if (a.parentCode !== undefined) unknownAgency(`${pointer}/parentCode`, a.parentCode);
    const cycle = a.parentCode !== a.code ? cycleThrough(a.code, (code) => agencyParent.get(code)) : undefined;
    if (cycle) add(`${pointer}/parentCode`, `makes a cycle of parents: ${cycle.join(' → ')}`);
    const validTo = stored.agencies.get(a.code)?.validTo;
    if (a.validFrom !== undefined && validTo && a.validFrom > validTo) {
      add(`${pointer}/validFrom`, `is after ${validTo}, the last day of the agency (ended by a lineage event): validFrom must not be after it`);
    }
  });

  document.agencyGroups.forEach((g, i) => {
    if (ok('agencyGroups', i)) g.memberCodes.forEach((code, k) => unknownAgency(`/agencyGroups/${i}/memberCodes/${k}`, code));
  });

  const program = document.program;
  if (!broken.has('program')) {
    if (program.startYear > program.endYear) add('/program/endYear', `is before startYear (${program.startYear})`);
    if (program.issuerCode !== undefined) unknownAgency('/program/issuerCode', program.issuerCode);
    if (program.coordinatorCode !== undefined) unknownAgency('/program/coordinatorCode', program.coordinatorCode);
  }
  // An annual deadline's years default to the program's: unknown while the program's years are themselves refused.
  const years = Number.isInteger(program.startYear) && Number.isInteger(program.endYear) ? program : undefined;

  // Task groups: an appendix section belongs to one group of the program.
  const sectionHolder = new Map<string, string>();
  for (const [code, g] of stored.taskGroups) if (g.appendixSection !== null && !documentTaskGroups.has(code)) sectionHolder.set(g.appendixSection, `task group ${code} of the program (not in this document)`);
  document.taskGroups.forEach((g, i) => {
    if (!ok('taskGroups', i) || g.appendixSection === undefined) return;
    const holder = sectionHolder.get(g.appendixSection);
    if (holder) add(`/taskGroups/${i}/appendixSection`, `appendix section ${g.appendixSection} already belongs to ${holder}: sections are unique within a program`);
    else sectionHolder.set(g.appendixSection, where(`/taskGroups/${i}`));
  });

  // Indicators: parents in the same program, no cycles; targets shaped as the database requires.
  const indicatorKnown = (code: string) => documentIndicators.has(code) || stored.indicators.has(code);
  const indicatorParent = new Map<string, string | null | undefined>([...stored.indicators].map(([code, x]) => [code, x.parentCode]));
  for (const x of document.indicators) {
    const code = codeOf(x);
    if (code !== undefined) indicatorParent.set(code, parentCodeOf(x));
  }
  document.indicators.forEach((x, i) => {
    if (!ok('indicators', i)) return;
    const pointer = `/indicators/${i}`;
    if (x.parentCode === x.code) add(`${pointer}/parentCode`, 'is the indicator itself: an indicator cannot be its own parent');
    else if (x.parentCode !== undefined && !indicatorKnown(x.parentCode)) add(`${pointer}/parentCode`, `names the indicator ${x.parentCode}, which is neither in the document nor in the program`);
    const cycle = x.parentCode !== x.code ? cycleThrough(x.code, (code) => indicatorParent.get(code)) : undefined;
    if (cycle) add(`${pointer}/parentCode`, `makes a cycle of parents: ${cycle.join(' → ')}`);
    if (x.responsibleAgencyCode !== undefined) unknownAgency(`${pointer}/responsibleAgencyCode`, x.responsibleAgencyCode);
    checkTarget(x, pointer, add);
  });

  // Tasks: references known, supporters listed once, deadline and completion shaped as the database requires.
  const taskGroupKnown = (code: string) => documentTaskGroups.has(code) || stored.taskGroups.has(code);
  const groupKnown = (code: string) => documentGroups.has(code) || stored.agencyGroups.has(code);
  document.tasks.forEach((t, i) => {
    if (!ok('tasks', i)) return;
    const pointer = `/tasks/${i}`;
    if (!taskGroupKnown(t.groupCode)) add(`${pointer}/groupCode`, `names the task group ${t.groupCode}, which is neither in the document nor in the program`);
    unknownAgency(`${pointer}/leadAgencyCode`, t.leadAgencyCode);
    const seen = new Map<string, number>();
    t.supporters.forEach((s, k) => {
      const at = `${pointer}/supporters/${k}`;
      if (s.agencyCode !== undefined) unknownAgency(`${at}/agencyCode`, s.agencyCode);
      if (s.groupCode !== undefined && !groupKnown(s.groupCode)) add(`${at}/groupCode`, `names the agency group ${s.groupCode}, which is neither in the document's agency groups nor in the service`);
      const key = s.agencyCode !== undefined ? `agency ${s.agencyCode}` : `agency group ${s.groupCode}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) add(at, `repeats supporter ${earlier} (${key}): each supporter is listed once`);
      else seen.set(key, k);
    });
    checkDeadline(t.deadline, years, `${pointer}/deadline`, add);
    if (t.status === 'completed' && t.completedOn === undefined) add(`${pointer}/completedOn`, 'is required when status is completed');
    if (t.completedOn !== undefined && t.status !== 'completed') {
      add(`${pointer}/completedOn`, t.status === undefined ? 'needs status completed in the same record' : `must be left out: status is ${t.status}, not completed`);
    }
  });
  return findings;
}

type Add = (pointer: string, message: string) => void;

/** indicators_target_check, indicators_target_year_check. */
function checkTarget(x: ProgramDocument['indicators'][number], pointer: string, add: Add): void {
  const target = x.target;
  if (!target) {
    if (x.basis !== undefined) add(`${pointer}/basis`, 'must be left out: the indicator has no target');
    return;
  }
  if (x.basis === undefined) add(`${pointer}/basis`, 'is required with a target');
  if (x.basis === 'by_year' && x.targetYear === undefined) add(`${pointer}/targetYear`, 'is required when basis is by_year');
  const at = `${pointer}/target`;
  const needs = (bound: 'lower' | 'upper') => {
    if (target[bound] === undefined) add(`${at}/${bound}`, `is required for comparator ${target.comparator}`);
  };
  const refuses = (bound: 'lower' | 'upper') => {
    if (target[bound] !== undefined) add(`${at}/${bound}`, `must be left out for comparator ${target.comparator}`);
  };
  switch (target.comparator) {
    case 'between':
      needs('lower');
      needs('upper');
      if (target.lower !== undefined && target.upper !== undefined && target.lower > target.upper) add(at, `lower (${target.lower}) must not be above upper (${target.upper})`);
      break;
    case 'gte':
    case 'gt':
      needs('lower');
      refuses('upper');
      break;
    case 'lte':
    case 'lt':
      needs('upper');
      refuses('lower');
      break;
    case 'eq':
      needs('lower');
      needs('upper');
      if (target.lower !== undefined && target.upper !== undefined && target.lower !== target.upper) add(at, `eq needs lower = upper (${target.lower} ≠ ${target.upper})`);
      break;
  }
}

/** tasks_deadline_years_check, after the defaults of storedDeadlineYears (what will be stored). */
function checkDeadline(deadline: ProgramDocument['tasks'][number]['deadline'], program: { startYear: number; endYear: number } | undefined, pointer: string, add: Add): void {
  if (deadline.kind === 'annually' && !program) return;
  const { fromYear, toYear } = storedDeadlineYears(deadline, program ?? { startYear: 0, endYear: 0 });
  switch (deadline.kind) {
    case 'year':
      if (fromYear === null) add(`${pointer}/fromYear`, 'is required for a year deadline');
      else if (toYear !== fromYear) add(`${pointer}/toYear`, `must equal fromYear (${fromYear}) for a year deadline, or be left out`);
      break;
    case 'year_range':
      if (fromYear === null) add(`${pointer}/fromYear`, 'is required for a year_range deadline');
      if (toYear === null) add(`${pointer}/toYear`, 'is required for a year_range deadline');
      if (fromYear !== null && toYear !== null && toYear <= fromYear) add(`${pointer}/toYear`, `must be after fromYear (${fromYear}) for a year_range deadline (a single year is kind year)`);
      break;
    case 'annually':
      if (fromYear !== null && toYear !== null && toYear < fromYear) add(`${pointer}/toYear`, `must not be before fromYear (${fromYear})`);
      break;
    case 'event':
      if (deadline.fromYear !== undefined) add(`${pointer}/fromYear`, 'must be left out: an event deadline has no year');
      if (deadline.toYear !== undefined) add(`${pointer}/toYear`, 'must be left out: an event deadline has no year');
      break;
  }
}
