import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connect.js';
import type { PeriodKind } from '../../domain/periods.js';
import { agencies, programs } from '../../db/schema/index.js';
import { matchesSearch, searchRank } from '../../db/search.js';
import { paginateSearch, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { notFound } from '../../http/problem.js';
import { agencyRefJson } from '../agencies/ref.js';
import type { Program, ProgramCreate, ProgramListQuery, ProgramPatch } from './schemas.js';

const issuer = alias(agencies, 'issuer');
const coordinator = alias(agencies, 'coordinator');

function selectPrograms(db: Queryable, extra: Record<string, SQL<number>> = {}) {
  return db
    .select({
      id: programs.id,
      code: programs.code,
      title: programs.title,
      resolution: programs.resolution,
      issuer: agencyRefJson(issuer),
      coordinator: agencyRefJson(coordinator),
      issuedOn: programs.issuedOn,
      startYear: programs.startYear,
      endYear: programs.endYear,
      signedBy: programs.signedBy,
      summary: programs.summary,
      reportingPeriodKinds: sql<PeriodKind[]>`${programs.reportingPeriodKinds}`,
      reportDeadlineWorkingDays: programs.reportDeadlineWorkingDays,
      createdAt: programs.createdAt,
      updatedAt: programs.updatedAt,
      ...extra,
    })
    .from(programs)
    .leftJoin(issuer, eq(issuer.id, programs.issuerAgencyId))
    .leftJoin(coordinator, eq(coordinator.id, programs.coordinatorAgencyId));
}
type ProgramRow = Awaited<ReturnType<ReturnType<typeof selectPrograms>['execute']>>[number];

const sorts: Record<string, SortSpec<ProgramRow>> = {
  ...sortBothWays<ProgramRow>('code', [programs.code, programs.id], (r) => [r.code, r.id]),
  ...sortBothWays<ProgramRow>('title', [programs.title, programs.id], (r) => [r.title, r.id]),
};

export async function listPrograms(db: Queryable, query: ProgramListQuery) {
  const rank = query.q ? searchRank(programs.searchText, query.q) : undefined;
  const page = paginateSearch(sorts, query, 'code', rank, programs.id);
  const rows = await selectPrograms(db, rank ? { rank } : {})
    .where(and(query.q ? matchesSearch(programs.searchText, query.q) : undefined, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getProgram(db: Queryable, id: string): Promise<ProgramRow> {
  const [row] = await selectPrograms(db).where(eq(programs.id, id));
  if (!row) throw notFound('program', id);
  return row;
}

export async function createProgram(db: Queryable, body: ProgramCreate): Promise<ProgramRow> {
  const [created] = await db.insert(programs).values(body).returning({ id: programs.id });
  return getProgram(db, created!.id);
}

export async function updateProgram(db: Queryable, id: string, patch: ProgramPatch): Promise<ProgramRow> {
  const [updated] = await db
    .update(programs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(programs.id, id))
    .returning({ id: programs.id });
  if (!updated) throw notFound('program', id);
  return getProgram(db, id);
}

export async function deleteProgram(db: Queryable, id: string): Promise<void> {
  const [deleted] = await db.delete(programs).where(eq(programs.id, id)).returning({ id: programs.id });
  if (!deleted) throw notFound('program', id);
}

export type { Program };
