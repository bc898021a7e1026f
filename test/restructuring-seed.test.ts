// The 2025 restructuring seed is consistent with the 2021 program and with the lineage rules: every code resolves,
// each event is valid against the world the earlier events left, and the program's tasks land where the law says.
import t from 'tap';
import {
  agencyExistsOn,
  applyValidityChanges,
  closeAndOpen,
  dayBefore,
  isIsoDate,
  responsibleAgency,
  tasksResponsibleOn,
  validateLineageEvent,
  type AgencyPeriod,
  type LineageEvent,
} from '../src/domain/lineage.js';
import { agencyKinds } from '../src/domain/vocabulary.js';
import { agencies as programAgencies } from '../src/seed/cantho-17/agencies.js';
import { tasks } from '../src/seed/cantho-17/tasks.js';
import { lineageEvents, preexistingAgencies, successorAgencies } from '../src/seed/restructuring-2025/index.js';

const programCodes = new Set(programAgencies.map((a) => a.code));
const addedCodes = [...successorAgencies, ...preexistingAgencies].map((a) => a.code);
const allCodes = new Set([...programCodes, ...addedCodes]);
const taskCodes = new Set(tasks.map((task) => task.code));

// Codes double as ids here, as the loader's code → id mapping is one-to-one.
const events: LineageEvent[] = lineageEvents.map((e, index) => ({
  id: `${e.effectiveOn}#${index}`,
  kind: e.kind,
  effectiveOn: e.effectiveOn,
  predecessors: e.predecessorCodes,
  successors: e.successorCodes,
  taskAssignments: e.taskAssignments.map((a) => ({ taskId: a.taskCode, agencyId: a.agencyCode })),
}));
const taskLeads = tasks.map((task) => ({ id: task.code, leadAgencyId: task.leadAgencyCode }));
const initialPeriods: AgencyPeriod[] = [
  ...programAgencies.map((a) => ({ id: a.code, validFrom: null, validTo: null })),
  ...preexistingAgencies.map((a) => ({ id: a.code, validFrom: null, validTo: null })),
  ...successorAgencies.map((a) => ({ id: a.code, validFrom: a.validFrom, validTo: null })),
];

t.test('codes', async (t) => {
  t.equal(new Set(addedCodes).size, addedCodes.length, 'added codes are unique');
  for (const code of addedCodes) {
    t.notOk(programCodes.has(code), `${code} does not reuse a 2021 code`);
    t.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${code} is kebab-case ASCII`);
  }
  for (const agency of [...successorAgencies, ...preexistingAgencies]) {
    t.ok((agencyKinds as readonly string[]).includes(agency.kind), `${agency.code}: kind ${agency.kind} is known`);
    if (agency.parentCode !== null) t.ok(allCodes.has(agency.parentCode), `${agency.code}: parent ${agency.parentCode} exists`);
  }
  for (const agency of successorAgencies) {
    t.ok(isIsoDate(agency.validFrom), `${agency.code}: validFrom is a date`);
    t.ok(
      events.some((e) => e.successors.includes(agency.code) && e.effectiveOn === agency.validFrom && (e.kind === 'rename' || e.kind === 'merge')),
      `${agency.code} is created by an event on its validFrom`,
    );
  }
  for (const event of lineageEvents) {
    const where = `${event.kind} ${event.effectiveOn} ${event.predecessorCodes.join('+')}`;
    for (const code of [...event.predecessorCodes, ...event.successorCodes]) t.ok(allCodes.has(code), `${where}: ${code} exists`);
    for (const { taskCode, agencyCode } of event.taskAssignments) {
      t.ok(taskCodes.has(taskCode), `${where}: task ${taskCode} exists`);
      t.ok(allCodes.has(agencyCode), `${where}: ${agencyCode} exists`);
    }
    t.ok(isIsoDate(event.effectiveOn), `${where}: effectiveOn is a date`);
    t.ok(event.legalBasis.trim().length > 0, `${where}: has a legal basis`);
  }
  const dates = lineageEvents.map((e) => e.effectiveOn);
  t.same(dates, [...dates].sort(), 'events are chronological');
  for (const code of addedCodes) {
    t.ok(lineageEvents.some((e) => e.predecessorCodes.includes(code) || e.successorCodes.includes(code)), `${code} takes part in an event`);
  }
});

t.test('each event is valid against the world the earlier ones left', async (t) => {
  let periods = initialPeriods;
  const applied: LineageEvent[] = [];
  for (const event of events) {
    const ledByPredecessors = event.predecessors.flatMap((code) =>
      tasksResponsibleOn(code, taskLeads, applied, dayBefore(event.effectiveOn)).map((r) => r.taskId),
    );
    t.same(validateLineageEvent(event, periods, applied, ledByPredecessors), [], `${event.id} ${event.kind} ${event.predecessors.join('+')}`);
    periods = applyValidityChanges(periods, closeAndOpen(event, periods));
    applied.push(event);
  }
  const end = (code: string) => periods.find((p) => p.id === code)?.validTo;
  t.equal(end('so-ke-hoach-va-dau-tu'), '2025-02-28', 'DPI ends the day before the merger');
  t.equal(end('ubnd-quan-ninh-kieu'), '2025-06-30', 'districts end the day before 2025-07-01');
  t.equal(end('so-giao-duc-va-dao-tao'), null, 'Education continues');
  t.equal(periods.find((p) => p.id === 'so-giao-duc-va-dao-tao')?.validFrom, null, 'receiving part of a split does not restart Education');

  // Every task the program lists has a body that exists today, and none is left unresolved.
  for (const task of taskLeads) {
    const now = responsibleAgency(task.leadAgencyId, task.id, events, '2026-01-01');
    const agency = periods.find((p) => p.id === now.agencyId);
    t.ok(!now.unresolved && agency && agencyExistsOn(agency, '2026-01-01'), `task ${task.id} (${task.leadAgencyId}) → ${now.agencyId}`);
  }
});

t.test('where the tasks land', async (t) => {
  const cases: [string, string, string][] = [
    ['01', '2022-06-01', 'so-ke-hoach-va-dau-tu'],
    ['01', '2025-02-28', 'so-ke-hoach-va-dau-tu'],
    ['01', '2025-03-01', 'so-tai-chinh'],
    ['01', '2026-01-01', 'so-tai-chinh'],
    ['04', '2026-01-01', 'so-nong-nghiep-va-moi-truong'],
    ['18', '2026-01-01', 'so-nong-nghiep-va-moi-truong'],
    ['28', '2024-12-31', 'so-lao-dong-thuong-binh-va-xa-hoi'],
    ['28', '2026-01-01', 'so-giao-duc-va-dao-tao'],
    ['30', '2026-01-01', 'so-giao-duc-va-dao-tao'],
    ['31', '2026-01-01', 'so-noi-vu'],
    ['40', '2026-01-01', 'so-dan-toc-va-ton-giao'],
    ['03', '2026-01-01', 'so-xay-dung'],
    ['32', '2026-01-01', 'so-khoa-hoc-va-cong-nghe'],
  ];
  for (const [taskCode, on, expected] of cases) {
    const task = tasks.find((x) => x.code === taskCode);
    t.equal(task && responsibleAgency(task.leadAgencyCode, task.code, events, on).agencyId, expected, `task ${taskCode} on ${on}`);
  }
  t.same(
    tasksResponsibleOn('so-tai-chinh', taskLeads, events, '2026-01-01').map((r) => r.taskId),
    tasks.filter((x) => x.leadAgencyCode === 'so-ke-hoach-va-dau-tu').map((x) => x.code),
    'the Department of Finance answers for everything DPI led',
  );
  t.same(tasksResponsibleOn('so-ke-hoach-va-dau-tu', taskLeads, events, '2022-06-01').length, 10, 'and history keeps DPI leading ten tasks in 2022');
});
