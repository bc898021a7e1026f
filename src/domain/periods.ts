// Period ids name the reporting periods of Decree 09/2019/NĐ-CP and the calendar periods of statistics:
// `2025` (year), `2025-H1` (half-year), `2025-Q3` (quarter), `2025-07` (month). One format everywhere:
// it sorts chronologically within a granularity and reads the same in URLs, CSV and the database.

export const periodIdPattern = /^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

export type PeriodGranularity = 'year' | 'half_year' | 'quarter' | 'month';

export interface PeriodId {
  year: number;
  granularity: PeriodGranularity;
  /** 1 for a year; 1–2 for halves; 1–4 for quarters; 1–12 for months. */
  index: number;
}

/** Parses a period id; returns null when it is not one. */
export function parsePeriodId(value: string): PeriodId | null {
  if (!periodIdPattern.test(value)) return null;
  const year = Number(value.slice(0, 4));
  const rest = value.slice(5);
  if (rest === '') return { year, granularity: 'year', index: 1 };
  if (rest.startsWith('H')) return { year, granularity: 'half_year', index: Number(rest.slice(1)) };
  if (rest.startsWith('Q')) return { year, granularity: 'quarter', index: Number(rest.slice(1)) };
  return { year, granularity: 'month', index: Number(rest) };
}
