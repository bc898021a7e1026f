// What an import will do: for every record of a (valid) document, the row it asks for and whether that row is to be
// created, updated (and which fields) or is already as asked. Comparing before writing is what makes a re-import of
// the same document change nothing at all: no row is touched, so updated_at and the audit trail stay still.
//
// A field left out of the document means "none" (null, false, or for positions the order of the list), except the
// fields other workflows own, which are kept as stored when left out: the program's reporting settings and a task's
// status, progress and completion date.
import { storedDeadlineYears } from '../domain/deadlines.js';
import type { ProgramDocument } from './document.js';
import {
  changedFields,
  supporterKey,
  type AgencyGroupRecord,
  type AgencyRecord,
  type IndicatorRecord,
  type ProgramRecord,
  type Stored,
  type StoredState,
  type TaskGroupRecord,
  type TaskRecord,
} from './records.js';
import type { EntityKind, ImportChange, ImportSummary } from './report.js';

export interface PlannedRow<R> {
  code: string;
  /** Where the record is in the document (write-time problems are reported there). */
  pointer: string;
  action: 'create' | 'update' | 'unchanged';
  wanted: R;
  stored: Stored<R> | undefined;
  /** For an update, the fields that change. */
  fields: string[];
}

export interface ImportPlan {
  agencies: PlannedRow<AgencyRecord>[];
  agencyGroups: PlannedRow<AgencyGroupRecord>[];
  program: PlannedRow<ProgramRecord>;
  taskGroups: PlannedRow<TaskGroupRecord>[];
  indicators: PlannedRow<IndicatorRecord>[];
  tasks: PlannedRow<TaskRecord>[];
}

function planned<R extends object>(code: string, pointer: string, wanted: R, stored: Stored<R> | undefined): PlannedRow<R> {
  if (!stored) return { code, pointer, action: 'create', wanted, stored, fields: [] };
  const fields = changedFields(wanted, stored);
  return { code, pointer, action: fields.length ? 'update' : 'unchanged', wanted, stored, fields };
}

const orNull = <T>(value: T | undefined): T | null => value ?? null;

export function planImport(document: ProgramDocument, stored: StoredState): ImportPlan {
  const p = document.program;
  const program = planned<ProgramRecord>(
    p.code,
    '/program',
    {
      title: p.title,
      resolution: orNull(p.resolution),
      issuedOn: orNull(p.issuedOn),
      startYear: p.startYear,
      endYear: p.endYear,
      signedBy: orNull(p.signedBy),
      summary: orNull(p.summary),
      issuerCode: orNull(p.issuerCode),
      coordinatorCode: orNull(p.coordinatorCode),
      reportingPeriodKinds: p.reportingPeriodKinds ?? stored.program?.reportingPeriodKinds ?? ['annual'],
      reportDeadlineWorkingDays: p.reportDeadlineWorkingDays ?? stored.program?.reportDeadlineWorkingDays ?? 5,
    },
    stored.program,
  );

  return {
    agencies: document.agencies.map((a, i) =>
      planned<AgencyRecord>(a.code, `/agencies/${i}`, { name: a.name, shortName: orNull(a.shortName), kind: a.kind, parentCode: orNull(a.parentCode), validFrom: orNull(a.validFrom) }, stored.agencies.get(a.code)),
    ),
    agencyGroups: document.agencyGroups.map((g, i) =>
      planned<AgencyGroupRecord>(g.code, `/agencyGroups/${i}`, { name: g.name, description: orNull(g.description), memberCodes: [...g.memberCodes].sort() }, stored.agencyGroups.get(g.code)),
    ),
    program,
    taskGroups: document.taskGroups.map((g, i) =>
      planned<TaskGroupRecord>(
        g.code,
        `/taskGroups/${i}`,
        { title: g.title, position: g.position ?? i + 1, appendixSection: orNull(g.appendixSection), appendixTitle: orNull(g.appendixTitle) },
        stored.taskGroups.get(g.code),
      ),
    ),
    indicators: document.indicators.map((x, i) =>
      planned<IndicatorRecord>(
        x.code,
        `/indicators/${i}`,
        {
          parentCode: orNull(x.parentCode),
          position: x.position ?? i + 1,
          category: x.category,
          name: x.name,
          unit: orNull(x.unit),
          direction: x.direction,
          targetComparator: orNull(x.target?.comparator),
          targetLower: orNull(x.target?.lower),
          targetUpper: orNull(x.target?.upper),
          targetText: orNull(x.target?.text),
          basis: orNull(x.basis),
          targetYear: orNull(x.targetYear),
          baselineValue: orNull(x.baseline?.value),
          baselineYear: orNull(x.baseline?.year),
          responsibleAgencyCode: orNull(x.responsibleAgencyCode),
          sourceText: orNull(x.sourceText),
          notes: orNull(x.notes),
        },
        stored.indicators.get(x.code),
      ),
    ),
    tasks: document.tasks.map((t, i) => {
      const before = stored.tasks.get(t.code);
      const { fromYear, toYear } = storedDeadlineYears(t.deadline, p);
      // Completing a task without saying how far it got means it got all the way, as PATCH /v1/tasks does.
      const completes = t.status === 'completed' && before?.status !== 'completed';
      return planned<TaskRecord>(
        t.code,
        `/tasks/${i}`,
        {
          groupCode: t.groupCode,
          title: t.title,
          kind: t.kind,
          leadAgencyCode: t.leadAgencyCode,
          supporters: t.supporters.map(supporterKey),
          supportingText: orNull(t.supportingText),
          deadlineKind: t.deadline.kind,
          deadlineFromYear: fromYear,
          deadlineToYear: toYear,
          deadlineText: orNull(t.deadline.text),
          isKey: t.isKey ?? false,
          status: t.status ?? before?.status ?? 'not_started',
          progress: t.progress ?? (completes ? 100 : (before?.progress ?? 0)),
          completedOn: t.status !== undefined ? orNull(t.completedOn) : (before?.completedOn ?? null),
        },
        before,
      );
    }),
  };
}

function counts(rows: PlannedRow<object>[]) {
  return {
    create: rows.filter((r) => r.action === 'create').length,
    update: rows.filter((r) => r.action === 'update').length,
    unchanged: rows.filter((r) => r.action === 'unchanged').length,
  };
}

export function summaryOf(plan: ImportPlan): ImportSummary {
  return {
    agencies: counts(plan.agencies),
    agencyGroups: counts(plan.agencyGroups),
    program: plan.program.action,
    taskGroups: counts(plan.taskGroups),
    indicators: counts(plan.indicators),
    tasks: counts(plan.tasks),
  };
}

/** Every row created or updated, in the order of writing. */
export function changesOf(plan: ImportPlan): ImportChange[] {
  const sections: [EntityKind, PlannedRow<object>[]][] = [
    ['agency', plan.agencies],
    ['agency_group', plan.agencyGroups],
    ['program', [plan.program]],
    ['task_group', plan.taskGroups],
    ['indicator', plan.indicators],
    ['task', plan.tasks],
  ];
  return sections.flatMap(([entity, rows]) =>
    rows.filter((r) => r.action !== 'unchanged').map((r) => ({ entity, code: r.code, action: r.action as 'create' | 'update', fields: r.fields })),
  );
}

/** Rows that will be written: the work a progress bar counts. */
export const writesOf = (plan: ImportPlan) => changesOf(plan).length;
