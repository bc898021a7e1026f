// Whether an indicator meets its target, and how that was decided: the values looked at, the rule, the number
// compared and the bar it was compared with, in a sentence in English and one in Vietnamese.
//
// Values: one per year, from startYear to asOfYear and never past the target year (a 2026 value says nothing
// about a 2021–2025 average or a value "by 2025"). When a year has an official value and an estimate, the
// official one is used. Numbers are compared as reported, rounded to 4 decimals.
//
// Meeting a target depends on the direction. `between`: higher_is_better needs value >= lower (beating the
// range is better still), lower_is_better needs value <= upper, closer_is_better needs lower <= value <= upper.
// `gte` >= lower, `gt` > lower, `lte` <= upper, `lt` < upper. `eq` ("đạt 76%") is reached or beaten: >= for
// higher_is_better, <= for lower_is_better, equal within 1e-9 for closer_is_better.
//
// No target (or one lacking the bound its comparator needs) → no_target; no usable value → no_data.
// The assessment is final once asOfYear reaches the target year (targetYear, else endYear): final statuses are
// met and not_met, earlier ones on_track and at_risk, with these exceptions, decided here:
// - period_average: the mean of the yearly values. Final and every year present: met or not_met. Final with
//   years missing: at_risk, naming them, because a partial average can be called neither met nor not met.
//   Before the end: on_track when the mean so far meets the target, else at_risk. (An arithmetic mean, as the
//   brief asks; statistics offices average growth rates geometrically, which differs slightly.)
// - by_year: final: the target year's value, or the latest before it when it is missing (the reason says so).
//   Before the end, with a baseline ('trajectory'): the expected value is the straight line from the baseline
//   to the target; on_track when the latest value is at least as good as that point, or already meets the
//   target (a baseline above the target would otherwise put a met value behind its own line). Without one
//   ('latest_value'): on_track when the latest value already meets the target.
// - each_year: every year must meet it, so a year that failed makes it not_met at once, even before the end:
//   it can no longer be met. Before the end, only the running year's estimate is not conclusive: a failing
//   estimate for asOfYear (the year is not over) gives at_risk. Final with no failure but years missing:
//   at_risk, naming them.
import type { IndicatorDirection, TargetBasis, TargetComparator } from './vocabulary.js';

export const assessmentStatuses = ['met', 'on_track', 'at_risk', 'not_met', 'no_data', 'no_target'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

export const assessmentRules = ['no_target', 'no_data', 'period_average', 'latest_value', 'trajectory', 'each_year'] as const;
export type AssessmentRule = (typeof assessmentRules)[number];

export interface Target {
  comparator: TargetComparator;
  lower: number | null;
  upper: number | null;
}

export interface AssessedIndicator {
  direction: IndicatorDirection;
  target: Target | null;
  /** null with a target is read as by_year ("no time word"). */
  basis: TargetBasis | null;
  targetYear: number | null;
  baseline: { value: number; year: number } | null;
}

export interface YearValue {
  year: number;
  value: number;
  kind: 'official' | 'estimate';
}

export interface AssessmentContext {
  startYear: number;
  endYear: number;
  asOfYear: number;
}

export interface Assessment {
  status: AssessmentStatus;
  rule: AssessmentRule;
  /** The values the rule looked at, by year ascending. */
  valuesUsed: YearValue[];
  /** The average, latest value or weakest year that was compared (rounded to 4 decimals). */
  computed: number | null;
  /** The bar it was compared with (also given with no_data: the bar values will be compared with). */
  expected: string | null;
  /** One English sentence a coordinator can read, naming the values and the rule. */
  reason: string;
  /** The same in Vietnamese (for the XLSX report). */
  reasonVi: string;
}

/** A text in English and in Vietnamese. */
export type Bilingual = [en: string, vi: string];

/** Each status in words, English and Vietnamese. */
export const assessmentStatusWords: Record<AssessmentStatus, Bilingual> = {
  met: ['Met', 'Đạt'],
  not_met: ['Not met', 'Không đạt'],
  on_track: ['On track', 'Đúng tiến độ'],
  at_risk: ['At risk', 'Có nguy cơ không đạt'],
  no_data: ['No data', 'Chưa có số liệu'],
  no_target: ['Not assessed', 'Không đánh giá'],
};

/** Throws a RangeError when the target lacks the bound its comparator needs. */
export function meetsTarget(target: Target, direction: IndicatorDirection, value: number): boolean {
  if (!hasBounds(target)) throw new RangeError(`a ${target.comparator} target lacks the bound it needs`);
  const lower = target.lower ?? NaN;
  const upper = target.upper ?? NaN;
  switch (target.comparator) {
    case 'between':
      if (direction === 'higher_is_better') return value >= lower;
      if (direction === 'lower_is_better') return value <= upper;
      return lower <= value && value <= upper;
    case 'gte':
      return value >= lower;
    case 'gt':
      return value > lower;
    case 'lte':
      return value <= upper;
    case 'lt':
      return value < upper;
    case 'eq': {
      const goal = target.lower ?? upper;
      if (direction === 'higher_is_better') return value >= goal;
      if (direction === 'lower_is_better') return value <= goal;
      return Math.abs(value - goal) <= 1e-9;
    }
  }
}

export function assessIndicator(indicator: AssessedIndicator, values: YearValue[], context: AssessmentContext): Assessment {
  const { target } = indicator;
  if (target === null || !hasBounds(target)) {
    const why: Bilingual = target === null
      ? ['it has no target of its own', 'chỉ tiêu này không có mục tiêu riêng']
      : [`its ${target.comparator} target lacks the bound it needs`, 'mục tiêu thiếu giá trị cần so sánh'];
    return outcome('no_target', 'no_target', [], null, null, why);
  }
  const targetYear = indicator.targetYear ?? context.endYear;
  const lastYear = Math.min(context.asOfYear, targetYear);
  const s: Scope = {
    ...indicator,
    ...context,
    target,
    targetYear,
    lastYear,
    final: context.asOfYear >= targetYear,
    used: yearlyValues(values, context.startYear, lastYear),
    bar: describeBar(target, indicator.direction),
  };
  if (s.used.length === 0) {
    const years = span(s.startYear, lastYear);
    const why: Bilingual = lastYear < s.startYear
      ? [`as of ${s.asOfYear} the program (from ${s.startYear}) has not begun`,
        `đến năm ${s.asOfYear} chương trình (từ năm ${s.startYear}) chưa bắt đầu`]
      : [`there is no value for ${years}`, `không có giá trị nào cho năm ${years}`];
    return outcome('no_data', 'no_data', [], null, s.bar[0], [
      `${why[0]}, so nothing can be compared with the target ${s.bar[0]}`,
      `${why[1]}, chưa có gì để so với chỉ tiêu ${s.bar[1]}`,
    ]);
  }
  switch (indicator.basis ?? 'by_year') {
    case 'period_average':
      return assessAverage(s);
    case 'each_year':
      return assessEachYear(s);
    case 'by_year':
      return s.final ? assessFinalValue(s) : assessProgress(s);
  }
}

interface Scope extends AssessedIndicator, AssessmentContext {
  target: Target;
  targetYear: number;
  /** The last year whose value counts: asOfYear, or the target year once final. */
  lastYear: number;
  final: boolean;
  used: YearValue[];
  bar: Bilingual;
}

function assessAverage(s: Scope): Assessment {
  const average = round(s.used.reduce((sum, v) => sum + v.value, 0) / s.used.length);
  const meets = meetsTarget(s.target, s.direction, average);
  const missing = s.final ? missingYears(s) : [];
  const status = !s.final ? (meets ? 'on_track' : 'at_risk') : missing.length > 0 ? 'at_risk' : meets ? 'met' : 'not_met';
  const [values, avg, period] = [list(s.used), number(average), span(s.startYear, s.targetYear)];
  const verdict: Bilingual = meets ? ['meets', 'đạt'] : ['does not meet', 'không đạt'];
  const reason: Bilingual = missing.length > 0
    ? [`the average of the years with a value (${values[0]}) is ${avg[0]}, but ${yearsLacking(missing)}, so the ${period} average ` +
        'cannot be called met or not met',
      `bình quân các năm có số liệu (${values[1]}) là ${avg[1]}, nhưng năm ${missing.join(', ')} chưa có số liệu nên chưa kết luận ` +
        `được bình quân ${period} đạt hay không đạt`]
    : [`the ${s.final ? `${period} average` : 'average so far'} (${values[0]}) is ${avg[0]}, which ${verdict[0]} the target ${s.bar[0]}`,
      `bình quân ${s.final ? period : 'đến nay'} (${values[1]}) là ${avg[1]}, ${verdict[1]} chỉ tiêu ${s.bar[1]}`];
  return outcome(status, 'period_average', s.used, average, s.bar[0], reason);
}

function assessFinalValue(s: Scope): Assessment {
  const used = s.used[s.used.length - 1]!;
  const value = round(used.value);
  const status = meetsTarget(s.target, s.direction, value) ? 'met' : 'not_met';
  const verdict: Bilingual = status === 'met' ? ['meets', 'đạt'] : ['does not meet', 'không đạt'];
  const which: Bilingual = used.year === s.targetYear
    ? [`the ${used.year} value`, `giá trị năm ${used.year}`]
    : [`there is no ${s.targetYear} value; the latest before it (${used.year})`,
      `chưa có giá trị năm ${s.targetYear}; giá trị gần nhất trước đó (năm ${used.year})`];
  const [v, note] = [number(value), kindNote(used)];
  return outcome(status, 'latest_value', [used], value, s.bar[0], [
    `${which[0]}, ${v[0]}${note[0]}, ${verdict[0]} the ${s.targetYear} target ${s.bar[0]}`,
    `${which[1]} là ${v[1]}${note[1]}, ${verdict[1]} chỉ tiêu năm ${s.targetYear} ${s.bar[1]}`,
  ]);
}

function assessProgress(s: Scope): Assessment {
  const latest = s.used[s.used.length - 1]!;
  const value = round(latest.value);
  const meets = meetsTarget(s.target, s.direction, value);
  const [v, note] = [number(value), kindNote(latest)];
  const at: Bilingual = [`the ${latest.year} value, ${v[0]}${note[0]}`, `giá trị năm ${latest.year} là ${v[1]}${note[1]}`];
  const { baseline } = s;
  if (baseline === null || s.targetYear <= baseline.year) {
    return outcome(meets ? 'on_track' : 'at_risk', 'latest_value', [latest], value, s.bar[0], [
      `${at[0]}, ${meets ? 'already meets' : 'does not yet meet'} the ${s.targetYear} target ${s.bar[0]}`,
      `${at[1]}, ${meets ? 'đã đạt' : 'chưa đạt'} chỉ tiêu năm ${s.targetYear} ${s.bar[1]}`,
    ]);
  }
  const goal = trajectoryGoal(s.target, s.direction);
  const progress = Math.max(0, latest.year - baseline.year) / (s.targetYear - baseline.year);
  const expected = round(baseline.value + (goal - baseline.value) * progress);
  const onLine = shortfall(value, s) <= shortfall(expected, s) + 1e-9;
  const [exp, from, to] = [number(expected), number(baseline.value), number(goal)];
  const line: Bilingual = [
    `${exp[0]} on the trajectory from ${baseline.year} baseline ${from[0]} to ${to[0]} in ${s.targetYear}`,
    `${exp[1]} theo lộ trình từ giá trị gốc ${from[1]} (năm ${baseline.year}) đến ${to[1]} năm ${s.targetYear}`,
  ];
  const reason: Bilingual = meets && !onLine
    ? [`${at[0]}, already meets the target ${s.bar[0]} (the trajectory expected ${exp[0]})`,
      `${at[1]}, đã đạt chỉ tiêu ${s.bar[1]} (lộ trình dự kiến ${exp[1]})`]
    : [`${at[0]}, is ${onLine ? 'at least as good as' : 'behind'} ${line[0]}`, `${at[1]}, ${onLine ? 'không kém' : 'chậm hơn'} mức ${line[1]}`];
  return outcome(meets || onLine ? 'on_track' : 'at_risk', 'trajectory', [latest], value, line[0], reason);
}

function assessEachYear(s: Scope): Assessment {
  const failed = s.used.filter((v) => !meetsTarget(s.target, s.direction, round(v.value)));
  // A failing estimate for the running year may still be revised: only it is not conclusive.
  const conclusive = failed.filter((v) => s.final || v.year < s.asOfYear || v.kind === 'official');
  const missing = missingYears(s);
  const weakest = round(s.used.reduce((worst, v) => (shortfall(v.value, s) > shortfall(worst, s) ? v.value : worst), s.used[0]!.value));
  const [w, values, period] = [number(weakest), list(s.used), span(s.startYear, s.targetYear)];
  const mustEveryYear: Bilingual = [
    `the target ${s.bar[0]}, which must be met every year`,
    `chỉ tiêu ${s.bar[1]}, trong khi chỉ tiêu phải đạt hằng năm`,
  ];
  if (failed.length > 0) {
    const status = conclusive.length > 0 ? 'not_met' : 'at_risk';
    const years: Bilingual = [
      failed.map((v) => `${v.year} (${number(v.value)[0]})`).join(', '),
      failed.map((v) => `${v.year} (${number(v.value)[1]})`).join('; '),
    ];
    return outcome(status, 'each_year', s.used, weakest, s.bar[0], status === 'not_met'
      ? [`${years[0]} did not meet ${mustEveryYear[0]}; the weakest is ${w[0]}`,
        `năm ${years[1]} không đạt ${mustEveryYear[1]}; giá trị kém nhất là ${w[1]}`]
      : [`the ${s.asOfYear} estimate, ${number(failed[0]!.value)[0]}, does not meet ${mustEveryYear[0]} (the year is not over)`,
        `số ước tính năm ${s.asOfYear} là ${number(failed[0]!.value)[1]}, chưa đạt ${mustEveryYear[1]} (năm chưa kết thúc)`]);
  }
  const status = s.final ? (missing.length > 0 ? 'at_risk' : 'met') : 'on_track';
  const who: Bilingual = s.final && missing.length === 0
    ? [`every year ${period}`, `tất cả các năm ${period}`]
    : [`every year ${s.final ? '' : 'so far '}with a value`, `các năm ${s.final ? '' : 'đến nay '}có số liệu`];
  const gap: Bilingual = missing.length === 0 ? ['', '']
    : [`; ${yearsLacking(missing)}${s.final ? `, and every year ${period} counts` : ''}`,
      `; năm ${missing.join(', ')} chưa có số liệu${s.final ? `, mà năm nào trong ${period} cũng phải đạt` : ''}`];
  return outcome(status, 'each_year', s.used, weakest, s.bar[0], [
    `${who[0]} meets the target ${s.bar[0]}; the weakest is ${w[0]} (${values[0]})${gap[0]}`,
    `${who[1]} đều đạt chỉ tiêu ${s.bar[1]}; giá trị kém nhất là ${w[1]} (${values[1]})${gap[1]}`,
  ]);
}

/** One value per year within [from, to], the official one when both kinds exist, by year ascending. */
function yearlyValues(values: YearValue[], from: number, to: number): YearValue[] {
  const byYear = new Map<number, YearValue>();
  for (const v of values) {
    if (v.year < from || v.year > to || !Number.isFinite(v.value)) continue;
    const held = byYear.get(v.year);
    if (held === undefined || (held.kind === 'estimate' && v.kind === 'official')) byYear.set(v.year, v);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function missingYears(s: Scope): number[] {
  const present = new Set(s.used.map((v) => v.year));
  const missing: number[] = [];
  for (let year = s.startYear; year <= s.lastYear; year++) if (!present.has(year)) missing.push(year);
  return missing;
}

/** The number a trajectory heads for: the bound that decides meeting the target in this direction. */
function trajectoryGoal({ lower, upper }: Target, direction: IndicatorDirection): number {
  if (direction === 'higher_is_better') return (lower ?? upper)!;
  if (direction === 'lower_is_better') return (upper ?? lower)!;
  return lower !== null && upper !== null ? (lower + upper) / 2 : (lower ?? upper)!;
}

/** How far a value is from meeting the target, in the direction's terms (0 inside a closer_is_better band). */
function shortfall(value: number, { target: { lower, upper }, direction }: Pick<Scope, 'target' | 'direction'>): number {
  if (direction === 'higher_is_better') return -value;
  if (direction === 'lower_is_better') return value;
  return Math.max((lower ?? upper)! - value, value - (upper ?? lower)!, 0);
}

function hasBounds({ comparator, lower, upper }: Target): boolean {
  const [hasLower, hasUpper] = [lower !== null && Number.isFinite(lower), upper !== null && Number.isFinite(upper)];
  if (comparator === 'between') return hasLower && hasUpper;
  if (comparator === 'gte' || comparator === 'gt') return hasLower;
  if (comparator === 'lte' || comparator === 'lt') return hasUpper;
  return hasLower || hasUpper;
}

/** The bar as the coordinator reads it; `eq` shows the side that counts ("đạt 76%" is met by 76 or more). */
function describeBar({ comparator, lower, upper }: Target, direction: IndicatorDirection): Bilingual {
  const [low, up] = [number(lower ?? NaN), number(upper ?? NaN)];
  if (comparator === 'between') return [`${low[0]}–${up[0]} (between)`, `${low[1]}–${up[1]} (trong khoảng)`];
  const eqSign = direction === 'higher_is_better' ? '≥' : direction === 'lower_is_better' ? '≤' : '=';
  const signs: Record<Exclude<TargetComparator, 'between'>, [string, Bilingual]> = {
    gte: ['≥', low], gt: ['>', low], lte: ['≤', up], lt: ['<', up], eq: [eqSign, number((lower ?? upper)!)],
  };
  const [sign, bound] = signs[comparator];
  return [`${sign} ${bound[0]}`, `${sign} ${bound[1]}`];
}

function round(n: number): number {
  const rounded = Math.round(n * 1e4) / 1e4;
  return rounded === 0 ? 0 : rounded; // no "-0" in a report
}

/** Vietnamese writes a decimal comma: 7,5. */
function number(n: number): Bilingual {
  const text = String(round(n));
  return [text, text.replace('.', ',')];
}

function kindNote(v: YearValue): Bilingual {
  return v.kind === 'official' ? ['', ''] : [' (estimate)', ' (ước tính)'];
}

/** "2021: 7.1, 2022: 8 (estimate)"; in Vietnamese with semicolons, since the comma is the decimal mark. */
function list(values: YearValue[]): Bilingual {
  const item = (v: YearValue, lang: 0 | 1) => `${v.year}: ${number(v.value)[lang]}${kindNote(v)[lang]}`;
  return [values.map((v) => item(v, 0)).join(', '), values.map((v) => item(v, 1)).join('; ')];
}

function yearsLacking(years: number[]): string {
  return `${years.join(', ')} ${years.length > 1 ? 'have' : 'has'} no value`;
}

function span(from: number, to: number): string {
  return from >= to ? String(from) : `${from}–${to}`;
}

function outcome(
  status: AssessmentStatus,
  rule: AssessmentRule,
  valuesUsed: YearValue[],
  computed: number | null,
  expected: string | null,
  [en, vi]: Bilingual,
): Assessment {
  const [wordEn, wordVi] = assessmentStatusWords[status];
  return { status, rule, valuesUsed, computed, expected, reason: `${wordEn}: ${en}.`, reasonVi: `${wordVi}: ${vi}.` };
}
