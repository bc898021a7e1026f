// Generated programs (fast-check): any valid document — odd text, extreme numbers, every deadline and target shape —
// imports (200), changes nothing when imported again, and comes back from the service, as JSON and as the XLSX
// template, as a document that describes exactly what is stored (importing it changes nothing either).
import fc from 'fast-check';
import t from 'tap';
import { xlsxMediaType } from '../src/imports/source.js';
import { createTestApp, json } from './helpers/app.js';

const runs = Number(process.env.IMPORT_RUNS ?? 15);

/** Text people write, and what trips up XML, spreadsheets and databases: Vietnamese, emoji, line breaks, markup. */
const character = fc.constantFrom('a', 'Z', '7', ' ', 'ế', 'Đ', 'ư', 'e\u0301', '😀', '🇻🇳', '\t', '\n', '\r\n', '<', '&', '"', "'", '=', '+', '-', '@', '%', ',', ';', ':', '\u00a0', '\u200b', '\ufeff', '\ufffd', '\u2028', '\uffff', '\r', '_x0041_', '_x000d_', '_');
const text = (max: number) =>
  fc
    .array(character, { minLength: 1, maxLength: Math.min(max, 24) })
    .map((parts) => parts.join(''))
    .filter((s) => /[^\s\p{Cc}]/u.test(s) && [...s].length <= max);
const code = (prefix: string) => fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,12}$/).map((s) => `${prefix}${s}`);
const decimal = fc.oneof(
  fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.constantFrom(0, 7.5, 0.1, 1e-9, 123456789.12345679, 1e15, -1e15),
);
const year = fc.integer({ min: 1900, max: 2200 });
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const without = <T extends object>(value: T) => JSON.parse(JSON.stringify(value)) as T; // drops undefined fields

let run = 0;
/** A valid program document whose codes are its own (a run prefix keeps agencies apart across runs). */
const documentArbitrary = fc
  .record({
    agencyCount: fc.integer({ min: 1, max: 5 }),
    groupCount: fc.integer({ min: 0, max: 2 }),
    taskGroupCount: fc.integer({ min: 1, max: 3 }),
    indicatorCount: fc.integer({ min: 0, max: 5 }),
    taskCount: fc.integer({ min: 0, max: 5 }),
    startYear: fc.integer({ min: 1900, max: 2190 }),
    span: fc.integer({ min: 0, max: 10 }),
    seed: fc.integer(),
  })
  .chain((shape) => {
    const prefix = `r${run++}-`;
    const agencyCodes = Array.from({ length: shape.agencyCount }, (_, i) => `${prefix}a${i}`);
    const groupCodes = Array.from({ length: shape.groupCount }, (_, i) => `${prefix}g${i}`);
    const taskGroupCodes = Array.from({ length: shape.taskGroupCount }, (_, i) => `${i + 1}`);
    const indicatorCodes = Array.from({ length: shape.indicatorCount }, (_, i) => `${i + 1}`);
    const endYear = shape.startYear + shape.span;
    const agencyCode = fc.constantFrom(...agencyCodes);
    const target = fc.oneof(
      fc.tuple(decimal, decimal).map(([a, b]) => ({ comparator: 'between', lower: Math.min(a, b), upper: Math.max(a, b) })),
      fc.tuple(fc.constantFrom('gte', 'gt'), decimal).map(([comparator, lower]) => ({ comparator, lower })),
      fc.tuple(fc.constantFrom('lte', 'lt'), decimal).map(([comparator, upper]) => ({ comparator, upper })),
      decimal.map((n) => ({ comparator: 'eq', lower: n, upper: n })),
    );
    const deadline = fc.oneof(
      fc.record({ kind: fc.constant('year'), fromYear: year }),
      fc.tuple(year.filter((y) => y < 2200), fc.integer({ min: 1, max: 20 })).map(([from, n]) => ({ kind: 'year_range', fromYear: from, toYear: Math.min(2200, from + n) })),
      fc.constant({ kind: 'annually' }),
      fc.tuple(year, fc.integer({ min: 0, max: 5 })).map(([from, n]) => ({ kind: 'annually', fromYear: from, toYear: Math.min(2200, from + n) })),
      fc.constant({ kind: 'event' }),
    );
    const completion = fc.oneof(
      fc.constant({}),
      fc.record({ status: fc.constantFrom('not_started', 'in_progress', 'cancelled'), progress: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ status: fc.constant('completed'), completedOn: fc.constantFrom('2021-12-31', '1999-01-01', '2200-12-31') }),
    );
    return fc.record({
      formatVersion: fc.constant(1),
      program: fc.record({
        code: code(`P${prefix}`),
        title: text(2000),
        resolution: optional(text(200)),
        issuedOn: optional(fc.constantFrom('2021-10-04', '1900-01-01', '2200-12-31')),
        startYear: fc.constant(shape.startYear),
        endYear: fc.constant(endYear),
        signedBy: optional(text(200)),
        summary: optional(text(20000)),
        issuerCode: optional(agencyCode),
        coordinatorCode: optional(agencyCode),
        reportingPeriodKinds: optional(fc.uniqueArray(fc.constantFrom('annual', 'half_year', 'quarter', 'month'), { minLength: 1, maxLength: 4 })),
        reportDeadlineWorkingDays: optional(fc.integer({ min: 1, max: 60 })),
      }),
      agencies: fc.tuple(
        ...agencyCodes.map((agency, i) =>
          fc.record({
            code: fc.constant(agency),
            name: text(500),
            shortName: optional(text(100)),
            kind: fc.constantFrom('department', 'board', 'office', 'peoples_committee'),
            parentCode: i === 0 ? fc.constant(undefined) : optional(fc.constantFrom(...agencyCodes.slice(0, i))),
            validFrom: optional(fc.constantFrom('2025-03-01', '1900-01-01')),
          }),
        ),
      ),
      agencyGroups: fc.tuple(
        ...groupCodes.map((group) => fc.record({ code: fc.constant(group), name: text(500), description: optional(text(4000)), memberCodes: fc.uniqueArray(agencyCode, { maxLength: 4 }) })),
      ),
      taskGroups: fc
        .shuffledSubarray(['I', 'II', 'III', 'IV'], { minLength: shape.taskGroupCount, maxLength: shape.taskGroupCount })
        .chain((sections) =>
          fc.tuple(
            ...taskGroupCodes.map((group, i) =>
              fc.record({
                code: fc.constant(group),
                title: text(2000),
                position: optional(fc.integer({ min: 1, max: 1000 })),
                appendixSection: optional(fc.constant(sections[i]!)),
                appendixTitle: optional(text(2000)),
              }),
            ),
          ),
        ),
      indicators: fc.tuple(
        ...indicatorCodes.map((indicator, i) =>
          fc
            .record({
              code: fc.constant(indicator),
              parentCode: i === 0 ? fc.constant(undefined) : optional(fc.constantFrom(...indicatorCodes.slice(0, i))),
              position: optional(fc.integer({ min: 1, max: 100000 })),
              category: fc.constantFrom('economic', 'social', 'environment', 'defence_security'),
              name: text(1000),
              unit: optional(text(100)),
              direction: fc.constantFrom('higher_is_better', 'lower_is_better', 'closer_is_better'),
              target: optional(fc.tuple(target, optional(text(500))).map(([x, label]) => ({ ...x, text: label }))),
              basis: fc.constantFrom('period_average', 'by_year', 'each_year'),
              targetYear: optional(year),
              baseline: optional(fc.record({ value: decimal, year })),
              responsibleAgencyCode: optional(agencyCode),
              sourceText: optional(text(5000)),
              notes: optional(text(5000)),
            })
            .map((x) => ({ ...x, basis: x.target ? x.basis : undefined, targetYear: x.target && x.basis === 'by_year' ? (x.targetYear ?? endYear) : x.targetYear })),
        ),
      ),
      tasks: fc.tuple(
        ...Array.from({ length: shape.taskCount }, (_, i) =>
          fc
            .record({
              code: fc.constant(String(i + 1).padStart(2, '0')),
              groupCode: fc.constantFrom(...taskGroupCodes),
              title: text(2000),
              kind: fc.constantFrom('program', 'scheme', 'plan', 'report', 'master_plan', 'adjustment'),
              leadAgencyCode: agencyCode,
              supporters: fc.uniqueArray(fc.oneof(agencyCode.map((c) => `agency:${c}`), ...(groupCodes.length ? [fc.constantFrom(...groupCodes).map((c) => `group:${c}`)] : [])), { maxLength: 4 }),
              supportingText: optional(text(2000)),
              deadline: fc.tuple(deadline, optional(text(500))).map(([d, label]) => ({ ...d, text: label })),
              isKey: optional(fc.boolean()),
              completion,
            })
            .map(({ supporters, completion: done, ...task }) => ({
              ...task,
              supporters: supporters.map((s) => (s.startsWith('agency:') ? { agencyCode: s.slice(7) } : { groupCode: s.slice(6) })),
              ...done,
              // An annual deadline without years spans the program; with years beyond it, still valid.
              deadline: task.deadline.kind === 'annually' && !('fromYear' in task.deadline) ? { kind: 'annually', text: task.deadline.text } : task.deadline,
            })),
        ),
      ),
    });
  })
  .map(without);

t.test('any valid document imports, re-imports as unchanged, and comes back as JSON and XLSX describing what is stored', async (t) => {
  const { app } = await createTestApp(t, { seed: false });
  const post = (payload: unknown, type = 'application/json') =>
    app.inject({ method: 'POST', url: '/v1/imports', headers: { 'content-type': type }, payload: Buffer.isBuffer(payload) ? payload : JSON.stringify(payload) });
  await fc.assert(
    fc.asyncProperty(documentArbitrary, async (document) => {
      const first = await post(document);
      if (first.statusCode !== 200) throw new Error(`import: ${first.statusCode} ${first.body.slice(0, 2000)}`);
      const again = json(await post(document));
      if (again.changes?.length !== 0) throw new Error(`re-import changed ${JSON.stringify(again.changes ?? again)}`);
      const programId = json(first).programId;
      const exported = json(await app.inject(`/v1/programs/${programId}/document`));
      const fromJson = json(await post(exported));
      if (fromJson.changes?.length !== 0) throw new Error(`importing the exported document changed ${JSON.stringify(fromJson.changes ?? fromJson)}`);
      const workbook = (await app.inject(`/v1/programs/${programId}/import-template`)).rawPayload;
      const fromXlsx = json(await post(workbook, xlsxMediaType));
      if (fromXlsx.changes?.length !== 0) throw new Error(`importing the exported workbook changed ${JSON.stringify(fromXlsx.changes ?? fromXlsx).slice(0, 3000)}`);
    }),
    { numRuns: runs, seed: process.env.IMPORT_SEED ? Number(process.env.IMPORT_SEED) : undefined },
  );
  t.pass(`${runs} generated programs`);
});
