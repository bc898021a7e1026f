// The rows an import compares and writes, in "code space": every reference is a natural code, as in the document, so
// that what the document asks for and what the database holds compare field by field without knowing ids. `loadStored`
// reads what the database holds for a document (all agencies and agency groups, and the program with its content).
import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/types.js';
import { agencies, agencyGroupMembers, agencyGroups, indicators, programs, taskGroups, tasks, taskSupporters } from '../db/schema/index.js';

export interface AgencyRecord {
  name: string;
  shortName: string | null;
  kind: string;
  parentCode: string | null;
  validFrom: string | null;
}

export interface AgencyGroupRecord {
  name: string;
  description: string | null;
  /** Sorted: membership has no order. */
  memberCodes: string[];
}

export interface ProgramRecord {
  title: string;
  resolution: string | null;
  issuedOn: string | null;
  startYear: number;
  endYear: number;
  signedBy: string | null;
  summary: string | null;
  issuerCode: string | null;
  coordinatorCode: string | null;
  reportingPeriodKinds: string[];
  reportDeadlineWorkingDays: number;
}

export interface TaskGroupRecord {
  title: string;
  position: number;
  appendixSection: string | null;
  appendixTitle: string | null;
}

export interface IndicatorRecord {
  parentCode: string | null;
  position: number;
  category: string;
  name: string;
  unit: string | null;
  direction: string;
  targetComparator: string | null;
  targetLower: number | null;
  targetUpper: number | null;
  targetText: string | null;
  basis: string | null;
  targetYear: number | null;
  baselineValue: number | null;
  baselineYear: number | null;
  responsibleAgencyCode: string | null;
  sourceText: string | null;
  notes: string | null;
}

export interface TaskRecord {
  groupCode: string;
  title: string;
  kind: string;
  leadAgencyCode: string;
  /** In order: `agency:CODE` or `group:CODE`. */
  supporters: string[];
  supportingText: string | null;
  deadlineKind: string;
  deadlineFromYear: number | null;
  deadlineToYear: number | null;
  deadlineText: string | null;
  isKey: boolean;
  status: string;
  progress: number;
  completedOn: string | null;
}

/** A stored row: its id and its record. */
export type Stored<R> = R & { id: string };

export interface StoredState {
  agencies: Map<string, Stored<AgencyRecord> & { validTo: string | null }>;
  agencyGroups: Map<string, Stored<AgencyGroupRecord>>;
  program: Stored<ProgramRecord> | undefined;
  taskGroups: Map<string, Stored<TaskGroupRecord>>;
  indicators: Map<string, Stored<IndicatorRecord>>;
  tasks: Map<string, Stored<TaskRecord>>;
}

/** The fields of `wanted` whose values differ from `stored` (lists compared item by item). */
export function changedFields<R extends object>(wanted: R, stored: R): string[] {
  return (Object.keys(wanted) as (keyof R & string)[]).filter((key) => {
    const a = wanted[key];
    const b = stored[key];
    if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length || a.some((item, i) => item !== b[i]);
    return a !== b;
  });
}

export const supporterKey = (s: { agencyCode?: string; groupCode?: string }) => (s.agencyCode !== undefined ? `agency:${s.agencyCode}` : `group:${s.groupCode}`);

/** What the database holds that a document with this program code can match or refer to. */
export async function loadStored(db: Queryable, programCode: string | undefined): Promise<StoredState> {
  const agencyRows = await db.select().from(agencies);
  const agencyCode = new Map(agencyRows.map((a) => [a.id, a.code]));
  const codeOf = (id: string | null) => (id === null ? null : (agencyCode.get(id) ?? null));
  const groupRows = await db.select().from(agencyGroups);
  const memberRows = await db.select().from(agencyGroupMembers);
  const membersOf = new Map<string, string[]>();
  for (const m of memberRows) (membersOf.get(m.groupId) ?? membersOf.set(m.groupId, []).get(m.groupId)!).push(agencyCode.get(m.agencyId)!);
  const groupCode = new Map(groupRows.map((g) => [g.id, g.code]));

  const state: StoredState = {
    agencies: new Map(
      agencyRows.map((a) => [a.code, { id: a.id, name: a.name, shortName: a.shortName, kind: a.kind, parentCode: codeOf(a.parentId), validFrom: a.validFrom, validTo: a.validTo }]),
    ),
    agencyGroups: new Map(groupRows.map((g) => [g.code, { id: g.id, name: g.name, description: g.description, memberCodes: (membersOf.get(g.id) ?? []).sort() }])),
    program: undefined,
    taskGroups: new Map(),
    indicators: new Map(),
    tasks: new Map(),
  };
  if (programCode === undefined) return state;
  const [program] = await db.select().from(programs).where(eq(programs.code, programCode));
  if (!program) return state;
  state.program = {
    id: program.id,
    title: program.title,
    resolution: program.resolution,
    issuedOn: program.issuedOn,
    startYear: program.startYear,
    endYear: program.endYear,
    signedBy: program.signedBy,
    summary: program.summary,
    issuerCode: codeOf(program.issuerAgencyId),
    coordinatorCode: codeOf(program.coordinatorAgencyId),
    reportingPeriodKinds: program.reportingPeriodKinds,
    reportDeadlineWorkingDays: program.reportDeadlineWorkingDays,
  };

  const groupRowsOfProgram = await db.select().from(taskGroups).where(eq(taskGroups.programId, program.id));
  const taskGroupCode = new Map(groupRowsOfProgram.map((g) => [g.id, g.code]));
  for (const g of groupRowsOfProgram) state.taskGroups.set(g.code, { id: g.id, title: g.title, position: g.position, appendixSection: g.appendixSection, appendixTitle: g.appendixTitle });

  const indicatorRows = await db.select().from(indicators).where(eq(indicators.programId, program.id));
  const indicatorCode = new Map(indicatorRows.map((i) => [i.id, i.code]));
  for (const i of indicatorRows) {
    state.indicators.set(i.code, {
      id: i.id,
      parentCode: i.parentId === null ? null : indicatorCode.get(i.parentId)!,
      position: i.position,
      category: i.category,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      targetComparator: i.targetComparator,
      targetLower: i.targetLower,
      targetUpper: i.targetUpper,
      targetText: i.targetText,
      basis: i.basis,
      targetYear: i.targetYear,
      baselineValue: i.baselineValue,
      baselineYear: i.baselineYear,
      responsibleAgencyCode: codeOf(i.responsibleAgencyId),
      sourceText: i.sourceText,
      notes: i.notes,
    });
  }

  const taskRows = await db.select().from(tasks).where(eq(tasks.programId, program.id));
  const supporterRows = taskRows.length
    ? await db.select().from(taskSupporters).where(inArray(taskSupporters.taskId, taskRows.map((t) => t.id))).orderBy(taskSupporters.taskId, taskSupporters.position)
    : [];
  const supportersOf = new Map<string, string[]>();
  for (const s of supporterRows) {
    const key = s.agencyId !== null ? `agency:${agencyCode.get(s.agencyId)}` : `group:${groupCode.get(s.agencyGroupId!)}`;
    (supportersOf.get(s.taskId) ?? supportersOf.set(s.taskId, []).get(s.taskId)!).push(key);
  }
  for (const t of taskRows) {
    state.tasks.set(t.code, {
      id: t.id,
      groupCode: taskGroupCode.get(t.groupId)!,
      title: t.title,
      kind: t.kind,
      leadAgencyCode: agencyCode.get(t.leadAgencyId)!,
      supporters: supportersOf.get(t.id) ?? [],
      supportingText: t.supportingText,
      deadlineKind: t.deadlineKind,
      deadlineFromYear: t.deadlineFromYear,
      deadlineToYear: t.deadlineToYear,
      deadlineText: t.deadlineText,
      isKey: t.isKey,
      status: t.status,
      progress: t.progress,
      completedOn: t.completedOn,
    });
  }
  return state;
}
