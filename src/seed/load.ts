// Loads a seeded program in one transaction. Every row is matched on its natural key and inserted only when
// missing (ON CONFLICT DO NOTHING), so loading twice changes nothing and never overwrites what people have
// edited since: `npm run seed` is idempotent.
import { count, eq } from 'drizzle-orm';
import type { Database, Transaction } from '../db/connect.js';
import { agencies, agencyGroupMembers, agencyGroups, indicators, programs, publicHolidays, taskGroups, tasks, taskSupporters } from '../db/schema/index.js';
import { vietnamPublicHolidays } from './holidays.js';
import { canTho17 } from './cantho-17/index.js';
import type { SeedProgramBundle } from './types.js';

export interface SeedResult {
  program: string;
  inserted: { agencies: number; agencyGroups: number; taskGroups: number; indicators: number; tasks: number };
}

/** Orders items so that each comes after its parent (parents are at most a few levels deep). */
function byDepth<T extends { code: string }>(items: T[], parentOf: (item: T) => string | null): T[][] {
  const levels: T[][] = [];
  const depthOf = new Map<string, number>();
  const depth = (item: T): number => {
    const known = depthOf.get(item.code);
    if (known !== undefined) return known;
    const parent = parentOf(item);
    const parentItem = parent === null ? undefined : items.find((i) => i.code === parent);
    const d = parentItem ? depth(parentItem) + 1 : 0;
    depthOf.set(item.code, d);
    return d;
  };
  for (const item of items) (levels[depth(item)] ??= []).push(item);
  return levels;
}

async function codeMap(tx: Transaction, table: typeof agencies | typeof agencyGroups): Promise<Map<string, string>> {
  const rows = await tx.select({ id: table.id, code: table.code }).from(table);
  return new Map(rows.map((r) => [r.code, r.id]));
}

function must(map: Map<string, string>, code: string, what: string): string {
  const id = map.get(code);
  if (!id) throw new Error(`seed data names unknown ${what} ${code}`);
  return id;
}

export async function loadSeed(db: Database, bundle: SeedProgramBundle = canTho17): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    const inserted = { agencies: 0, agencyGroups: 0, taskGroups: 0, indicators: 0, tasks: 0 };

    for (const level of byDepth(bundle.agencies, (a) => a.parentCode)) {
      const ids = await codeMap(tx, agencies);
      const rows = await tx
        .insert(agencies)
        .values(level.map((a) => ({ code: a.code, name: a.name, shortName: a.shortName, kind: a.kind, parentId: a.parentCode ? must(ids, a.parentCode, 'agency') : null })))
        .onConflictDoNothing()
        .returning({ id: agencies.id });
      inserted.agencies += rows.length;
    }
    const agencyIds = await codeMap(tx, agencies);

    const groupRows = await tx
      .insert(agencyGroups)
      .values(bundle.agencyGroups.map((g) => ({ code: g.code, name: g.name, description: g.description })))
      .onConflictDoNothing()
      .returning({ id: agencyGroups.id });
    inserted.agencyGroups = groupRows.length;
    const groupIds = await codeMap(tx, agencyGroups);
    const members = bundle.agencyGroups.flatMap((g) => g.memberCodes.map((m) => ({ groupId: must(groupIds, g.code, 'group'), agencyId: must(agencyIds, m, 'agency') })));
    if (members.length > 0) await tx.insert(agencyGroupMembers).values(members).onConflictDoNothing();

    const p = bundle.program;
    await tx
      .insert(programs)
      .values({
        code: p.code,
        title: p.title,
        resolution: p.resolution,
        issuerAgencyId: must(agencyIds, p.issuerCode, 'agency'),
        coordinatorAgencyId: must(agencyIds, p.coordinatorCode, 'agency'),
        issuedOn: p.issuedOn,
        startYear: p.startYear,
        endYear: p.endYear,
        signedBy: p.signedBy,
        summary: p.summary,
      })
      .onConflictDoNothing();
    const [program] = await tx.select({ id: programs.id }).from(programs).where(eq(programs.code, p.code));
    const programId = program!.id;

    const taskGroupRows = await tx
      .insert(taskGroups)
      .values(bundle.taskGroups.map((g, position) => ({ programId, position: position + 1, ...g })))
      .onConflictDoNothing()
      .returning({ id: taskGroups.id });
    inserted.taskGroups = taskGroupRows.length;
    const groupsOfProgram = await tx.select({ id: taskGroups.id, section: taskGroups.appendixSection }).from(taskGroups).where(eq(taskGroups.programId, programId));
    const groupBySection = new Map(groupsOfProgram.filter((g) => g.section).map((g) => [g.section!, g.id]));

    const positions = new Map(bundle.indicators.map((indicator, index) => [indicator.code, index + 1]));
    for (const level of byDepth(bundle.indicators, (i) => i.parentCode)) {
      const existing = await tx.select({ id: indicators.id, code: indicators.code }).from(indicators).where(eq(indicators.programId, programId));
      const indicatorIds = new Map(existing.map((r) => [r.code, r.id]));
      const rows = await tx
        .insert(indicators)
        .values(
          level.map((i) => ({
            programId,
            parentId: i.parentCode ? must(indicatorIds, i.parentCode, 'indicator') : null,
            code: i.code,
            position: positions.get(i.code)!,
            category: i.category,
            name: i.name,
            unit: i.unit,
            direction: i.direction,
            targetComparator: i.target?.comparator ?? null,
            targetLower: i.target?.lower ?? null,
            targetUpper: i.target?.upper ?? null,
            targetText: i.targetText,
            basis: i.basis,
            targetYear: i.targetYear,
            sourceText: i.sourceText,
            notes: i.notes,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: indicators.id });
      inserted.indicators += rows.length;
    }

    const taskRows = await tx
      .insert(tasks)
      .values(
        bundle.tasks.map((t) => ({
          programId,
          groupId: must(groupBySection, t.section, 'appendix section'),
          code: t.code,
          title: t.title,
          kind: t.kind,
          leadAgencyId: must(agencyIds, t.leadAgencyCode, 'agency'),
          supportingText: t.supportingText,
          deadlineKind: t.deadline.kind,
          deadlineFromYear: t.deadline.fromYear,
          deadlineToYear: t.deadline.toYear,
          deadlineText: t.deadlineText,
          isKey: t.isKey,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: tasks.id, code: tasks.code });
    inserted.tasks = taskRows.length;
    // Supporters only for tasks inserted now: an existing task's supporters are its editors' business.
    const newTaskIds = new Map(taskRows.map((r) => [r.code, r.id]));
    const supporters = bundle.tasks
      .filter((t) => newTaskIds.has(t.code))
      .flatMap((t) =>
        t.supporters.map((s, position) => ({
          taskId: newTaskIds.get(t.code)!,
          position: position + 1,
          agencyId: 'agencyCode' in s ? must(agencyIds, s.agencyCode, 'agency') : null,
          agencyGroupId: 'groupCode' in s ? must(groupIds, s.groupCode, 'group') : null,
        })),
      );
    if (supporters.length > 0) await tx.insert(taskSupporters).values(supporters);

    // Holidays are not the program's but the deadlines' calendar; existing dates keep whatever name people gave them.
    await tx.insert(publicHolidays).values(vietnamPublicHolidays.map((h) => ({ date: h.date, name: h.name }))).onConflictDoNothing();

    return { program: p.code, inserted };
  });
}

/** Loads the seed program when the database holds no program at all; returns its code, or null. */
export async function seedIfEmpty(db: Database): Promise<string | null> {
  const [row] = await db.select({ n: count() }).from(programs);
  if ((row?.n ?? 0) > 0) return null;
  return (await loadSeed(db)).program;
}

