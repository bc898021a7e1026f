// The optional second seed step: Vietnam's 2025 restructuring of the agencies 17/CTr-UBND names
// (src/seed/restructuring-2025, legal basis in docs/sources/2025-restructuring.md), recorded through the same path as
// POST /v1/lineage-events, so every rule of lineage is checked. Idempotent: an event already recorded (same kind,
// date and predecessors) is skipped, and agencies that exist are left as they are.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Transaction } from '../db/connect.js';
import { agencies, programs, tasks } from '../db/schema/index.js';
import { loadLineage } from '../modules/lineage/resolve.js';
import { recordLineageEvent } from '../modules/lineage/repository.js';
import { lineageEvents, preexistingAgencies, successorAgencies } from './restructuring-2025/index.js';

export interface RestructuringResult {
  agencies: number;
  events: number;
}

async function idsByCode(tx: Transaction, codes: string[]): Promise<Map<string, string>> {
  const rows = await tx.select({ id: agencies.id, code: agencies.code }).from(agencies).where(inArray(agencies.code, codes));
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function loadRestructuring2025(db: Database, programCode = '17/CTr-UBND'): Promise<RestructuringResult> {
  return db.transaction(async (tx) => {
    const parents = await idsByCode(tx, [...new Set([...preexistingAgencies, ...successorAgencies].flatMap((a) => (a.parentCode ? [a.parentCode] : [])))]);
    const added = await tx
      .insert(agencies)
      .values([
        ...preexistingAgencies.map((a) => ({ code: a.code, name: a.name, shortName: a.shortName, kind: a.kind, parentId: a.parentCode ? parents.get(a.parentCode)! : null })),
        ...successorAgencies.map((a) => ({ code: a.code, name: a.name, shortName: a.shortName, kind: a.kind, parentId: a.parentCode ? parents.get(a.parentCode)! : null, validFrom: a.validFrom })),
      ])
      .onConflictDoNothing()
      .returning({ id: agencies.id });

    const codes = [...new Set(lineageEvents.flatMap((e) => [...e.predecessorCodes, ...e.successorCodes, ...e.taskAssignments.map((a) => a.agencyCode)]))];
    const agencyIds = await idsByCode(tx, codes);
    const must = (code: string) => {
      const id = agencyIds.get(code);
      if (!id) throw new Error(`the restructuring names unknown agency ${code}: load the program first (npm run seed)`);
      return id;
    };
    const taskRows = await tx
      .select({ id: tasks.id, code: tasks.code })
      .from(tasks)
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .where(and(eq(programs.code, programCode)));
    const taskIds = new Map(taskRows.map((t) => [t.code, t.id]));
    const recorded = await loadLineage(tx);
    let events = 0;
    for (const event of lineageEvents) {
      const predecessorIds = event.predecessorCodes.map(must);
      const already = recorded.some((r) => r.kind === event.kind && r.effectiveOn === event.effectiveOn && r.predecessors.length === predecessorIds.length && predecessorIds.every((id) => r.predecessors.includes(id)));
      if (already) continue;
      await recordLineageEvent(tx, {
        kind: event.kind,
        effectiveOn: event.effectiveOn,
        predecessorIds,
        successorIds: event.successorCodes.map(must),
        taskAssignments: event.taskAssignments.map((a) => {
          const taskId = taskIds.get(a.taskCode);
          if (!taskId) throw new Error(`the restructuring assigns unknown task ${a.taskCode} of ${programCode}`);
          return { taskId, agencyId: must(a.agencyCode) };
        }),
        legalBasis: event.legalBasis,
        note: event.note,
      });
      events++;
    }
    return { agencies: added.length, events };
  });
}
