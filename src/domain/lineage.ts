// Agency lineage: how the bodies a program names turn into other bodies over time (Vietnam's 2025 mergers, the end
// of district-level government), so "who leads task 01 today?" follows the successors while the 2021 record keeps
// its 2021 lead. History is never rewritten: an event only closes its predecessors and opens its successors.
// Pure functions over plain data; dates are `YYYY-MM-DD` strings, which compare correctly as strings.

export const lineageEventKinds = ['rename', 'merge', 'split', 'abolish'] as const;
export type LineageEventKind = (typeof lineageEventKinds)[number];

export interface TaskAssignment {
  taskId: string;
  /** One of the event's successors. */
  agencyId: string;
}

export interface LineageEvent {
  id: string;
  kind: LineageEventKind;
  /** The predecessors' last day is the day before; the successors are responsible from this day. */
  effectiveOn: string;
  /** rename, split, abolish: exactly one; merge: two or more. */
  predecessors: string[];
  /** rename, merge: exactly one; split: two or more; abolish: one or more. */
  successors: string[];
  /** Split, and abolish with several successors: where each task of the predecessor goes. Otherwise empty. */
  taskAssignments: TaskAssignment[];
}

/** An agency's validity; both ends inclusive, null = open (existed before anything recorded / still exists). */
export interface AgencyPeriod {
  id: string;
  validFrom: string | null;
  validTo: string | null;
}

/** One hop of a task (or an agency) from a predecessor to a successor. */
export interface LineageStep {
  eventId: string;
  kind: LineageEventKind;
  effectiveOn: string;
  from: string;
  to: string;
}

export interface Responsibility {
  agencyId: string;
  /** The hops from the lead agency to `agencyId`, oldest first; empty when the lead agency still holds the task. */
  chain: LineageStep[];
  /**
   * True when the chain stopped at an agency that closed without saying where this task goes (a split or
   * multi-successor abolish with no assignment for it): `agencyId` is then the closed agency, not a current one.
   */
  unresolved: boolean;
}

/** A link of the lineage graph as seen from one agency; `distance` counts the events between them (1 = direct). */
export interface LineageLink extends LineageStep {
  distance: number;
}

export interface TaskLead {
  id: string;
  leadAgencyId: string;
}

export interface TaskResponsibility extends Responsibility {
  taskId: string;
  leadAgencyId: string;
}

/** A problem with an event body; `pointer` is a JSON Pointer into it (`/predecessors/0`, `/taskAssignments`). */
export interface LineageProblem {
  pointer: string;
  message: string;
}

export interface ValidityChange {
  agencyId: string;
  field: 'validFrom' | 'validTo';
  from: string | null;
  to: string;
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar day before `date` (`2025-03-01` → `2025-02-28`). */
export function dayBefore(date: string): string {
  const match = isoDatePattern.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const previous = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) - 1));
  return previous.toISOString().slice(0, 10);
}

export function agencyExistsOn(agency: AgencyPeriod, date: string): boolean {
  return (agency.validFrom === null || agency.validFrom <= date) && (agency.validTo === null || date <= agency.validTo);
}

/** Agencies whose validity overlaps the window (inclusive): the ones expected to report for that period. */
export function agenciesExistingIn(agencies: AgencyPeriod[], window: { from: string; to: string }): string[] {
  return agencies
    .filter((a) => (a.validFrom === null || a.validFrom <= window.to) && (a.validTo === null || window.from <= a.validTo))
    .map((a) => a.id);
}

function chronologically(a: LineageEvent, b: LineageEvent): number {
  return a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Who is responsible on `onDate` for a task led by `leadAgencyId`: follow every event in force by then through
 * any chain (rename → merge → …). One successor takes everything; with several, the task's assignment decides,
 * and without one the walk stops at the closed agency with `unresolved: true` rather than guessing.
 */
export function responsibleAgency(
  leadAgencyId: string,
  taskId: string,
  events: LineageEvent[],
  onDate: string,
): Responsibility {
  const inForce = events.filter((e) => e.effectiveOn <= onDate).sort(chronologically);
  const chain: LineageStep[] = [];
  const visited = new Set<string>();
  let current = leadAgencyId;
  // Valid data has no cycles (validateLineageEvent refuses them); `visited` keeps bad data from looping forever.
  while (!visited.has(current)) {
    visited.add(current);
    const closing = inForce.find((e) => e.predecessors.includes(current));
    if (!closing) break;
    let next: string | undefined;
    if (closing.successors.length === 1) next = closing.successors[0];
    else next = closing.taskAssignments.find((a) => a.taskId === taskId)?.agencyId;
    if (next === undefined) return { agencyId: current, chain, unresolved: true };
    chain.push({ eventId: closing.id, kind: closing.kind, effectiveOn: closing.effectiveOn, from: current, to: next });
    current = next;
  }
  return { agencyId: current, chain, unresolved: false };
}

/**
 * The tasks `agencyId` answers for on `onDate`: those it leads plus those it inherited from its predecessors (for a
 * split, only the ones assigned to it). An unresolved task stays with the closed agency it got stuck at, so asking
 * about that agency still shows it instead of losing it.
 */
export function tasksResponsibleOn(
  agencyId: string,
  tasks: TaskLead[],
  events: LineageEvent[],
  onDate: string,
): TaskResponsibility[] {
  return tasks
    .map((task) => ({ taskId: task.id, leadAgencyId: task.leadAgencyId, ...responsibleAgency(task.leadAgencyId, task.id, events, onDate) }))
    .filter((r) => r.agencyId === agencyId);
}

/** Every agency `agencyId` descends from and every agency descending from it, with the event of each link. */
export function lineageOf(agencyId: string, events: LineageEvent[]): { predecessors: LineageLink[]; successors: LineageLink[] } {
  const sorted = [...events].sort(chronologically);
  const walk = (direction: 'back' | 'forward'): LineageLink[] => {
    const links: LineageLink[] = [];
    const seenLinks = new Set<string>();
    const reached = new Set([agencyId]);
    let frontier = [agencyId];
    for (let distance = 1; frontier.length > 0; distance++) {
      const next: string[] = [];
      for (const agency of frontier) {
        for (const event of sorted) {
          const near = direction === 'back' ? event.successors : event.predecessors;
          const far = direction === 'back' ? event.predecessors : event.successors;
          if (!near.includes(agency)) continue;
          for (const other of far) {
            const [from, to] = direction === 'back' ? [other, agency] : [agency, other];
            const key = `${event.id}\u0000${from}\u0000${to}`;
            if (seenLinks.has(key)) continue;
            seenLinks.add(key);
            links.push({ eventId: event.id, kind: event.kind, effectiveOn: event.effectiveOn, from, to, distance });
            if (!reached.has(other)) {
              reached.add(other);
              next.push(other);
            }
          }
        }
      }
      frontier = next;
    }
    return links.sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : a.distance - b.distance));
  };
  return { predecessors: walk('back'), successors: walk('forward') };
}

const predecessorCounts: Record<LineageEventKind, { min: number; max: number; says: string }> = {
  rename: { min: 1, max: 1, says: 'exactly one' },
  merge: { min: 2, max: Infinity, says: 'two or more' },
  split: { min: 1, max: 1, says: 'exactly one' },
  abolish: { min: 1, max: 1, says: 'exactly one' },
};
const successorCounts: Record<LineageEventKind, { min: number; max: number; says: string }> = {
  rename: { min: 1, max: 1, says: 'exactly one' },
  merge: { min: 1, max: 1, says: 'exactly one' },
  split: { min: 2, max: Infinity, says: 'two or more' },
  abolish: { min: 1, max: Infinity, says: 'one or more' },
};

/** Whether `target` can be reached from `start` along predecessor → successor edges. */
function descendsFrom(target: string, start: string, events: LineageEvent[]): boolean {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const agency = stack.pop() as string;
    for (const event of events) {
      if (!event.predecessors.includes(agency)) continue;
      for (const successor of event.successors) {
        if (successor === target) return true;
        if (!seen.has(successor)) {
          seen.add(successor);
          stack.push(successor);
        }
      }
    }
  }
  return false;
}

/**
 * Every problem with `event` against the agencies and the events already recorded, not just the first.
 * `tasksLedByPredecessors` are the tasks the predecessor answers for on the day before the event (what
 * tasksResponsibleOn gives, inherited tasks included): a split must place each of them.
 */
export function validateLineageEvent(
  event: LineageEvent,
  agencies: AgencyPeriod[],
  existingEvents: LineageEvent[],
  tasksLedByPredecessors: string[],
): LineageProblem[] {
  const problems: LineageProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message });
  const agencyById = new Map(agencies.map((a) => [a.id, a]));

  if (event.id.trim() === '') problem('/id', 'must not be empty');
  else if (existingEvents.some((e) => e.id === event.id)) problem('/id', `an event with id ${event.id} already exists`);

  const kindKnown = (lineageEventKinds as readonly string[]).includes(event.kind);
  if (!kindKnown) problem('/kind', `must be one of ${lineageEventKinds.join(', ')}`);

  const dateValid = isIsoDate(event.effectiveOn);
  if (!dateValid) problem('/effectiveOn', 'must be a calendar date written YYYY-MM-DD');
  const lastDayOfPredecessors = dateValid ? dayBefore(event.effectiveOn) : null;

  if (kindKnown) {
    const [p, s] = [predecessorCounts[event.kind], successorCounts[event.kind]];
    const np = event.predecessors.length;
    const ns = event.successors.length;
    if (np < p.min || np > p.max) problem('/predecessors', `a ${event.kind} has ${p.says} predecessor${p.max === 1 ? '' : 's'}, not ${np}`);
    if (ns < s.min || ns > s.max) problem('/successors', `a ${event.kind} has ${s.says} successor${s.max === 1 ? '' : 's'}, not ${ns}`);
  }

  // Each list entry: duplicates and unknown ids first; the remaining checks only make sense for known agencies.
  const checkedEntries = (list: 'predecessors' | 'successors'): { id: string; pointer: string; agency: AgencyPeriod }[] => {
    const firstIndex = new Map<string, number>();
    const checked: { id: string; pointer: string; agency: AgencyPeriod }[] = [];
    event[list].forEach((id, index) => {
      const pointer = `/${list}/${index}`;
      const earlier = firstIndex.get(id);
      if (earlier !== undefined) return void problem(pointer, `${id} is listed twice (also /${list}/${earlier})`);
      firstIndex.set(id, index);
      const agency = agencyById.get(id);
      if (!agency) return void problem(pointer, `unknown agency ${id}`);
      checked.push({ id, pointer, agency });
    });
    return checked;
  };
  const predecessors = checkedEntries('predecessors');
  const successors = checkedEntries('successors');

  for (const { id, pointer, agency } of predecessors) {
    const closedBy = existingEvents.filter((e) => e.predecessors.includes(id));
    for (const other of closedBy) {
      problem(pointer, `${id} is already closed by event ${other.id} (effective ${other.effectiveOn}): an agency ends only once`);
    }
    if (lastDayOfPredecessors === null) continue;
    if (agency.validFrom !== null && agency.validFrom > lastDayOfPredecessors) {
      problem(pointer, `${id} did not exist yet on ${lastDayOfPredecessors}, the day before the event: it starts on ${agency.validFrom}`);
    } else if (closedBy.length === 0 && agency.validTo !== null && agency.validTo < lastDayOfPredecessors) {
      problem(pointer, `${id} no longer existed on ${lastDayOfPredecessors}, the day before the event: it ended on ${agency.validTo}`);
    }
  }

  const predecessorIds = new Set(event.predecessors);
  const cycleEvents = existingEvents.filter((e) => e.id !== event.id);
  for (const { id, pointer, agency } of successors) {
    if (predecessorIds.has(id)) {
      problem(pointer, `${id} is also a predecessor: an agency cannot ${event.kind === 'merge' ? 'merge into' : 'succeed'} itself`);
      continue;
    }
    if (dateValid && agency.validFrom !== null && agency.validFrom > event.effectiveOn) {
      problem(pointer, `${id} starts on ${agency.validFrom}, after the event (${event.effectiveOn}): it cannot take over before it exists`);
    }
    if (dateValid && agency.validTo !== null && agency.validTo < event.effectiveOn) {
      problem(pointer, `${id} ended on ${agency.validTo}, before the event (${event.effectiveOn})`);
    }
    const ancestor = event.predecessors.find((p) => p !== id && descendsFrom(p, id, cycleEvents));
    if (ancestor !== undefined) problem(pointer, `would create a cycle: ${ancestor} already descends from ${id}`);
  }

  const needsAssignments = event.kind === 'split' || (event.kind === 'abolish' && event.successors.length > 1);
  if (!needsAssignments) {
    if (kindKnown && event.taskAssignments.length > 0) {
      problem('/taskAssignments', `a ${event.kind} with one successor moves every task to it: leave assignments empty`);
    }
    return problems;
  }
  const ledByPredecessor = new Set(tasksLedByPredecessors);
  const successorIds = new Set(event.successors);
  const firstAssignment = new Map<string, number>();
  event.taskAssignments.forEach(({ taskId, agencyId }, index) => {
    const pointer = `/taskAssignments/${index}`;
    const earlier = firstAssignment.get(taskId);
    if (earlier !== undefined) problem(`${pointer}/taskId`, `task ${taskId} is assigned twice (also /taskAssignments/${earlier})`);
    else firstAssignment.set(taskId, index);
    if (!ledByPredecessor.has(taskId)) problem(`${pointer}/taskId`, `task ${taskId} is not led by the predecessor`);
    if (!successorIds.has(agencyId)) problem(`${pointer}/agencyId`, `${agencyId} is not a successor of this event`);
  });
  const unassigned = tasksLedByPredecessors.filter((taskId) => !firstAssignment.has(taskId));
  if (unassigned.length > 0) {
    problem('/taskAssignments', `every task of the predecessor must go to a successor; still to assign: ${unassigned.join(', ')}`);
  }
  return problems;
}

/**
 * The validity changes `event` implies, for the database to apply: predecessors end the day before it; the
 * successor of a rename or merge, which the event creates, starts on it when it has no start yet. Successors of a
 * split or abolish usually existed already (they take over part of the work), so their start is left alone.
 */
export function closeAndOpen(event: LineageEvent, agencies: AgencyPeriod[]): ValidityChange[] {
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const changes: ValidityChange[] = [];
  const lastDay = dayBefore(event.effectiveOn);
  for (const id of event.predecessors) {
    const agency = agencyById.get(id);
    if (agency && agency.validTo !== lastDay) changes.push({ agencyId: id, field: 'validTo', from: agency.validTo, to: lastDay });
  }
  if (event.kind === 'rename' || event.kind === 'merge') {
    for (const id of event.successors) {
      const agency = agencyById.get(id);
      if (agency && agency.validFrom === null) changes.push({ agencyId: id, field: 'validFrom', from: null, to: event.effectiveOn });
    }
  }
  return changes;
}

/** `agencies` with `changes` applied (a new array; the input is not modified). */
export function applyValidityChanges(agencies: AgencyPeriod[], changes: ValidityChange[]): AgencyPeriod[] {
  return agencies.map((agency) => {
    const updated = { ...agency };
    for (const change of changes) if (change.agencyId === agency.id) updated[change.field] = change.to;
    return updated;
  });
}

/**
 * The agencies standing for `agencyId` on `onDate` in a role that is not a task's lead (a supporter, a member of a
 * supporting group, a program's coordinator): itself while it exists, else its successors — all of them after a
 * split, since each took over part of its work.
 */
export function successorsOn(agencyId: string, events: LineageEvent[], onDate: string): string[] {
  const inForce = events.filter((e) => e.effectiveOn <= onDate);
  const standing = new Set<string>();
  const seen = new Set<string>();
  const stack = [agencyId];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const closing = inForce.find((e) => e.predecessors.includes(current));
    if (closing) stack.push(...closing.successors);
    else standing.add(current);
  }
  return [...standing];
}

/** The agencies `agencyId` stands for on `onDate`: itself and every earlier agency whose successors now include it. */
export function standsFor(agencyId: string, events: LineageEvent[], onDate: string): string[] {
  const candidates = new Set([agencyId, ...lineageOf(agencyId, events.filter((e) => e.effectiveOn <= onDate)).predecessors.map((link) => link.from)]);
  return [...candidates].filter((candidate) => successorsOn(candidate, events, onDate).includes(agencyId));
}
