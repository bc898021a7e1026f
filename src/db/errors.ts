// Turns PostgreSQL errors (from pg or PGlite, possibly wrapped by drizzle) into problems that name the field
// at fault, without leaking database text. Constraint violations are expected answers to bad input; anything
// else is left to the error handler as a 500 or 503.
import { HttpProblem, type FieldError } from '../http/problem.js';

interface PgError {
  code: string;
  constraint?: string;
  detail?: string;
  message: string;
}

/** The error and its causes (drizzle wraps driver errors), outermost first. */
type Cause = { code?: unknown; message?: unknown; cause?: unknown };

function* causes(error: unknown): Generator<Cause> {
  for (let e = error as Cause | undefined, depth = 0; e && depth < 5; e = e.cause as Cause | undefined, depth++) yield e;
}

function findPgError(error: unknown): PgError | undefined {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as unknown as PgError;
  }
  return undefined;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `Key (program_id, code)=(…, 01) already exists.` → ['program_id', 'code'] */
function keyColumns(detail: string | undefined): string[] {
  const match = /Key \(([^)]*)\)=/.exec(detail ?? '');
  return match ? match[1]!.split(',').map((c) => c.trim()) : [];
}

/** CHECK constraints: the field each guards and what it requires, in words a caller can act on. */
const checks: Record<string, { pointer: string; message: string }> = {
  programs_years_check: { pointer: '/endYear', message: 'startYear and endYear must lie in 1900–2200 with startYear <= endYear.' },
  agencies_validity_check: { pointer: '/validFrom', message: 'validFrom must not be after the day the agency ends (validTo).' },
  agencies_parent_not_self_check: { pointer: '/parentId', message: 'An agency cannot be its own parent.' },
  tasks_deadline_years_check: {
    pointer: '/deadline',
    message: 'year needs fromYear = toYear; year_range needs fromYear < toYear; annually needs both years; event takes no years.',
  },
  tasks_progress_check: { pointer: '/progress', message: 'progress must be between 0 and 100.' },
  tasks_completed_on_check: { pointer: '/completedOn', message: 'completedOn is set exactly when status is completed.' },
  indicators_parent_not_self_check: { pointer: '/parentId', message: 'An indicator cannot be its own parent.' },
  indicators_target_check: {
    pointer: '/target',
    message: 'between needs lower <= upper; gte/gt need lower only; lte/lt need upper only; eq needs lower = upper; a target needs a basis.',
  },
  indicators_target_year_check: { pointer: '/targetYear', message: 'A by_year target needs targetYear.' },
  indicators_years_check: { pointer: '/targetYear', message: 'Years must lie in 1900–2200.' },
  indicators_baseline_check: { pointer: '/baseline', message: 'A baseline needs both value and year.' },
  api_keys_officer_agency_check: { pointer: '/agencyId', message: 'A key with the agency_officer role acts for one agency: give agencyId.' },
  programs_reporting_check: { pointer: '/reportingPeriodKinds', message: 'reportingPeriodKinds names 1–4 period kinds; reportDeadlineWorkingDays is 1–60.' },
  api_keys_roles_check: { pointer: '/roles', message: 'roles must name one to five known roles.' },
};

/**
 * Unique keys whose field at fault is not their last column. (indicator, period, kind): a caller who repeats a
 * value has almost always got the period wrong, not the kind.
 */
const uniques: Record<string, { pointer: string; message: string }> = {
  indicator_values_indicator_period_kind_key: {
    pointer: '/period',
    message: 'The indicator already has a value of this kind for this period; change that one instead.',
  },
};

/** Maps a constraint violation to a problem, or returns undefined for errors that are not the caller's fault. */
export function problemFromDatabaseError(error: unknown): HttpProblem | undefined {
  const pg = findPgError(error);
  if (!pg) return undefined;
  const columns = keyColumns(pg.detail);
  const field = (pointer: string, message: string): FieldError[] => [{ in: 'body', pointer, message }];
  switch (pg.code) {
    case '23505': {
      const known = uniques[pg.constraint ?? ''];
      if (known) return new HttpProblem('duplicate', known.message, field(known.pointer, known.message));
      // Otherwise the last key column is the code unique within its parent: report it, not the parent id.
      const column = columns[columns.length - 1] ?? '';
      const message = `Another record already has this ${camel(column) || 'value'}${columns.length > 1 ? ' within the same parent' : ''}.`;
      return new HttpProblem('duplicate', message, field(`/${camel(column)}`, message));
    }
    case '23001': // restrict_violation: PostgreSQL 16+ reports ON DELETE RESTRICT with this code
    case '23503': {
      if (/referenced from table/.test(pg.detail ?? '')) {
        const table = /from table "([^"]+)"/.exec(pg.detail ?? '')?.[1] ?? 'another record';
        return new HttpProblem('in-use', `It is still referenced by ${table.replace(/_/g, ' ')}; remove those references first.`);
      }
      const column = columns[0] ?? '';
      const message = `Nothing with this ${camel(column)} exists${columns.length > 1 ? ' in the same program' : ''}.`;
      return new HttpProblem('unknown-reference', message, field(`/${camel(column)}`, message));
    }
    case '23514': {
      const rule = checks[pg.constraint ?? ''];
      const message = rule?.message ?? 'A value breaks a rule of the data model.';
      return new HttpProblem('invalid-value', message, field(rule?.pointer ?? '', message));
    }
    // The schemas refuse these first; the mapping is the backstop that keeps them 400s rather than 500s.
    case '22P05':
    case '22021':
      return new HttpProblem('validation', 'A text value contains characters the database cannot store (such as U+0000).');
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new HttpProblem('validation', 'A value is out of range or not in the form the field requires.');
    default:
      return undefined;
  }
}

/**
 * Failures worth retrying, answered 503 with Retry-After: the database is down, restarting or unreachable
 * (08…, 57P01–57P03, connection errors), out of connections (53300, or no pool connection within
 * DB_CONNECTION_TIMEOUT_MS), a statement cancelled by DB_STATEMENT_TIMEOUT_MS (57014), or a transaction
 * lost to a concurrent one (40001 serialization failure, 40P01 deadlock).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pg = findPgError(error);
  if (pg && /^(08|57P0|53300|57014|40001|40P01)/.test(pg.code)) return true;
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|ELOCKED)$/.test(e.code)) return true;
    if (typeof e.message === 'string' && /timeout exceeded when trying to connect|Connection terminated|not queryable|terminating connection/i.test(e.message)) return true;
  }
  return false;
}
