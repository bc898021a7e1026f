import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { publicHolidays } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { notFound } from '../../http/problem.js';
import type { HolidayCreate, HolidayListQuery, HolidayPatch } from './schemas.js';

const columns = { id: publicHolidays.id, date: publicHolidays.date, name: publicHolidays.name, createdAt: publicHolidays.createdAt, updatedAt: publicHolidays.updatedAt };
const selectHolidays = (db: Queryable) => db.select(columns).from(publicHolidays);
type HolidayRow = Awaited<ReturnType<ReturnType<typeof selectHolidays>['execute']>>[number];

const sorts: Record<string, SortSpec<HolidayRow>> = sortBothWays<HolidayRow>('date', [publicHolidays.date, publicHolidays.id], (r) => [r.date, r.id]);

/** Every holiday, for deadline arithmetic (a few dozen rows a year). */
export async function holidaySet(db: Queryable): Promise<Set<string>> {
  return new Set((await db.select({ date: publicHolidays.date }).from(publicHolidays)).map((r) => r.date));
}

export async function listHolidays(db: Queryable, query: HolidayListQuery) {
  const page = paginate(sorts, query.sort ?? 'date', query);
  const rows = await selectHolidays(db)
    .where(and(query.year ? and(gte(publicHolidays.date, `${query.year}-01-01`), lte(publicHolidays.date, `${query.year}-12-31`)) : undefined, page.after))
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getHoliday(db: Queryable, id: string): Promise<HolidayRow> {
  const [row] = await selectHolidays(db).where(eq(publicHolidays.id, id));
  if (!row) throw notFound('public holiday', id);
  return row;
}

export async function createHoliday(db: Queryable, body: HolidayCreate): Promise<HolidayRow> {
  const [created] = await db.insert(publicHolidays).values(body).returning({ id: publicHolidays.id });
  return getHoliday(db, created!.id);
}

export async function updateHoliday(db: Queryable, id: string, patch: HolidayPatch): Promise<HolidayRow> {
  await db.update(publicHolidays).set({ ...patch, updatedAt: sql`now()` }).where(eq(publicHolidays.id, id));
  return getHoliday(db, id);
}

export async function deleteHoliday(db: Queryable, id: string): Promise<void> {
  await db.delete(publicHolidays).where(eq(publicHolidays.id, id));
}
