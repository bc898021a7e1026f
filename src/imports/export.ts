// A program as a program document: what `GET /v1/programs/{id}/document` answers and the filled-in XLSX template
// holds. It names every agency and agency group the program uses (with the parents of those agencies), so that
// importing it into an empty database gives the same program. Fields without a value are left out.
import { eq } from 'drizzle-orm';
import { programs } from '../db/schema/index.js';
import type { Queryable } from '../db/types.js';
import { notFound } from '../http/problem.js';
import type { DocumentIndicator, DocumentTask, ProgramDocument } from './document.js';
import { loadStored } from './records.js';

/** The object without its null and undefined fields (the document leaves out what has no value). */
function present<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export async function programDocument(db: Queryable, programId: string): Promise<ProgramDocument> {
  const [row] = await db.select({ code: programs.code }).from(programs).where(eq(programs.id, programId));
  if (!row) throw notFound('program', programId);
  const stored = await loadStored(db, row.code);
  const program = stored.program!;

  const taskGroups = [...stored.taskGroups]
    .map(([code, g]) => ({ code, ...g }))
    .sort((a, b) => a.position - b.position || byCode(a, b))
    .map(({ id: _id, ...g }) => present(g));

  const indicators = [...stored.indicators]
    .map(([code, x]) => ({ code, ...x }))
    .sort((a, b) => a.position - b.position || byCode(a, b))
    .map((x): DocumentIndicator => {
      const target = x.targetComparator === null ? undefined : present({ comparator: x.targetComparator, lower: x.targetLower, upper: x.targetUpper, text: x.targetText });
      const baseline = x.baselineValue === null || x.baselineYear === null ? undefined : { value: x.baselineValue, year: x.baselineYear };
      return present({
        code: x.code,
        parentCode: x.parentCode,
        position: x.position,
        category: x.category,
        name: x.name,
        unit: x.unit,
        direction: x.direction,
        target,
        basis: x.basis,
        targetYear: x.targetYear,
        baseline,
        responsibleAgencyCode: x.responsibleAgencyCode,
        sourceText: x.sourceText,
        notes: x.notes,
      }) as DocumentIndicator;
    });

  const tasks = [...stored.tasks]
    .map(([code, t]) => ({ code, ...t }))
    .sort(byCode)
    .map(
      (t): DocumentTask =>
        present({
          code: t.code,
          groupCode: t.groupCode,
          title: t.title,
          kind: t.kind,
          leadAgencyCode: t.leadAgencyCode,
          supporters: t.supporters.map((key) => (key.startsWith('agency:') ? { agencyCode: key.slice('agency:'.length) } : { groupCode: key.slice('group:'.length) })),
          supportingText: t.supportingText,
          deadline: present({ kind: t.deadlineKind, fromYear: t.deadlineFromYear, toYear: t.deadlineToYear, text: t.deadlineText }),
          isKey: t.isKey,
          status: t.status,
          progress: t.progress,
          completedOn: t.completedOn,
        }) as DocumentTask,
    );

  // The agency groups the tasks name, and every agency the program, its indicators, tasks and groups name, with the
  // bodies those belong to: an empty database needs them all.
  const groupCodes = new Set(tasks.flatMap((t) => t.supporters.flatMap((s) => (s.groupCode === undefined ? [] : [s.groupCode]))));
  const agencyGroups = [...groupCodes].map((code) => ({ code, ...stored.agencyGroups.get(code)! })).sort(byCode);
  const named = new Set<string>([
    ...[program.issuerCode, program.coordinatorCode].filter((code): code is string => code !== null),
    ...indicators.flatMap((x) => (x.responsibleAgencyCode === undefined ? [] : [x.responsibleAgencyCode])),
    ...tasks.flatMap((t) => [t.leadAgencyCode, ...t.supporters.flatMap((s) => (s.agencyCode === undefined ? [] : [s.agencyCode]))]),
    ...agencyGroups.flatMap((g) => g.memberCodes),
  ]);
  for (const code of named) {
    const parent = stored.agencies.get(code)?.parentCode;
    if (parent) named.add(parent); // a Set visits what is added while iterating: the whole chain of parents
  }
  const agencies = [...named]
    .map((code) => ({ code, ...stored.agencies.get(code)! }))
    .sort(byCode)
    .map(({ code, name, shortName, kind, parentCode, validFrom }) => present({ code, name, shortName, kind, parentCode, validFrom }));

  return {
    formatVersion: 1,
    program: present({
      code: row.code,
      title: program.title,
      resolution: program.resolution,
      issuedOn: program.issuedOn,
      startYear: program.startYear,
      endYear: program.endYear,
      signedBy: program.signedBy,
      summary: program.summary,
      issuerCode: program.issuerCode,
      coordinatorCode: program.coordinatorCode,
      reportingPeriodKinds: program.reportingPeriodKinds,
      reportDeadlineWorkingDays: program.reportDeadlineWorkingDays,
    }) as ProgramDocument['program'],
    agencies: agencies as ProgramDocument['agencies'],
    agencyGroups: agencyGroups.map(({ id: _id, ...g }) => present(g)) as ProgramDocument['agencyGroups'],
    taskGroups: taskGroups as ProgramDocument['taskGroups'],
    indicators,
    tasks,
  };
}
