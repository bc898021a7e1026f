import t from 'tap';
import {
  assessIndicator,
  assessmentStatuses,
  meetsTarget,
  type AssessedIndicator,
  type Assessment,
  type AssessmentRule,
  type AssessmentStatus,
  type Target,
  type YearValue,
} from '../../src/domain/assessment.js';
import type { IndicatorDirection, TargetComparator } from '../../src/domain/vocabulary.js';
import { indicators } from '../../src/seed/cantho-17/indicators.js';

// The program runs 2021–2025; interim assessments are made as of 2023, final ones as of 2025.
const program = { startYear: 2021, endYear: 2025 };
const interim = { ...program, asOfYear: 2023 };
const final = { ...program, asOfYear: 2025 };

/** Yearly values, official unless written `{ estimate: n }`. */
type Series = Record<number, number | { estimate: number }>;
const series = (s: Series): YearValue[] =>
  Object.entries(s).map(([year, v]) =>
    typeof v === 'number' ? { year: Number(year), value: v, kind: 'official' } : { year: Number(year), value: v.estimate, kind: 'estimate' },
  );
const official = (year: number, value: number): YearValue => ({ year, value, kind: 'official' });
const estimate = (year: number, value: number): YearValue => ({ year, value, kind: 'estimate' });

const seed = (code: string): AssessedIndicator => {
  const indicator = indicators.find((i) => i.code === code);
  if (indicator === undefined) throw new Error(`no seed indicator ${code}`);
  return { direction: indicator.direction, target: indicator.target, basis: indicator.basis, targetYear: indicator.targetYear, baseline: null };
};
const withBaseline = (code: string, year: number, value: number): AssessedIndicator => ({ ...seed(code), baseline: { year, value } });
const vi = (n: number) => String(n).replace('.', ',');

/**
 * For every seed indicator with a target: a final case met and one not met (as of 2025), an interim case on track
 * and one at risk (as of 2023). Decoy years check that the right year decides (the target year for by_year, the
 * latest for interim), and values above a higher-is-better range count as met.
 */
const cases: Record<string, { met: Series; notMet: Series; onTrack: Series; atRisk: Series }> = {
  // period_average: the mean of the years (final needs all of 2021–2025)
  '1': { met: { 2021: 1.9, 2022: 8.2, 2023: 9, 2024: 9.5, 2025: 9.6 }, notMet: { 2021: 1.9, 2022: 5, 2023: 6.5, 2024: 7, 2025: 7.2 }, onTrack: { 2021: 7, 2022: 8, 2023: 8.1 }, atRisk: { 2021: 1.9, 2022: 8, 2023: 7 } },
  '1.1': { met: { 2021: 2.6, 2022: 2.8, 2023: 3.1, 2024: 2.9, 2025: 3 }, notMet: { 2021: 2, 2022: 2.2, 2023: 2.4, 2024: 2.3, 2025: 2.5 }, onTrack: { 2021: 2.6, 2022: 2.7, 2023: 2.8 }, atRisk: { 2021: 2, 2022: 2.4, 2023: 2.6 } },
  '1.2': { met: { 2021: 9.1, 2022: 9.4, 2023: 9.6, 2024: 9.2, 2025: 9.3 }, notMet: { 2021: 7.5, 2022: 8, 2023: 8.8, 2024: 9, 2025: 9.1 }, onTrack: { 2021: 9.2, 2022: 9, 2023: 9.4 }, atRisk: { 2021: 8, 2022: 8.5, 2023: 9.1 } },
  '1.3': { met: { 2021: 7.6, 2022: 7.8, 2023: 8, 2024: 7.9, 2025: 8.2 }, notMet: { 2021: 6, 2022: 7, 2023: 7.2, 2024: 7.4, 2025: 7.3 }, onTrack: { 2021: 7.5, 2022: 7.7, 2023: 7.9 }, atRisk: { 2021: 6.5, 2022: 7, 2023: 7.4 } },
  '1.4': { met: { 2021: 6.1, 2022: 6.3, 2023: 6.5, 2024: 6.2, 2025: 6.4 }, notMet: { 2021: 5, 2022: 5.5, 2023: 6, 2024: 5.8, 2025: 5.9 }, onTrack: { 2021: 6, 2022: 6.2, 2023: 6.4 }, atRisk: { 2021: 5.5, 2022: 5.8, 2023: 6 } },
  '4': { met: { 2021: 10.5, 2022: 11, 2023: 12, 2024: 13, 2025: 11.5 }, notMet: { 2021: 8, 2022: 9, 2023: 9.5, 2024: 10, 2025: 10.5 }, onTrack: { 2021: 10, 2022: 11, 2023: 12 }, atRisk: { 2021: 8, 2022: 9, 2023: 10.5 } },
  '5.2': { met: { 2021: 12.5, 2022: 13, 2023: 13.5, 2024: 12.8, 2025: 13.2 }, notMet: { 2021: 10, 2022: 11, 2023: 11.5, 2024: 12, 2025: 11 }, onTrack: { 2021: 12.2, 2022: 12.6, 2023: 13 }, atRisk: { 2021: 11, 2022: 11.5, 2023: 12.2 } },
  // each_year: every year must meet it; a failing estimate for the running year is only a risk
  '5.1': { met: { 2021: 100, 2022: 105, 2023: 112, 2024: 101, 2025: 103 }, notMet: { 2021: 105, 2022: 98, 2023: 110, 2024: 104, 2025: 106 }, onTrack: { 2021: 102, 2022: 110, 2023: 100 }, atRisk: { 2021: 102, 2022: 110, 2023: { estimate: 96 } } },
  '6.2': { met: { 2021: 11.5, 2022: 12, 2023: 14, 2024: 15, 2025: 16 }, notMet: { 2021: 12, 2022: 13, 2023: 10.5, 2024: 12, 2025: 12 }, onTrack: { 2021: 11, 2022: 12, 2023: 13 }, atRisk: { 2021: 12, 2022: 12.5, 2023: { estimate: 10 } } },
  // by_year: the 2025 value when final, the latest value before
  '2': { met: { 2024: 140, 2025: 152 }, notMet: { 2024: 150, 2025: 141 }, onTrack: { 2022: 120, 2023: 146 }, atRisk: { 2022: 150, 2023: 131 } },
  '3.1': { met: { 2024: 6.3, 2025: 5.8 }, notMet: { 2024: 5.8, 2025: 5.5 }, onTrack: { 2022: 6.5, 2023: 5.6 }, atRisk: { 2022: 5.7, 2023: 6 } },
  '3.2': { met: { 2024: 35, 2025: 33.7 }, notMet: { 2024: 33.8, 2025: 34.3 }, onTrack: { 2022: 32, 2023: 34 }, atRisk: { 2022: 33.9, 2023: 32.9 } },
  '3.3': { met: { 2024: 53, 2025: 54.5 }, notMet: { 2024: 54.2, 2025: 55.2 }, onTrack: { 2022: 56, 2023: 54.1 }, atRisk: { 2022: 54.3, 2023: 53.8 } },
  '3.4': { met: { 2024: 6.2, 2025: 5.92 }, notMet: { 2024: 5.9, 2025: 6.1 }, onTrack: { 2022: 5.5, 2023: 5.95 }, atRisk: { 2022: 5.93, 2023: 5.85 } },
  '6.1': { met: { 2024: 280, 2025: 297.18 }, notMet: { 2024: 300, 2025: 290.5 }, onTrack: { 2022: 240, 2023: 300 }, atRisk: { 2022: 298, 2023: 250 } },
  '7.1': { met: { 2024: 11, 2025: 12.4 }, notMet: { 2024: 12.5, 2025: 11.5 }, onTrack: { 2022: 9, 2023: 12 }, atRisk: { 2022: 12.5, 2023: 10 } },
  '7.2': { met: { 2024: 33, 2025: 41 }, notMet: { 2024: 36, 2025: 34.9 }, onTrack: { 2022: 30, 2023: 36 }, atRisk: { 2022: 37, 2023: 30 } },
  '8': { met: { 2024: 74, 2025: 76.5 }, notMet: { 2024: 76.2, 2025: 75.9 }, onTrack: { 2022: 70, 2023: 76 }, atRisk: { 2022: 76, 2023: 72 } },
  '9.1': { met: { 2024: 98, 2025: 99.15 }, notMet: { 2024: 99.3, 2025: 99.1 }, onTrack: { 2022: 98, 2023: 99.2 }, atRisk: { 2022: 99.2, 2023: 98.5 } },
  '9.2': { met: { 2024: 99, 2025: 100 }, notMet: { 2024: 100, 2025: 99.8 }, onTrack: { 2022: 99, 2023: 100 }, atRisk: { 2022: 100, 2023: 99.5 } },
  '9.3': { met: { 2024: 94, 2025: 95.2 }, notMet: { 2024: 95, 2025: 94.9 }, onTrack: { 2022: 93, 2023: 95 }, atRisk: { 2022: 95.5, 2023: 93 } },
  '9.4': { met: { 2024: 88, 2025: 90 }, notMet: { 2024: 91, 2025: 89.9 }, onTrack: { 2022: 85, 2023: 91 }, atRisk: { 2022: 92, 2023: 85 } },
  '10': { met: { 2024: 79, 2025: 86 }, notMet: { 2024: 81, 2025: 79.5 }, onTrack: { 2022: 75, 2023: 80 }, atRisk: { 2022: 80, 2023: 75 } },
  '11': { met: { 2024: 0.6, 2025: 0.45 }, notMet: { 2024: 0.4, 2025: 0.5 }, onTrack: { 2022: 1.2, 2023: 0.4 }, atRisk: { 2022: 0.3, 2023: 1.2 } },
  '12': { met: { 2024: 16, 2025: 17 }, notMet: { 2024: 17.5, 2025: 16.5 }, onTrack: { 2022: 14, 2023: 17.2 }, atRisk: { 2022: 17, 2023: 14 } },
  '13': { met: { 2024: 93, 2025: 95.1 }, notMet: { 2024: 95, 2025: 94 }, onTrack: { 2022: 92, 2023: 95 }, atRisk: { 2022: 95, 2023: 92 } },
  '14': { met: { 2024: 20, 2025: 24 }, notMet: { 2024: 24, 2025: 23 }, onTrack: { 2022: 10, 2023: 25 }, atRisk: { 2022: 24, 2023: 15 } },
  '14.1': { met: { 2024: 6, 2025: 8 }, notMet: { 2024: 8, 2025: 7 }, onTrack: { 2022: 3, 2023: 8 }, atRisk: { 2022: 8, 2023: 5 } },
  '15': { met: { 2024: 96, 2025: 97 }, notMet: { 2024: 97, 2025: 96.9 }, onTrack: { 2022: 95, 2023: 97.5 }, atRisk: { 2022: 97, 2023: 95 } },
  '15.1': { met: { 2024: 99, 2025: 100 }, notMet: { 2024: 100, 2025: 99.9 }, onTrack: { 2022: 98, 2023: 100 }, atRisk: { 2022: 100, 2023: 98 } },
  '15.2': { met: { 2024: 93, 2025: 94 }, notMet: { 2024: 94, 2025: 93.5 }, onTrack: { 2022: 90, 2023: 94.2 }, atRisk: { 2022: 94, 2023: 90 } },
  '16': { met: { 2024: 98, 2025: 100 }, notMet: { 2024: 100, 2025: 98 }, onTrack: { 2022: 95, 2023: 100 }, atRisk: { 2022: 100, 2023: 95 } },
  '17': { met: { 2024: 70, 2025: 75 }, notMet: { 2024: 80, 2025: 74.9 }, onTrack: { 2022: 70, 2023: 80 }, atRisk: { 2022: 80, 2023: 70 } },
};

const ruleFor: Record<string, AssessmentRule> = { period_average: 'period_average', by_year: 'latest_value', each_year: 'each_year' };

/** A subtest's `t` (the last overload of t.test takes only the callback). */
type Subtest = Parameters<Parameters<typeof t.test>[0]>[0];

/** Status, rule, values in year order, and a reason in both languages that names the computed number. */
function check(t: Subtest, a: Assessment, status: AssessmentStatus, rule: AssessmentRule, label: string) {
  t.equal(a.status, status, `${label}: status`);
  t.equal(a.rule, rule, `${label}: rule`);
  t.same(a.valuesUsed.map((v) => v.year), [...a.valuesUsed.map((v) => v.year)].sort(), `${label}: values in year order`);
  if (a.computed !== null) {
    t.ok(a.reason.includes(String(a.computed)), `${label}: reason names ${a.computed}: ${a.reason}`);
    t.ok(a.reasonVi.includes(vi(a.computed)), `${label}: reasonVi names ${vi(a.computed)}: ${a.reasonVi}`);
  }
}

t.test('every seed indicator with a target: met, not met, on track, at risk', async (t) => {
  const targeted = indicators.filter((i) => i.target !== null);
  t.equal(targeted.length, 33);
  t.same(targeted.map((i) => i.code).sort(), Object.keys(cases).sort(), 'the table covers exactly the indicators with a target');
  for (const indicator of targeted) {
    const row = cases[indicator.code]!;
    const rule = ruleFor[indicator.basis!]!;
    const subject = seed(indicator.code);
    const label = (what: string) => `${indicator.code} (${indicator.basis}, ${indicator.target!.comparator}, ${indicator.direction}) ${what}`;
    check(t, assessIndicator(subject, series(row.met), final), 'met', rule, label('met'));
    check(t, assessIndicator(subject, series(row.notMet), final), 'not_met', rule, label('not met'));
    check(t, assessIndicator(subject, series(row.onTrack), interim), 'on_track', rule, label('on track'));
    check(t, assessIndicator(subject, series(row.atRisk), interim), 'at_risk', rule, label('at risk'));
    if (indicator.basis === 'period_average') {
      const values = Object.values(row.met) as number[];
      const mean = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1e4) / 1e4;
      t.equal(assessIndicator(subject, series(row.met), final).computed, mean, label('computes the mean'));
    }
    if (indicator.basis === 'by_year') {
      t.equal(assessIndicator(subject, series(row.notMet), final).computed, row.notMet[2025], label('compares the 2025 value'));
      t.equal(assessIndicator(subject, series(row.atRisk), interim).computed, row.atRisk[2023], label('compares the latest value'));
    }
  }
});

t.test('parents without a target of their own are not assessed', async (t) => {
  const parents = indicators.filter((i) => i.target === null).map((i) => i.code);
  t.same(parents, ['3', '5', '6', '7', '9']);
  for (const code of parents) {
    const a = assessIndicator(seed(code), series({ 2021: 1, 2025: 2 }), final);
    t.same(a, { ...a, status: 'no_target', rule: 'no_target', valuesUsed: [], computed: null, expected: null }, code);
    t.match(a.reasonVi, /không có mục tiêu riêng/, `${code}: reasonVi`);
  }
  const incomplete: AssessedIndicator = { ...seed('9.4'), target: { comparator: 'gte', lower: null, upper: 90 } };
  t.equal(assessIndicator(incomplete, series({ 2025: 95 }), final).status, 'no_target', 'a target lacking the bound it needs');
});

t.test('no data', async (t) => {
  const cases: [string, YearValue[], { startYear: number; endYear: number; asOfYear: number }, RegExp][] = [
    ['no values at all', [], interim, /no value for 2021–2023/],
    ['only values outside the years counted', series({ 2019: 70, 2020: 71, 2024: 76, 2026: 77 }), interim, /no value for 2021–2023/],
    ['a value that is not a number', [official(2023, Number.NaN)], interim, /no value/],
    ['assessed before the program begins', series({ 2020: 70 }), { ...program, asOfYear: 2020 }, /has not begun/],
  ];
  for (const [name, values, context, reason] of cases) {
    const a = assessIndicator(seed('8'), values, context);
    t.same([a.status, a.rule, a.computed, a.expected, a.valuesUsed], ['no_data', 'no_data', null, '≥ 76', []], name);
    t.match(a.reason, reason, `${name}: ${a.reason}`);
    t.match(a.reasonVi, /^Chưa có số liệu: /, `${name}: reasonVi`);
  }
});

t.test('official values win over estimates; values outside the years are ignored', async (t) => {
  const both = [estimate(2025, 77), official(2025, 75)];
  for (const values of [both, [...both].reverse()]) {
    const a = assessIndicator(seed('8'), values, final);
    t.same([a.status, a.valuesUsed], ['not_met', [official(2025, 75)]], 'the official 75 is used, not the estimate 77');
  }
  const estimated = assessIndicator(seed('8'), [estimate(2025, 77)], final);
  t.same([estimated.status, estimated.computed], ['met', 77], 'an estimate alone is used');
  t.match(estimated.reason, /77 \(estimate\)/);
  t.match(estimated.reasonVi, /77 \(ước tính\)/);
  const average = assessIndicator(seed('1'), series({ 2020: 20, 2021: 7, 2022: 8, 2023: 9, 2024: 0 }), interim);
  t.same([average.computed, average.valuesUsed.map((v) => v.year)], [8, [2021, 2022, 2023]], '2020 (before) and 2024 (after asOf) are left out');
  const later = assessIndicator(seed('8'), series({ 2025: 76, 2026: 60 }), { ...program, asOfYear: 2027 });
  t.same([later.status, later.valuesUsed.map((v) => v.year)], ['met', [2025]], 'a value after the target year is left out');
  const shuffled = assessIndicator(seed('1'), [official(2023, 9), official(2021, 7), official(2022, 8)], interim);
  t.same(shuffled.valuesUsed.map((v) => v.year), [2021, 2022, 2023], 'values come back in year order');
});

t.test('period_average: missing years and rounding', async (t) => {
  const gaps = assessIndicator(seed('1'), series({ 2021: 8, 2023: 8, 2025: 8 }), final);
  t.same([gaps.status, gaps.computed], ['at_risk', 8], 'a final average with missing years cannot be called');
  t.match(gaps.reason, /2022, 2024 have no value/);
  t.match(gaps.reasonVi, /năm 2022, 2024 chưa có số liệu/);
  const gapsNotMet = assessIndicator(seed('1'), series({ 2021: 1, 2022: 2, 2023: 3, 2024: 4 }), final);
  t.same([gapsNotMet.status, gapsNotMet.computed], ['at_risk', 2.5], 'even when the partial mean falls short');
  const rounded = assessIndicator(seed('1'), series({ 2021: 7.49999, 2022: 7.49999, 2023: 7.49999 }), interim);
  t.same([rounded.computed, rounded.status], [7.5, 'on_track'], 'compared as reported: 7.49999 rounds to 7.5');
  const final2026 = assessIndicator(seed('1'), series({ 2021: 8, 2022: 8, 2023: 8, 2024: 8, 2025: 8 }), { ...program, asOfYear: 2026 });
  t.equal(final2026.status, 'met', 'after the target year it stays final');
  const met = assessIndicator(seed('1'), series(cases['1']!.met), final);
  t.equal(met.expected, '7.5–8 (between)');
  t.match(met.reasonVi, /7,64/, 'Vietnamese writes a decimal comma');
  t.match(met.reasonVi, /2021: 1,9; 2022: 8,2/, 'and separates values with semicolons');
});

t.test('by_year: the target year decides, or the latest value before it', async (t) => {
  const missing2025 = assessIndicator(seed('8'), series({ 2022: 70, 2023: 77 }), final);
  t.same([missing2025.status, missing2025.computed, missing2025.valuesUsed], ['met', 77, [official(2023, 77)]]);
  t.match(missing2025.reason, /no 2025 value; the latest before it \(2023\)/);
  t.match(missing2025.reasonVi, /chưa có giá trị năm 2025/);
  const noTargetYear: AssessedIndicator = { ...seed('8'), targetYear: null };
  t.equal(assessIndicator(noTargetYear, series({ 2024: 80 }), { ...program, asOfYear: 2024 }).status, 'on_track', 'targetYear null: endYear 2025');
  t.equal(assessIndicator(noTargetYear, series({ 2025: 80 }), final).status, 'met');
  const noBasis: AssessedIndicator = { ...seed('8'), basis: null };
  t.equal(assessIndicator(noBasis, series({ 2025: 75 }), final).rule, 'latest_value', 'basis null is read as by_year');
  const finalIgnoresBaseline = assessIndicator(withBaseline('8', 2020, 70), series({ 2025: 75 }), final);
  t.same([finalIgnoresBaseline.status, finalIgnoresBaseline.rule], ['not_met', 'latest_value'], 'a final assessment ignores the trajectory');
});

t.test('by_year with a baseline: the trajectory', async (t) => {
  // 8 (≥ 76): from 70 in 2020 → 73.6 expected in 2023, 72.4 in 2022.
  // 11 (< 0.5, lower is better): from 2 in 2020 → 1.1 expected in 2023.
  // 3.1 (5.6–5.9, closer is better): from 7 in 2020 to the middle 5.75 → 6.25 in 2023, 0.35 outside the band.
  // 17 (≥ 75): a baseline of 85 is already above the target → 79 expected in 2023.
  const cases: [string, AssessedIndicator, Series, AssessmentStatus, string][] = [
    ['higher, ahead of the line', withBaseline('8', 2020, 70), { 2023: 74 }, 'on_track', '73.6 on the trajectory from 2020 baseline 70 to 76 in 2025'],
    ['higher, exactly on the line', withBaseline('8', 2020, 70), { 2023: 73.6 }, 'on_track', '73.6 on the trajectory from 2020 baseline 70 to 76 in 2025'],
    ['higher, behind the line', withBaseline('8', 2020, 70), { 2023: 73 }, 'at_risk', '73.6 on the trajectory from 2020 baseline 70 to 76 in 2025'],
    ['higher, the latest value is from 2022', withBaseline('8', 2020, 70), { 2022: 72 }, 'at_risk', '72.4 on the trajectory from 2020 baseline 70 to 76 in 2025'],
    ['lower, ahead', withBaseline('11', 2020, 2), { 2023: 1 }, 'on_track', '1.1 on the trajectory from 2020 baseline 2 to 0.5 in 2025'],
    ['lower, behind', withBaseline('11', 2020, 2), { 2023: 1.3 }, 'at_risk', '1.1 on the trajectory from 2020 baseline 2 to 0.5 in 2025'],
    ['closer, nearer the band than the line', withBaseline('3.1', 2020, 7), { 2023: 6.1 }, 'on_track', '6.25 on the trajectory from 2020 baseline 7 to 5.75 in 2025'],
    ['closer, overshooting but still nearer', withBaseline('3.1', 2020, 7), { 2023: 5.3 }, 'on_track', '6.25 on the trajectory from 2020 baseline 7 to 5.75 in 2025'],
    ['closer, overshooting too far', withBaseline('3.1', 2020, 7), { 2023: 5.2 }, 'at_risk', '6.25 on the trajectory from 2020 baseline 7 to 5.75 in 2025'],
    ['closer, behind the line', withBaseline('3.1', 2020, 7), { 2023: 6.6 }, 'at_risk', '6.25 on the trajectory from 2020 baseline 7 to 5.75 in 2025'],
    ['higher, below the line but already meeting the target', withBaseline('17', 2020, 85), { 2023: 77 }, 'on_track', '79 on the trajectory from 2020 baseline 85 to 75 in 2025'],
    ['higher, below the line and the target', withBaseline('17', 2020, 85), { 2023: 74 }, 'at_risk', '79 on the trajectory from 2020 baseline 85 to 75 in 2025'],
  ];
  for (const [name, indicator, values, status, expected] of cases) {
    const a = assessIndicator(indicator, series(values), interim);
    check(t, a, status, 'trajectory', name);
    t.equal(a.expected, expected, `${name}: expected`);
    t.equal(a.valuesUsed.length, 1, `${name}: looks at the latest value only`);
  }
  t.match(assessIndicator(withBaseline('8', 2020, 70), series({ 2023: 73 }), interim).reasonVi, /chậm hơn mức 73,6 theo lộ trình từ giá trị gốc 70 \(năm 2020\)/);
  const baselineInTargetYear = assessIndicator(withBaseline('8', 2025, 70), series({ 2023: 77 }), interim);
  t.equal(baselineInTargetYear.rule, 'latest_value', 'a baseline that is not before the target year gives no line');
});

t.test('each_year: every year must meet it', async (t) => {
  const cases: [string, Series, { startYear: number; endYear: number; asOfYear: number }, AssessmentStatus, number][] = [
    ['an official failure before the end is already not met', { 2021: 105, 2022: 98, 2023: 110 }, interim, 'not_met', 98],
    ['an estimate for a past year that failed is not met', { 2021: 105, 2022: { estimate: 98 }, 2023: 110 }, interim, 'not_met', 98],
    ['an official failure of the running year is not met', { 2021: 105, 2022: 110, 2023: 97 }, interim, 'not_met', 97],
    ['an estimate for the running year that fails is at risk', { 2021: 105, 2022: 110, 2023: { estimate: 97 } }, interim, 'at_risk', 97],
    ['a failing estimate in the final year is final', { 2021: 105, 2022: 110, 2023: 101, 2024: 102, 2025: { estimate: 99 } }, final, 'not_met', 99],
    ['final with a year missing', { 2021: 105, 2022: 110, 2024: 102, 2025: 103 }, final, 'at_risk', 102],
    ['on track with a year missing so far', { 2021: 105, 2023: 101 }, interim, 'on_track', 101],
  ];
  for (const [name, values, context, status, weakest] of cases) {
    const a = assessIndicator(seed('5.1'), series(values), context);
    check(t, a, status, 'each_year', name);
    t.equal(a.computed, weakest, `${name}: computed is the weakest year`);
  }
  const gap = assessIndicator(seed('5.1'), series({ 2021: 105, 2022: 110, 2024: 102, 2025: 103 }), final);
  t.match(gap.reason, /2023 has no value/);
  const band = assessIndicator(seed('6.2'), series({ 2021: 16, 2022: 11 }), { ...program, asOfYear: 2022 });
  t.same([band.status, band.computed], ['on_track', 11], 'above the 11–15 band is better, so the weakest is 11');
  t.equal(assessIndicator(seed('5.1'), series(cases[0]![1]), interim).expected, '≥ 100');
});

t.test('meetsTarget', async (t) => {
  const between: Target = { comparator: 'between', lower: 5.6, upper: 5.9 };
  const cases: [TargetComparator, number | null, number | null, IndicatorDirection, number, boolean][] = [
    ['between', 7.5, 8, 'higher_is_better', 7.5, true],
    ['between', 7.5, 8, 'higher_is_better', 9, true], // beating the range is better still
    ['between', 7.5, 8, 'higher_is_better', 7.4999, false],
    ['between', 1, 2, 'lower_is_better', 2, true],
    ['between', 1, 2, 'lower_is_better', 0.5, true],
    ['between', 1, 2, 'lower_is_better', 2.01, false],
    ['between', 5.6, 5.9, 'closer_is_better', 5.6, true],
    ['between', 5.6, 5.9, 'closer_is_better', 5.9, true],
    ['between', 5.6, 5.9, 'closer_is_better', 5.75, true],
    ['between', 5.6, 5.9, 'closer_is_better', 5.59, false],
    ['between', 5.6, 5.9, 'closer_is_better', 5.91, false],
    ['gte', 100, null, 'higher_is_better', 100, true], // 5.1
    ['gte', 100, null, 'higher_is_better', 99.99, false],
    ['gte', 90, null, 'higher_is_better', 90, true], // 9.4
    ['gte', 75, null, 'higher_is_better', 74.9, false], // 17
    ['gt', 75, null, 'higher_is_better', 75, false],
    ['gt', 75, null, 'higher_is_better', 75.01, true],
    ['lte', null, 10, 'lower_is_better', 10, true],
    ['lte', null, 10, 'lower_is_better', 10.01, false],
    ['lt', null, 0.5, 'lower_is_better', 0.49, true], // 11
    ['lt', null, 0.5, 'lower_is_better', 0.5, false],
    ['eq', 24, 24, 'higher_is_better', 24, true], // 14: 24 communes
    ['eq', 24, 24, 'higher_is_better', 25, true],
    ['eq', 24, 24, 'higher_is_better', 23, false],
    ['eq', 2, 2, 'lower_is_better', 1, true],
    ['eq', 2, 2, 'lower_is_better', 3, false],
    ['eq', 5, 5, 'closer_is_better', 5 + 1e-10, true],
    ['eq', 5, 5, 'closer_is_better', 5.001, false],
    ['eq', 76, null, 'higher_is_better', 76, true], // eq with one bound set
  ];
  for (const [comparator, lower, upper, direction, value, expected] of cases) {
    t.equal(meetsTarget({ comparator, lower, upper }, direction, value), expected, `${comparator} ${lower}/${upper} ${direction} ${value}`);
  }
  t.ok(meetsTarget(between, 'closer_is_better', 5.8));
  const incomplete: Target[] = [
    { comparator: 'between', lower: 1, upper: null },
    { comparator: 'gte', lower: null, upper: 1 },
    { comparator: 'lt', lower: 1, upper: null },
    { comparator: 'eq', lower: null, upper: null },
  ];
  for (const target of incomplete) t.throws(() => meetsTarget(target, 'higher_is_better', 1), RangeError, target.comparator);
});

t.test('the bar in words', async (t) => {
  const cases: [string, string][] = [['1', '7.5–8 (between)'], ['9.4', '≥ 90'], ['11', '< 0.5'], ['8', '≥ 76'], ['3.1', '5.6–5.9 (between)'], ['14', '≥ 24']];
  for (const [code, bar] of cases) t.equal(assessIndicator(seed(code), [], interim).expected, bar, code);
  t.equal(assessIndicator({ ...seed('3.1'), target: { comparator: 'eq', lower: 5.75, upper: 5.75 } }, [], interim).expected, '= 5.75');
  t.equal(assessIndicator({ ...seed('11'), target: { comparator: 'lte', lower: null, upper: 1 } }, [], interim).expected, '≤ 1');
  t.same([...assessmentStatuses].sort(), ['at_risk', 'met', 'no_data', 'no_target', 'not_met', 'on_track']);
});
