import t from 'tap';
import {
  agenciesExistingIn,
  agencyExistsOn,
  applyValidityChanges,
  closeAndOpen,
  dayBefore,
  isIsoDate,
  lineageOf,
  responsibleAgency,
  standsFor,
  successorsOn,
  tasksResponsibleOn,
  validateLineageEvent,
  type AgencyPeriod,
  type LineageEvent,
} from '../../src/domain/lineage.js';

// A small world shaped like Can Tho's 2025: DPI merges into a new Department of Finance on 2025-03-01, which merges
// with a neighbouring province's on 2025-07-01; Labour splits; a board is renamed; districts are abolished.
const open = (id: string, validFrom: string | null = null, validTo: string | null = null): AgencyPeriod => ({ id, validFrom, validTo });

const dpiIntoFinance: LineageEvent = {
  id: 'finance-2025-03',
  kind: 'merge',
  effectiveOn: '2025-03-01',
  predecessors: ['dpi', 'finance-old'],
  successors: ['finance'],
  taskAssignments: [],
};
const financeIntoMergedCity: LineageEvent = {
  id: 'finance-2025-07',
  kind: 'merge',
  effectiveOn: '2025-07-01',
  predecessors: ['finance', 'finance-hau-giang'],
  successors: ['finance-merged-city'],
  taskAssignments: [],
};
const labourSplit: LineageEvent = {
  id: 'labour-2025-03',
  kind: 'split',
  effectiveOn: '2025-03-01',
  predecessors: ['labour'],
  successors: ['home-affairs', 'education', 'health'],
  taskAssignments: [
    { taskId: '28', agencyId: 'education' },
    { taskId: '31', agencyId: 'home-affairs' },
  ],
};
const boardRenamed: LineageEvent = {
  id: 'ethnic-2025-03',
  kind: 'rename',
  effectiveOn: '2025-03-01',
  predecessors: ['ethnic-board'],
  successors: ['ethnic-department'],
  taskAssignments: [],
};
const districtAbolished: LineageEvent = {
  id: 'district-2025-07',
  kind: 'abolish',
  effectiveOn: '2025-07-01',
  predecessors: ['district'],
  successors: ['city'],
  taskAssignments: [],
};
const events = [dpiIntoFinance, financeIntoMergedCity, labourSplit, boardRenamed, districtAbolished];

// Validity as it stands once all five events are applied.
const agencies: AgencyPeriod[] = [
  open('dpi', null, '2025-02-28'),
  open('finance-old', null, '2025-02-28'),
  open('finance', '2025-03-01', '2025-06-30'),
  open('finance-hau-giang', null, '2025-06-30'),
  open('finance-merged-city', '2025-07-01'),
  open('labour', null, '2025-02-28'),
  open('home-affairs'),
  open('education'),
  open('health'),
  open('ethnic-board', null, '2025-02-28'),
  open('ethnic-department', '2025-03-01'),
  open('district', null, '2025-06-30'),
  open('city'),
];

t.test('dates', async (t) => {
  const before: [string, string][] = [
    ['2025-03-01', '2025-02-28'],
    ['2024-03-01', '2024-02-29'],
    ['2025-01-01', '2024-12-31'],
    ['2025-07-01', '2025-06-30'],
  ];
  for (const [date, expected] of before) t.equal(dayBefore(date), expected, `day before ${date}`);
  t.throws(() => dayBefore('1 March 2025'));
  const dates: [string, boolean][] = [
    ['2025-03-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-3-1', false],
    ['', false],
  ];
  for (const [value, expected] of dates) t.equal(isIsoDate(value), expected, `isIsoDate(${JSON.stringify(value)})`);
});

t.test('responsibleAgency', async (t) => {
  // [why, lead, task, on, expected agency, number of hops, unresolved]
  const cases: [string, string, string, string, string, number, boolean][] = [
    ['DPI leads in 2021', 'dpi', '01', '2021-10-04', 'dpi', 0, false],
    ['still DPI on its last day', 'dpi', '01', '2025-02-28', 'dpi', 0, false],
    ['Finance from the merger day', 'dpi', '01', '2025-03-01', 'finance', 1, false],
    ['Finance until the city merger', 'dpi', '01', '2025-06-30', 'finance', 1, false],
    ['merge then merge: the merged city from 2025-07-01', 'dpi', '01', '2025-07-01', 'finance-merged-city', 2, false],
    ['and after', 'dpi', '01', '2026-01-01', 'finance-merged-city', 2, false],
    ['the other merge partner goes the same way', 'finance-old', '99', '2026-01-01', 'finance-merged-city', 2, false],
    ['an agency never touched keeps its tasks', 'education', '23', '2026-01-01', 'education', 0, false],
    ['split: before the day, Labour', 'labour', '28', '2025-02-28', 'labour', 0, false],
    ['split: the assignment decides (education)', 'labour', '28', '2025-03-01', 'education', 1, false],
    ['split: the assignment decides (home affairs)', 'labour', '31', '2025-03-01', 'home-affairs', 1, false],
    ['split without an assignment: stop, unresolved', 'labour', '29', '2025-03-01', 'labour', 0, true],
    ['split without an assignment, before the day: resolved', 'labour', '29', '2025-02-28', 'labour', 0, false],
    ['rename', 'ethnic-board', '40', '2025-03-01', 'ethnic-department', 1, false],
    ['rename, day before', 'ethnic-board', '40', '2025-02-28', 'ethnic-board', 0, false],
    ['abolish with one successor', 'district', 'x', '2025-07-01', 'city', 1, false],
    ['abolish, day before', 'district', 'x', '2025-06-30', 'district', 0, false],
  ];
  for (const [why, lead, task, on, agency, hops, unresolved] of cases) {
    const result = responsibleAgency(lead, task, events, on);
    t.same({ agency: result.agencyId, hops: result.chain.length, unresolved: result.unresolved }, { agency, hops, unresolved }, why);
  }

  t.same(
    responsibleAgency('dpi', '01', events, '2026-01-01').chain,
    [
      { eventId: 'finance-2025-03', kind: 'merge', effectiveOn: '2025-03-01', from: 'dpi', to: 'finance' },
      { eventId: 'finance-2025-07', kind: 'merge', effectiveOn: '2025-07-01', from: 'finance', to: 'finance-merged-city' },
    ],
    'the chain names each event, oldest first',
  );
  t.same(
    responsibleAgency('dpi', '01', [financeIntoMergedCity, dpiIntoFinance], '2026-01-01').agencyId,
    'finance-merged-city',
    'the order the events are given in does not matter',
  );

  const renameMergeSplit: LineageEvent[] = [
    { id: 'r', kind: 'rename', effectiveOn: '2023-01-01', predecessors: ['a'], successors: ['b'], taskAssignments: [] },
    { id: 'm', kind: 'merge', effectiveOn: '2024-01-01', predecessors: ['b', 'c'], successors: ['d'], taskAssignments: [] },
    { id: 's', kind: 'split', effectiveOn: '2025-01-01', predecessors: ['d'], successors: ['e', 'f'], taskAssignments: [{ taskId: 't1', agencyId: 'f' }] },
    { id: 'x', kind: 'abolish', effectiveOn: '2026-01-01', predecessors: ['f'], successors: ['g', 'h'], taskAssignments: [{ taskId: 't1', agencyId: 'h' }] },
  ];
  const walk: [string, string][] = [
    ['2022-12-31', 'a'],
    ['2023-01-01', 'b'],
    ['2024-01-01', 'd'],
    ['2025-01-01', 'f'],
    ['2026-01-01', 'h'],
  ];
  for (const [on, agency] of walk) t.equal(responsibleAgency('a', 't1', renameMergeSplit, on).agencyId, agency, `rename → merge → split → abolish on ${on}`);
  t.same(
    responsibleAgency('a', 't2', renameMergeSplit, '2026-01-01'),
    {
      agencyId: 'd',
      chain: [
        { eventId: 'r', kind: 'rename', effectiveOn: '2023-01-01', from: 'a', to: 'b' },
        { eventId: 'm', kind: 'merge', effectiveOn: '2024-01-01', from: 'b', to: 'd' },
      ],
      unresolved: true,
    },
    'an unassigned task stops at the split with the hops so far',
  );

  const cyclic: LineageEvent[] = [
    { id: '1', kind: 'rename', effectiveOn: '2024-01-01', predecessors: ['p'], successors: ['q'], taskAssignments: [] },
    { id: '2', kind: 'rename', effectiveOn: '2024-06-01', predecessors: ['q'], successors: ['p'], taskAssignments: [] },
  ];
  t.equal(responsibleAgency('p', 't', cyclic, '2025-01-01').agencyId, 'p', 'invalid cyclic data still terminates');
});

t.test('tasksResponsibleOn', async (t) => {
  const tasks = [
    { id: '01', leadAgencyId: 'dpi' },
    { id: '02', leadAgencyId: 'dpi' },
    { id: '23', leadAgencyId: 'education' },
    { id: '28', leadAgencyId: 'labour' },
    { id: '29', leadAgencyId: 'labour' },
    { id: '31', leadAgencyId: 'labour' },
    { id: '40', leadAgencyId: 'ethnic-board' },
  ];
  const ids = (agency: string, on: string) => tasksResponsibleOn(agency, tasks, events, on).map((r) => r.taskId);
  const cases: [string, string, string[]][] = [
    ['dpi', '2022-06-01', ['01', '02']],
    ['finance', '2022-06-01', []],
    ['finance', '2025-03-01', ['01', '02']],
    ['dpi', '2025-03-01', []],
    ['finance-merged-city', '2026-01-01', ['01', '02']],
    ['education', '2026-01-01', ['23', '28']],
    ['home-affairs', '2026-01-01', ['31']],
    ['health', '2026-01-01', []],
    ['labour', '2026-01-01', ['29']],
    ['ethnic-department', '2026-01-01', ['40']],
  ];
  for (const [agency, on, expected] of cases) t.same(ids(agency, on), expected, `${agency} on ${on}`);

  const [inherited] = tasksResponsibleOn('finance-merged-city', tasks, events, '2026-01-01');
  t.equal(inherited?.leadAgencyId, 'dpi', 'the original lead stays visible');
  t.equal(inherited?.chain.length, 2);
  t.same(
    tasksResponsibleOn('labour', tasks, events, '2026-01-01').map((r) => r.unresolved),
    [true],
    'a stuck task stays with the closed agency, flagged',
  );
});

t.test('agencyExistsOn', async (t) => {
  const finance = open('finance', '2025-03-01', '2025-06-30');
  const cases: [AgencyPeriod, string, boolean][] = [
    [finance, '2025-02-28', false],
    [finance, '2025-03-01', true],
    [finance, '2025-06-30', true],
    [finance, '2025-07-01', false],
    [open('city'), '1900-01-01', true],
    [open('city'), '2100-01-01', true],
    [open('dpi', null, '2025-02-28'), '2021-10-04', true],
    [open('new', '2025-07-01'), '2030-01-01', true],
  ];
  for (const [agency, date, expected] of cases) t.equal(agencyExistsOn(agency, date), expected, `${agency.id} ${agency.validFrom}..${agency.validTo} on ${date}`);
});

t.test('agenciesExistingIn', async (t) => {
  const finance = ['dpi', 'finance-old', 'finance', 'finance-merged-city'];
  const periods = agencies.filter((a) => finance.includes(a.id));
  const cases: [string, { from: string; to: string }, string[]][] = [
    ['2024 (annual window 15/12 → 14/12)', { from: '2023-12-15', to: '2024-12-14' }, ['dpi', 'finance-old']],
    ['2025 spans both events: old and new all report', { from: '2024-12-15', to: '2025-12-14' }, ['dpi', 'finance-old', 'finance', 'finance-merged-city']],
    ['2025-Q1 spans the March merger', { from: '2024-12-15', to: '2025-03-14' }, ['dpi', 'finance-old', 'finance']],
    ['2025-Q2 is the new department alone', { from: '2025-03-15', to: '2025-06-14' }, ['finance']],
    ['2025-H2 spans the July merger', { from: '2025-06-15', to: '2025-12-14' }, ['finance', 'finance-merged-city']],
    ['the last day of the old ones', { from: '2025-02-28', to: '2025-02-28' }, ['dpi', 'finance-old']],
    ['the first day of the new one', { from: '2025-03-01', to: '2025-03-01' }, ['finance']],
    ['2026', { from: '2025-12-15', to: '2026-12-14' }, ['finance-merged-city']],
  ];
  for (const [why, window, expected] of cases) t.same(agenciesExistingIn(periods, window), expected, why);
});

t.test('lineageOf', async (t) => {
  const link = (eventId: string, kind: string, effectiveOn: string, from: string, to: string, distance: number) => ({ eventId, kind, effectiveOn, from, to, distance });
  t.same(
    lineageOf('dpi', events),
    {
      predecessors: [],
      successors: [
        link('finance-2025-03', 'merge', '2025-03-01', 'dpi', 'finance', 1),
        link('finance-2025-07', 'merge', '2025-07-01', 'finance', 'finance-merged-city', 2),
      ],
    },
    'DPI: successors across the chain',
  );
  t.same(
    lineageOf('finance-merged-city', events),
    {
      predecessors: [
        link('finance-2025-03', 'merge', '2025-03-01', 'dpi', 'finance', 2),
        link('finance-2025-03', 'merge', '2025-03-01', 'finance-old', 'finance', 2),
        link('finance-2025-07', 'merge', '2025-07-01', 'finance', 'finance-merged-city', 1),
        link('finance-2025-07', 'merge', '2025-07-01', 'finance-hau-giang', 'finance-merged-city', 1),
      ],
      successors: [],
    },
    'the merged city: every transitive predecessor, chronologically',
  );
  t.same(
    lineageOf('finance', events),
    {
      predecessors: [
        link('finance-2025-03', 'merge', '2025-03-01', 'dpi', 'finance', 1),
        link('finance-2025-03', 'merge', '2025-03-01', 'finance-old', 'finance', 1),
      ],
      successors: [link('finance-2025-07', 'merge', '2025-07-01', 'finance', 'finance-merged-city', 1)],
    },
    'the middle of the chain sees both ways',
  );
  t.same(lineageOf('education', events).predecessors, [link('labour-2025-03', 'split', '2025-03-01', 'labour', 'education', 1)], 'a split recipient');
  t.same(lineageOf('labour', events).successors.map((l) => l.to), ['home-affairs', 'education', 'health'], 'a split: every successor');
  t.same(lineageOf('nobody', events), { predecessors: [], successors: [] }, 'an agency without events');
});

t.test('validateLineageEvent', async (t) => {
  // The world before any event: every agency open except those created by the events.
  const before: AgencyPeriod[] = [
    open('dpi'),
    open('finance-old'),
    open('finance', '2025-03-01'),
    open('labour'),
    open('home-affairs'),
    open('education'),
    open('health'),
    open('created-later', '2026-01-01'),
    open('closed-early', null, '2020-12-31'),
  ];
  const base: LineageEvent = dpiIntoFinance;
  const split: LineageEvent = labourSplit;
  const labourTasks = ['28', '31'];
  const rename = (from: string, to: string, more: Partial<LineageEvent> = {}): LineageEvent => ({ ...boardRenamed, predecessors: [from], successors: [to], ...more });
  const splitAssigning = (...pairs: [string, string][]): LineageEvent => ({ ...split, taskAssignments: pairs.map(([taskId, agencyId]) => ({ taskId, agencyId })) });

  t.same(validateLineageEvent(base, before, [], []), [], 'a valid merge');
  t.same(validateLineageEvent(split, before, [], labourTasks), [], 'a valid split');
  t.same(validateLineageEvent({ ...split, id: 'no-tasks', taskAssignments: [] }, before, [], []), [], 'a split of an agency leading no task needs no assignment');

  // [why, event, existing events, tasks led by the predecessor, expected pointers]
  const cases: [string, LineageEvent, LineageEvent[], string[], string[]][] = [
    ['empty id', { ...base, id: ' ' }, [], [], ['/id']],
    ['id already used', base, [{ ...split, id: base.id }], [], ['/id']],
    ['unknown kind', { ...base, kind: 'absorb' as never }, [], [], ['/kind']],
    ['not a date', { ...base, effectiveOn: '2025-02-30' }, [], [], ['/effectiveOn']],
    ['rename with two predecessors', { ...base, kind: 'rename' }, [], [], ['/predecessors']],
    ['merge with one predecessor', { ...base, predecessors: ['dpi'] }, [], [], ['/predecessors']],
    ['merge with two successors', { ...base, successors: ['finance', 'home-affairs'] }, [], [], ['/successors']],
    ['split with one successor', { ...splitAssigning(['28', 'education'], ['31', 'education']), successors: ['education'] }, [], labourTasks, ['/successors']],
    ['split with two predecessors', { ...split, predecessors: ['labour', 'dpi'] }, [], labourTasks, ['/predecessors']],
    ['abolish with no successor', { ...districtAbolished, predecessors: ['dpi'], successors: [] }, [], [], ['/successors']],
    ['rename with no successor', { ...rename('dpi', 'x'), successors: [] }, [], [], ['/successors']],
    ['merging an agency into itself', { ...base, successors: ['dpi'] }, [], [], ['/successors/0']],
    ['renaming an agency to itself', rename('dpi', 'dpi'), [], [], ['/successors/0']],
    ['unknown predecessor', { ...base, predecessors: ['dpi', 'ghost'] }, [], [], ['/predecessors/1']],
    ['unknown successor', { ...base, successors: ['ghost'] }, [], [], ['/successors/0']],
    ['duplicate predecessor', { ...base, predecessors: ['dpi', 'dpi'] }, [], [], ['/predecessors/1']],
    ['duplicate successor', { ...split, successors: ['education', 'home-affairs', 'education'] }, [], labourTasks, ['/successors/2']],
    ['event dated before a predecessor existed', { ...base, predecessors: ['dpi', 'created-later'] }, [], [], ['/predecessors/1']],
    ['event dated after a predecessor closed', { ...base, predecessors: ['dpi', 'closed-early'] }, [], [], ['/predecessors/1']],
    ['successor starting after the event', { ...base, successors: ['created-later'] }, [], [], ['/successors/0']],
    ['successor already closed', { ...base, successors: ['closed-early'] }, [], [], ['/successors/0']],
    ['predecessor already closed by an event the same day', rename('dpi', 'home-affairs', { id: 'again' }), [base], [], ['/predecessors/0']],
    ['predecessor closed later by an existing event (overlap)', rename('dpi', 'home-affairs', { id: 'earlier', effectiveOn: '2024-06-01' }), [base], [], ['/predecessors/0']],
    ['split not assigning every task', splitAssigning(['28', 'education']), [], ['28', '29', '31'], ['/taskAssignments']],
    ['assignment to an agency that is not a successor', splitAssigning(['28', 'dpi'], ['31', 'home-affairs']), [], labourTasks, ['/taskAssignments/0/agencyId']],
    ['task assigned twice', splitAssigning(['28', 'education'], ['31', 'home-affairs'], ['28', 'health']), [], labourTasks, ['/taskAssignments/2/taskId']],
    ['task not led by the predecessor', splitAssigning(['28', 'education'], ['31', 'home-affairs'], ['01', 'health']), [], labourTasks, ['/taskAssignments/2/taskId']],
    ['abolish with several successors must assign', { ...districtAbolished, predecessors: ['labour'], successors: ['education', 'health'] }, [], ['28'], ['/taskAssignments']],
    ['assignments on a merge are not used', { ...base, taskAssignments: [{ taskId: '01', agencyId: 'finance' }] }, [], ['01'], ['/taskAssignments']],
  ];
  for (const [why, event, existing, tasks, pointers] of cases) {
    t.same(validateLineageEvent(event, before, existing, tasks).map((p) => p.pointer), pointers, why);
  }

  const missing = validateLineageEvent({ ...split, taskAssignments: [] }, before, [], ['28', '29', '31']);
  t.match(missing[0]?.message, /still to assign: 28, 29, 31/, 'the message lists the tasks still to assign');

  // Periods not yet updated, so only the graph reveals the loop: finance → dpi would close dpi → finance → dpi.
  const cycle = validateLineageEvent(rename('finance', 'dpi', { id: 'back', effectiveOn: '2025-05-01' }), before, [base], []);
  t.same(cycle.map((p) => p.pointer), ['/successors/0'], 'an event that would create a cycle');
  t.match(cycle[0]?.message, /cycle/);

  const everything = validateLineageEvent(
    { ...base, id: '', predecessors: ['ghost', 'ghost'], successors: ['ghost', 'created-later'], taskAssignments: [{ taskId: '1', agencyId: 'x' }] },
    before,
    [],
    [],
  );
  t.same(
    everything.map((p) => p.pointer),
    ['/id', '/successors', '/predecessors/0', '/predecessors/1', '/successors/0', '/successors/1', '/taskAssignments'],
    'every problem is reported, not just the first',
  );
});

t.test('closeAndOpen', async (t) => {
  const before = [open('dpi'), open('finance-old'), open('finance'), open('labour'), open('education'), open('home-affairs'), open('health')];
  t.same(
    closeAndOpen(dpiIntoFinance, before),
    [
      { agencyId: 'dpi', field: 'validTo', from: null, to: '2025-02-28' },
      { agencyId: 'finance-old', field: 'validTo', from: null, to: '2025-02-28' },
      { agencyId: 'finance', field: 'validFrom', from: null, to: '2025-03-01' },
    ],
    'a merge closes its predecessors the day before and opens the successor it creates',
  );
  t.same(
    closeAndOpen(dpiIntoFinance, [open('dpi', null, '2025-02-28'), open('finance-old'), open('finance', '2025-03-01')]),
    [{ agencyId: 'finance-old', field: 'validTo', from: null, to: '2025-02-28' }],
    'what already holds is not repeated',
  );
  t.same(
    closeAndOpen(labourSplit, before),
    [{ agencyId: 'labour', field: 'validTo', from: null, to: '2025-02-28' }],
    'split recipients existed before: their start is left alone',
  );
  t.same(
    closeAndOpen(dpiIntoFinance, [open('dpi', null, '2030-12-31')]),
    [{ agencyId: 'dpi', field: 'validTo', from: '2030-12-31', to: '2025-02-28' }],
    'a later end is brought back to the event',
  );

  const applied = applyValidityChanges(before, closeAndOpen(dpiIntoFinance, before));
  t.same(applied.slice(0, 3), [open('dpi', null, '2025-02-28'), open('finance-old', null, '2025-02-28'), open('finance', '2025-03-01')]);
  t.same(before[0], open('dpi'), 'the input is not modified');
});

t.test('successorsOn and standsFor: who stands for an agency in a supporting role', async (t) => {
  const events: LineageEvent[] = [
    { id: 'e1', kind: 'merge', effectiveOn: '2025-03-01', predecessors: ['dpi', 'finance-old'], successors: ['finance'], taskAssignments: [] },
    { id: 'e2', kind: 'split', effectiveOn: '2025-03-01', predecessors: ['labour'], successors: ['home', 'health'], taskAssignments: [] },
    { id: 'e3', kind: 'rename', effectiveOn: '2025-07-01', predecessors: ['finance'], successors: ['finance-merged'], taskAssignments: [] },
  ];
  const cases: [string, string, string[]][] = [
    ['dpi', '2025-02-28', ['dpi']],
    ['dpi', '2025-03-01', ['finance']],
    ['dpi', '2025-07-01', ['finance-merged']],
    ['labour', '2025-06-01', ['home', 'health']],
    ['home', '2025-06-01', ['home']],
  ];
  for (const [agency, date, expected] of cases) t.same(successorsOn(agency, events, date).sort(), [...expected].sort(), `${agency} on ${date}`);
  t.same(standsFor('finance-merged', events, '2025-08-01').sort(), ['dpi', 'finance', 'finance-merged', 'finance-old'], 'the merged department stands for the whole chain');
  t.same(standsFor('finance-merged', events, '2025-06-01'), ['finance-merged'], 'before the rename it stands only for itself (whether it exists yet is its validity\'s business)');
  t.same(standsFor('health', events, '2025-06-01').sort(), ['health', 'labour'], 'each successor of a split stands for the split agency');
  t.same(standsFor('dpi', events, '2024-01-01'), ['dpi']);
  t.same(standsFor('dpi', events, '2026-01-01'), [], 'a closed agency stands for nothing');
});
