// The national data set: deterministic (named random streams, counter-made UUIDs), written a program at a time.
//
// At scale 1: 34 provinces × 20 programs × ~200 tasks, every province with 50 agencies (departments, boards,
// offices, commune People's Committees, …) and 4 agency groups; every program with 10 task groups, ~40 indicators
// (targets of every comparator and basis, a baseline, 5 yearly values), and the reports of every agency taking part
// for the 35 periods of 2021–2025 (annual, H1/H2, Q1–Q4), with their review history, task updates (annual and
// half-year reports) and indicator values (annual reports). Plus one national program of exactly 10,000 tasks led by
// the ministries. Audit events as the triggers of migrations/0003 would have written them for the creation of every
// agency, program, task group, task, indicator and indicator value, for every report's creation, submission,
// return and acceptance, and for every task status an accepted report changed.
import { periodEnd, periodOf, reportingWindow, submissionDeadline, vietnamDateOf, type Period } from '../../src/domain/periods.js';
import { vietnamPublicHolidays } from '../../src/seed/holidays.js';
import { Chunk, line, type TableName } from './copy.js';
import { Random, UuidSequence } from './random.js';
import {
  departments,
  groupThemes,
  indicatorTemplates,
  kindWeights,
  kindWords,
  ministries,
  placeFirst,
  placeSecond,
  programTopics,
  provinces,
  reportAdvantages,
  reportDifficulties,
  reportProposals,
  reportResults,
  roman,
  slug,
  taskActions,
  taskKinds,
  taskObjects,
  taskScopes,
  updateNotes,
  type AgencyKind,
  type Province,
} from './vocab.js';

export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  scale: number;
  seed: string;
  /** Tasks of the extra national program (the consolidated-report benchmark): 10,000. */
  bigProgramTasks: number;
}

/** Where generated rows go: chunks of tables loaded together, and audit events (loaded last, in time order). */
export interface Sink {
  submit(chunk: Chunk): Promise<void>;
  audit(occurredAt: string, line: string): void;
  /** Called after each program with the number of programs done so far. */
  progress(done: number, total: number): void;
}

export interface Plan {
  provinces: number;
  programsPerProvince: number;
  programs: number;
  estimatedTasks: number;
}

/** Provinces and programs for a scale: 34 × 20 at 1; fewer provinces below 1 (at least one), more programs above. */
export function planFor(scale: number, bigProgramTasks: number): Plan {
  const provinceCount = Math.max(1, Math.min(34, Math.round(34 * scale)));
  const programsPerProvince = Math.max(1, Math.round((20 * 34 * scale) / provinceCount));
  return {
    provinces: provinceCount,
    programsPerProvince,
    programs: provinceCount * programsPerProvince + 1,
    estimatedTasks: provinceCount * programsPerProvince * 200 + bigProgramTasks,
  };
}

// ----------------------------------------------------------------------------------------------------------------
// Time

const DAY = 86_400_000;
const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => dateOf(msOf(date) + days * DAY);
/** An instant as PostgreSQL reads it, in UTC: text that sorts in time order. */
const stamp = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}+00`;
/** A moment in Vietnamese office hours (08:00–17:00, UTC+7) on a day. */
const officeHours = (date: string, rng: Random) => msOf(date) + 3_600_000 + Math.floor(rng.float() * 9 * 3_600_000);

const years = [2021, 2022, 2023, 2024, 2025];

/** The 35 reporting periods of 2021–2025 in the order their data cut-offs fall (a year closes with Q4, H2, annual). */
const periods: Period[] = years.flatMap((year) => [
  periodOf('quarter', year, 1),
  periodOf('half_year', year, 1),
  periodOf('quarter', year, 2),
  periodOf('quarter', year, 3),
  periodOf('quarter', year, 4),
  periodOf('half_year', year, 2),
  periodOf('annual', year, 1),
]);
/** The half-year (0 = 2021-H1 … 9 = 2025-H2) whose state a report of the period describes. */
const halfOf = (p: Period) => (p.year - 2021) * 2 + (p.kind === 'half_year' ? p.index - 1 : p.kind === 'annual' ? 1 : p.index <= 2 ? 0 : 1);
const halfPeriods = years.flatMap((y) => [periodOf('half_year', y, 1), periodOf('half_year', y, 2)]);

const holidays = new Set(vietnamPublicHolidays.map((h) => h.date));
const deadlineCache = new Map<string, string>();
function dueOn(period: Period, days: number): string {
  const key = `${period.id}/${days}`;
  let due = deadlineCache.get(key);
  if (!due) deadlineCache.set(key, (due = submissionDeadline(period, { workingDaysAfterCutoff: days }, holidays)));
  return due;
}

// ----------------------------------------------------------------------------------------------------------------
// The model held in memory while generating (small: agencies, groups, programs; tasks of one program at a time)

interface Agency {
  id: string;
  code: string;
  name: string;
  short: string | null;
  kind: AgencyKind;
  weight: number;
  /** Creation order: participants are listed in it. */
  order: number;
}

interface Group {
  id: string;
  code: string;
  name: string;
  members: Agency[];
}

interface Owner {
  /** "tỉnh Nghệ An"; the nation for the national program. */
  place: string;
  leads: Agency[];
  /** Agencies that may support a task as themselves (besides the leads). */
  extraSupporters: Agency[];
  groups: { all: Group; local: Group; relevant: Group };
  coordinator: Agency;
  issuer: Agency;
  approvalEvent: string;
  province: Province | null;
}

interface ProgramPlan {
  id: string;
  code: string;
  owner: Owner;
  taskCount: number;
  groupIds: string[];
  /** The bodies that lead and support its tasks: the coordinator and those of its subject. */
  circle: Agency[];
  /** Whether some of its tasks name every department ("Các sở, ban, ngành"). */
  namesAll: boolean;
  /** Whether some of its tasks name the commune (or, nationally, provincial) People's Committees. */
  reachesLocal: boolean;
  deadlineDays: number;
  issuedOn: string;
  stream: string;
}

type TaskStatus = 'not_started' | 'in_progress' | 'completed' | 'cancelled';

interface TaskState {
  status: TaskStatus;
  progress: number;
  completedOn: string | null;
}

interface TaskPlan {
  id: string;
  code: string;
  lead: Agency;
  /** The state at the end of each half-year, 0 = 2021-H1 … 9 = 2025-H2. */
  states: TaskState[];
}

const systemActor = { type: 'system', id: null, name: 'plantrack-bench-data', agencyId: null };

export class Generator {
  readonly counts = new Map<TableName, number>();
  private readonly uuids: UuidSequence;
  private readonly rng: Random;
  private agencyOrder = 0;
  private transitionIds = 0;
  private structure = new Chunk();
  private readonly plan: Plan;

  constructor(
    private readonly options: GenerateOptions,
    private readonly sink: Sink,
  ) {
    this.uuids = new UuidSequence(options.seed);
    this.rng = new Random(options.seed, 'structure');
    this.plan = planFor(options.scale, options.bigProgramTasks);
  }

  get planned(): Plan {
    return this.plan;
  }

  private add(chunk: Chunk, table: TableName, values: readonly unknown[]): void {
    chunk.add(table, values);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
  }

  /** An audit event shaped like the trigger's: every column that changed, before and after. */
  private audit(
    occurredMs: number,
    rng: Random,
    operation: string | null,
    actor: { type: string; id: string | null; name: string | null; agencyId: string | null },
    resourceType: string,
    resourceId: string,
    action: 'insert' | 'update' | 'delete',
    changes: Record<string, { before: unknown; after: unknown }>,
  ): void {
    const occurred = stamp(occurredMs);
    const requestId = actor.type === 'system' ? null : hexId(rng);
    this.sink.audit(occurred, line([occurred, requestId, operation, actor.type, actor.id, actor.name, actor.agencyId, resourceType, resourceId, action, changes]));
    this.counts.set('audit_events', (this.counts.get('audit_events') ?? 0) + 1);
  }

  private inserted(row: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const [key, value] of Object.entries(row)) if (value !== null && value !== undefined) changes[key] = { before: null, after: value };
    return changes;
  }

  // --------------------------------------------------------------------------------------------------------------
  // Structure: agencies, groups, holidays, programs, task groups

  private agency(name: string, short: string | null, kind: AgencyKind, code: string, parent: Agency | null, weight: number): Agency {
    const agency: Agency = { id: this.uuids.next(), code, name, short, kind, weight, order: this.agencyOrder++ };
    const created = msOf('2021-01-04') + agency.order * 1000;
    this.add(this.structure, 'agencies', [agency.id, code, name, short, kind, parent?.id ?? null, null, null, stamp(created), stamp(created)]);
    this.audit(created, this.rng, null, systemActor, 'agencies', agency.id, 'insert', this.inserted({ id: agency.id, code, name, short_name: short, kind, parent_id: parent?.id ?? null }));
    return agency;
  }

  private group(code: string, name: string, description: string, members: Agency[]): Group {
    const group: Group = { id: this.uuids.next(), code, name, members };
    const created = msOf('2021-01-05');
    this.add(this.structure, 'agency_groups', [group.id, code, name, description, stamp(created), stamp(created)]);
    this.audit(created, this.rng, null, systemActor, 'agency_groups', group.id, 'insert', this.inserted({ id: group.id, code, name, description }));
    for (const member of members) this.add(this.structure, 'agency_group_members', [group.id, member.id]);
    return group;
  }

  private provinceOwner(province: Province, index: number): Owner {
    const rng = new Random(this.options.seed, 'province', index);
    const s = province.slug;
    const pc = this.agency(`Ủy ban nhân dân ${province.place}`, `UBND ${province.city ? 'thành phố' : 'tỉnh'}`, 'peoples_committee', `ubnd-${s}`, null, 0);
    this.agency(`Chủ tịch Ủy ban nhân dân ${province.place}`, null, 'chairman', `chu-tich-ubnd-${s}`, pc, 0);
    this.agency(`Hội đồng nhân dân ${province.place}`, `HĐND ${province.city ? 'thành phố' : 'tỉnh'}`, 'peoples_council', `hdnd-${s}`, null, 0);
    const party = this.agency(`${province.city ? 'Thành ủy' : 'Tỉnh ủy'} ${province.name}`, null, 'party_committee', `${province.city ? 'thanh-uy' : 'tinh-uy'}-${s}`, null, 0);
    const propaganda = this.agency(`Ban Tuyên giáo ${province.city ? 'Thành ủy' : 'Tỉnh ủy'} ${province.name}`, null, 'party_body', `ban-tuyen-giao-${s}`, party, 0);
    const front = this.agency(`Ủy ban Mặt trận Tổ quốc Việt Nam ${province.place}`, 'UBMTTQVN', 'fatherland_front', `mttq-${s}`, null, 0);
    const leads = departments.map((d) => this.agency(`${d.name} ${province.place}`, d.short, d.kind, `${slug(d.name)}-${s}`, pc, d.weight));
    const communeNames = rng.sample(
      placeFirst.flatMap((a) => placeSecond.filter((b) => b !== a).map((b) => `${a} ${b}`)),
      19,
    );
    const communes = communeNames.map((n, i) => {
      const unit = i % 3 === 0 ? 'phường' : 'xã';
      return this.agency(`Ủy ban nhân dân ${unit} ${n}, ${province.place}`, `UBND ${unit} ${n}`, 'district_peoples_committee', `ubnd-${unit === 'xã' ? 'xa' : 'phuong'}-${slug(n)}-${s}`, pc, 0);
    });
    const leading = leads.filter((a) => a.weight > 0);
    const all = this.group(`so-ban-nganh-${s}`, `Các sở, ban, ngành ${province.place}`, `Every department, board and office of ${province.name}.`, leads);
    const local = this.group(`ubnd-cap-xa-${s}`, `Ủy ban nhân dân các xã, phường ${province.place}`, `The commune and ward People's Committees of ${province.name}.`, communes);
    const relevant = this.group(`co-quan-lien-quan-${s}`, `Các cơ quan, đơn vị có liên quan ${province.place}`, 'Bodies named as "relevant" in the programs.', rng.sample(leading, 6));
    this.group(`mttq-doan-the-${s}`, `Ủy ban MTTQ và các tổ chức chính trị - xã hội ${province.place}`, 'The Fatherland Front and the mass organisations.', [front, propaganda]);
    return {
      place: province.place,
      leads: leading,
      extraSupporters: communes,
      groups: { all, local, relevant },
      coordinator: leads[0]!,
      issuer: pc,
      approvalEvent: `Sau khi ${province.city ? 'Thành ủy' : 'Tỉnh ủy'} phê duyệt`,
      province,
    };
  }

  private nationalOwner(provincePcs: Agency[]): Owner {
    const rng = new Random(this.options.seed, 'national');
    const government = this.agency('Chính phủ', null, 'central_agency', 'chinh-phu', null, 0);
    const leads = ministries.map((m) => this.agency(m.name, m.short, 'central_agency', slug(m.name), null, m.weight));
    const all = this.group('bo-nganh-trung-uong', 'Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ', 'Every ministry and central agency.', leads);
    const local = this.group('ubnd-tinh-thanh-pho', 'Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương', 'The People\'s Committees of the provinces.', provincePcs);
    const relevant = this.group('bo-nganh-lien-quan', 'Các bộ, ngành liên quan', 'Ministries named as "relevant".', rng.sample(leads, 6));
    return {
      place: 'cả nước',
      leads,
      extraSupporters: provincePcs,
      groups: { all, local, relevant },
      coordinator: leads[0]!,
      issuer: government,
      approvalEvent: 'Sau khi Bộ Chính trị ban hành Nghị quyết',
      province: null,
    };
  }

  private program(owner: Owner, stream: string, code: string, title: string, resolution: string, taskCount: number, groupCount: number, rng: Random): ProgramPlan {
    const id = this.uuids.next();
    const issuedOn = addDays('2021-01-04', rng.int(0, 80));
    const created = officeHours(issuedOn, rng);
    const deadlineDays = rng.pick([3, 5, 5, 5, 7, 10]);
    const summary = `Cụ thể hóa các mục tiêu, nhiệm vụ, giải pháp của Nghị quyết số ${resolution} phù hợp với điều kiện thực tế của ${owner.place}; phân công nhiệm vụ cụ thể cho các cơ quan, đơn vị.`;
    const signer = `${rng.pick(['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi'])} ${rng.pick(['Văn', 'Thị', 'Quốc', 'Minh', 'Thanh'])} ${rng.pick(['Hùng', 'Lan', 'Dũng', 'Hải', 'Tâm', 'Phong', 'Trường', 'Hương'])}`;
    const kinds = '{annual,half_year,quarter}';
    this.add(this.structure, 'programs', [id, code, title, resolution, owner.issuer.id, owner.coordinator.id, issuedOn, 2021, 2025, signer, summary, kinds, deadlineDays, stamp(created), stamp(created)]);
    this.audit(created, rng, 'createProgram', systemActor, 'programs', id, 'insert', this.inserted({ id, code, title, resolution, issuer_agency_id: owner.issuer.id, coordinator_agency_id: owner.coordinator.id, issued_on: issuedOn, start_year: 2021, end_year: 2025 }));
    const groupIds: string[] = [];
    for (let g = 0; g < groupCount; g++) {
      const groupId = this.uuids.next();
      groupIds.push(groupId);
      const theme = groupThemes[g % groupThemes.length]!;
      const groupTitle = g < groupThemes.length ? theme : `${theme} (phần ${Math.floor(g / groupThemes.length) + 1})`;
      const section = g < Math.ceil(groupCount * 0.8) ? roman(g + 1) : null;
      this.add(this.structure, 'task_groups', [groupId, id, String(g + 1), groupTitle, g + 1, section, section ? groupTitle : null, stamp(created), stamp(created)]);
      this.audit(created, rng, 'createTaskGroup', systemActor, 'task_groups', groupId, 'insert', this.inserted({ id: groupId, program_id: id, code: String(g + 1), title: groupTitle, position: g + 1, appendix_section: section }));
    }
    const others = owner.leads.filter((a) => a !== owner.coordinator);
    const circle = owner.province ? [owner.coordinator, ...rng.sample(others, rng.int(7, 13))] : owner.leads;
    const national = owner.province === null;
    return { id, code, owner, taskCount, groupIds, circle, namesAll: national || rng.chance(0.25), reachesLocal: national || rng.chance(0.35), deadlineDays, issuedOn, stream };
  }

  // --------------------------------------------------------------------------------------------------------------

  async run(): Promise<void> {
    const { seed } = this.options;
    const plan = this.plan;
    for (const h of vietnamPublicHolidays) {
      const created = stamp(msOf('2021-01-04'));
      this.add(this.structure, 'public_holidays', [this.uuids.next(), h.date, h.name, created, created]);
    }
    const owners = provinces.slice(0, plan.provinces).map((p, i) => this.provinceOwner(p, i));
    const national = this.nationalOwner(owners.map((o) => o.issuer));
    const programs: ProgramPlan[] = [];
    owners.forEach((owner, p) => {
      const rng = new Random(seed, 'programs', p);
      const numbers = rng.sample(
        Array.from({ length: 300 }, (_, i) => i + 1),
        plan.programsPerProvince,
      );
      const topics = rng.sample(programTopics, programTopics.length);
      for (let i = 0; i < plan.programsPerProvince; i++) {
        const kind = rng.weighted(['CTr', 'KH'], [2, 1]);
        const code = `${numbers[i]}/${kind}-UBND-${owner.province!.abbr}`;
        const topic = topics[i % topics.length]!;
        const resolution = `${rng.int(1, 180)}/NQ-CP`;
        const title = `${kind === 'CTr' ? 'Chương trình hành động' : 'Kế hoạch'} thực hiện Nghị quyết số ${resolution} của Chính phủ về ${topic} trên địa bàn ${owner.place} giai đoạn 2021 - 2025`;
        programs.push(this.program(owner, `program/${p}/${i}`, code, title, resolution, rng.int(160, 240), 10, rng));
      }
    });
    const nrng = new Random(seed, 'programs', 'national');
    programs.push(
      this.program(
        national,
        'program/national',
        '99/CTr-CP',
        'Chương trình hành động của Chính phủ thực hiện Nghị quyết về Kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025 (cả nước)',
        '99/NQ-CP',
        this.options.bigProgramTasks,
        40,
        nrng,
      ),
    );
    await this.sink.submit(this.structure);
    this.structure = new Chunk();
    // Chunks of programs only reference the structure: it must be committed before they run side by side.
    await this.sinkDrain();
    let done = 0;
    for (const program of programs) {
      await this.sink.submit(this.programChunk(program));
      this.sink.progress(++done, programs.length);
    }
  }

  /** Set by the caller: waits until every submitted chunk is committed. */
  sinkDrain: () => Promise<void> = async () => {};

  // --------------------------------------------------------------------------------------------------------------
  // One program: tasks, supporters, indicators and values, reports with their history, task updates and values

  private programChunk(program: ProgramPlan): Chunk {
    const chunk = new Chunk();
    const rng = new Random(this.options.seed, program.stream);
    const { owner } = program;
    const programCreated = officeHours(program.issuedOn, rng);
    const tasks: TaskPlan[] = [];
    const supporterIds = new Set<string>();
    const supportingGroups = new Set<Group>();
    const groupWeights = program.groupIds.map((_, i) => Math.max(1, 12 - i));
    const leadWeights = program.circle.map((a) => a.weight);
    const width = Math.max(3, String(program.taskCount).length);

    for (let t = 0; t < program.taskCount; t++) {
      const id = this.uuids.next();
      const code = String(t + 1).padStart(width, '0');
      const kind = rng.weighted(taskKinds, kindWeights);
      const object = rng.pick(taskObjects);
      const scope = rng.pick(taskScopes)(owner.place);
      const title = `${kindWords[kind]} ${rng.pick(taskActions)} ${object}${scope ? ` ${scope}` : ''}`;
      const lead = rng.weighted(program.circle, leadWeights);
      const groupId = rng.weighted(program.groupIds, groupWeights);

      // Supporters: other bodies, sometimes local ones, sometimes whole groups; in the order of the text.
      const supporters: ({ agency: Agency } | { group: Group })[] = [];
      if (program.namesAll && rng.chance(0.08)) supporters.push({ group: owner.groups.all });
      if (rng.chance(0.04)) supporters.push({ group: owner.groups.relevant });
      const count = rng.weighted([0, 1, 2, 3, 4], [15, 30, 30, 15, 10]);
      const taken = new Set([lead.id]);
      for (let s = 0; s < count; s++) {
        const pool = program.reachesLocal && rng.chance(0.2) ? owner.extraSupporters : program.circle;
        const agency = rng.pick(pool);
        if (taken.has(agency.id)) continue;
        taken.add(agency.id);
        supporters.push({ agency });
      }
      if (program.reachesLocal && rng.chance(0.1)) supporters.push({ group: owner.groups.local });
      const supportingText = supporters.length ? supporters.map((s) => ('group' in s ? s.group.name : s.agency.name)).join(', ') : null;

      const deadlineKind = rng.weighted(['year', 'year_range', 'annually', 'event'] as const, [45, 20, 25, 10]);
      let from: number | null = null;
      let to: number | null = null;
      let deadlineText: string;
      if (deadlineKind === 'year') {
        from = to = rng.int(2021, 2025);
        deadlineText = String(from);
      } else if (deadlineKind === 'year_range') {
        from = rng.int(2021, 2024);
        to = rng.int(from + 1, 2025);
        deadlineText = `${from} - ${to}`;
      } else if (deadlineKind === 'annually') {
        from = 2021;
        to = 2025;
        deadlineText = 'Hàng năm';
      } else {
        deadlineText = owner.approvalEvent;
      }
      const states = trajectory(rng, deadlineKind === 'event');
      const now = states[9]!;
      const isKey = rng.chance(0.1);
      this.add(chunk, 'tasks', [
        id, program.id, groupId, code, title, kind, lead.id, supportingText, deadlineKind, from, to, deadlineText, isKey, now.status, now.progress, now.completedOn,
        stamp(programCreated), stamp(programCreated),
      ]);
      this.audit(programCreated, rng, 'createTask', systemActor, 'tasks', id, 'insert', this.inserted({
        id, program_id: program.id, group_id: groupId, code, title, kind, lead_agency_id: lead.id, supporting_text: supportingText, deadline_kind: deadlineKind,
        deadline_from_year: from, deadline_to_year: to, deadline_text: deadlineText, is_key: isKey, status: 'not_started', progress: 0,
      }));
      supporters.forEach((s, i) => {
        if ('group' in s) {
          supportingGroups.add(s.group);
          this.add(chunk, 'task_supporters', [id, i + 1, null, s.group.id]);
        } else {
          supporterIds.add(s.agency.id);
          this.add(chunk, 'task_supporters', [id, i + 1, s.agency.id, null]);
        }
      });
      tasks.push({ id, code, lead, states });
    }

    // Indicators: 24 templates' worth (some with sub-targets), drawn in a program's own order; 5 yearly values each.
    interface IndicatorPlan {
      id: string;
      responsible: Agency | null;
      values: number[];
    }
    const indicatorsOf = new Map<string, IndicatorPlan[]>();
    const templates = owner.province ? rng.sample(indicatorTemplates, rng.int(18, 24)) : [...indicatorTemplates, ...indicatorTemplates, ...indicatorTemplates].slice(0, 60);
    let position = 0;
    templates.forEach((template, i) => {
      const code = String(i + 1);
      const parts = template.parts && rng.chance(owner.province ? 0.9 : 1) ? template.parts : [];
      const parent = this.indicator(chunk, rng, program, programCreated, null, code, ++position, template.name, template, parts.length > 0 && rng.chance(0.4));
      const responsible = parent.responsible;
      if (responsible) (indicatorsOf.get(responsible.id) ?? indicatorsOf.set(responsible.id, []).get(responsible.id)!).push(parent);
      parts.forEach((part, j) => {
        const child = this.indicator(chunk, rng, program, programCreated, parent.id, `${code}.${j + 1}`, ++position, `${template.name} - ${part}`, template, false);
        if (child.responsible) (indicatorsOf.get(child.responsible.id) ?? indicatorsOf.set(child.responsible.id, []).get(child.responsible.id)!).push(child);
      });
    });

    // Who reports: the leads, the supporters named, and the members of the groups named (as src/modules/reports/involvement.ts).
    const participants = new Map<string, Agency>();
    for (const task of tasks) participants.set(task.lead.id, task.lead);
    const everyone = [...owner.leads, ...owner.extraSupporters, ...owner.groups.all.members];
    for (const agency of everyone) if (supporterIds.has(agency.id)) participants.set(agency.id, agency);
    for (const group of supportingGroups) for (const member of group.members) participants.set(member.id, member);
    const reporters = [...participants.values()].sort((a, b) => a.order - b.order);
    const ledBy = new Map<string, TaskPlan[]>();
    for (const task of tasks) (ledBy.get(task.lead.id) ?? ledBy.set(task.lead.id, []).get(task.lead.id)!).push(task);
    const applied = new Map<string, TaskState>(tasks.map((t) => [t.id, { status: 'not_started', progress: 0, completedOn: null }]));

    const coordinatorActor = { type: 'user', id: `chuyen-vien-${owner.coordinator.code}`, name: `Chuyên viên ${owner.coordinator.short ?? owner.coordinator.name}`, agencyId: owner.coordinator.id };
    for (const period of periods) {
      const cutoff = periodEnd(period);
      const window = reportingWindow(period);
      const due = dueOn(period, program.deadlineDays);
      const half = halfOf(period);
      const withUpdates = period.kind !== 'quarter';
      for (const agency of reporters) {
        const status = rng.weighted(['missing', 'draft', 'returned', 'submitted', 'accepted'] as const, [5, 3, 3, 9, 80]);
        if (status === 'missing') continue;
        const reportId = this.uuids.next();
        const led = ledBy.get(agency.id) ?? [];
        const created = officeHours(addDays(cutoff, -rng.int(0, 12)), rng);
        const done = led.filter((t) => t.states[half]!.status === 'completed').length;
        const results = status === 'draft' && rng.chance(0.5) ? null : led.length ? `${rng.pick(reportResults)}; hoàn thành ${done}/${led.length} nhiệm vụ chủ trì.` : `${rng.pick(reportResults)}.`;
        const advantages = rng.pick(reportAdvantages);
        const difficulties = rng.pick(reportDifficulties);
        const proposals = rng.pick(reportProposals);
        const officer = { type: 'api_key', id: hexId(new Random(this.options.seed, 'key', agency.id)), name: `Hệ thống báo cáo ${agency.short ?? agency.name}`, agencyId: agency.id };
        let submittedMs: number | null = null;
        let timeliness: 'on_time' | 'late' | null = null;
        let acceptedMs: number | null = null;
        let lastMs = created;
        if (status !== 'draft') {
          const day = rng.chance(0.85) ? addDays(cutoff, rng.int(1, Math.max(1, Math.round((msOf(due) - msOf(cutoff)) / DAY)))) : addDays(due, rng.int(1, 15));
          submittedMs = Math.max(officeHours(day, rng), created + 3_600_000);
          timeliness = vietnamDateOf(new Date(submittedMs)) <= due ? 'on_time' : 'late';
          lastMs = submittedMs;
        }
        const decidedMs = submittedMs === null ? null : submittedMs + rng.int(1, 10) * DAY;
        if (status === 'accepted') acceptedMs = decidedMs;
        if (status === 'returned' || status === 'accepted') lastMs = decidedMs!;
        this.add(chunk, 'reports', [
          reportId, program.id, agency.id, period.id, status, results, advantages, difficulties, proposals, due,
          submittedMs === null ? null : stamp(submittedMs), submittedMs === null ? null : stamp(submittedMs), timeliness,
          acceptedMs === null ? null : stamp(acceptedMs), stamp(created), stamp(lastMs),
        ]);
        this.audit(created, rng, 'createReport', officer, 'reports', reportId, 'insert', this.inserted({
          id: reportId, program_id: program.id, agency_id: agency.id, period: period.id, status: 'draft', results, advantages, difficulties, proposals, due_on: due,
        }));
        if (submittedMs !== null) {
          this.add(chunk, 'report_transitions', [++this.transitionIds, 'draft', 'submitted', null, officer.type, officer.id, officer.name, officer.agencyId, hexId(rng), stamp(submittedMs), reportId]);
          this.audit(submittedMs, rng, 'submitReport', officer, 'reports', reportId, 'update', {
            status: { before: 'draft', after: 'submitted' },
            first_submitted_at: { before: null, after: new Date(submittedMs).toISOString() },
            submitted_at: { before: null, after: new Date(submittedMs).toISOString() },
            timeliness: { before: null, after: timeliness },
          });
        }
        if (status === 'returned' || status === 'accepted') {
          const reason = status === 'returned' ? 'Đề nghị bổ sung số liệu và làm rõ tiến độ các nhiệm vụ chậm.' : null;
          this.add(chunk, 'report_transitions', [++this.transitionIds, 'submitted', status, reason, coordinatorActor.type, coordinatorActor.id, coordinatorActor.name, coordinatorActor.agencyId, hexId(rng), stamp(decidedMs!), reportId]);
          this.audit(decidedMs!, rng, status === 'accepted' ? 'acceptReport' : 'returnReport', coordinatorActor, 'reports', reportId, 'update', {
            status: { before: 'submitted', after: status },
            ...(status === 'accepted' ? { accepted_at: { before: null, after: new Date(decidedMs!).toISOString() } } : {}),
          });
        }
        if (withUpdates) {
          for (const task of led) {
            const state = task.states[half]!;
            const evidence = rng.chance(0.1) ? `https://vanban.example.vn/${program.owner.province?.slug ?? 'tw'}/${reportId.slice(0, 8)}/${task.code}.pdf` : null;
            this.add(chunk, 'report_task_updates', [reportId, task.id, state.status, state.progress, state.completedOn, rng.pick(updateNotes), evidence]);
            if (status === 'accepted') {
              const before = applied.get(task.id)!;
              if (before.status !== state.status) {
                this.audit(decidedMs! + 1, rng, 'acceptReport', coordinatorActor, 'tasks', task.id, 'update', {
                  status: { before: before.status, after: state.status },
                  ...(before.progress !== state.progress ? { progress: { before: before.progress, after: state.progress } } : {}),
                  ...(before.completedOn !== state.completedOn ? { completed_on: { before: before.completedOn, after: state.completedOn } } : {}),
                });
              }
              applied.set(task.id, state);
            }
          }
        }
        if (period.kind === 'annual') {
          const yearIndex = period.year - 2021;
          for (const indicator of indicatorsOf.get(agency.id) ?? []) {
            this.add(chunk, 'report_indicator_values', [reportId, indicator.id, indicator.values[yearIndex], 'estimate', null]);
          }
        }
      }
      // Official yearly values, recorded early the next year by the coordinator.
      if (period.kind === 'annual') {
        const yearIndex = period.year - 2021;
        const recordedDay = addDays(window.to, 30);
        for (const list of indicatorsOf.values()) {
          for (const indicator of list) this.indicatorValue(chunk, rng, indicator.id, String(period.year), indicator.values[yearIndex]!, indicator.responsible, recordedDay, coordinatorActor);
        }
        for (const indicator of this.unowned) this.indicatorValue(chunk, rng, indicator.id, String(period.year), indicator.values[yearIndex]!, null, recordedDay, coordinatorActor);
      }
    }
    this.unowned = [];
    return chunk;
  }

  /** Indicators without a responsible agency (values recorded by the coordinator only); reset per program. */
  private unowned: { id: string; values: number[] }[] = [];

  private indicatorValue(chunk: Chunk, rng: Random, indicatorId: string, period: string, value: number, agency: Agency | null, day: string, actor: { type: string; id: string | null; name: string | null; agencyId: string | null }) {
    const id = this.uuids.next();
    const at = officeHours(day, rng);
    this.add(chunk, 'indicator_values', [id, indicatorId, period, value, 'official', agency?.id ?? null, null, stamp(at), stamp(at)]);
    this.audit(at, rng, 'createIndicatorValue', actor, 'indicator_values', id, 'insert', this.inserted({ id, indicator_id: indicatorId, period, value, kind: 'official', agency_id: agency?.id ?? null }));
  }

  private indicator(
    chunk: Chunk,
    rng: Random,
    program: ProgramPlan,
    createdMs: number,
    parentId: string | null,
    code: string,
    position: number,
    name: string,
    template: (typeof indicatorTemplates)[number],
    groupingOnly: boolean,
  ): { id: string; responsible: Agency | null; values: number[] } {
    const id = this.uuids.next();
    const typical = template.typical * (0.7 + rng.float() * 0.6);
    const round = (v: number) => Math.round(v * 10) / 10;
    // A parent that only groups its sub-targets has no target of its own (as in 17/CTr-UBND).
    const comparator = groupingOnly ? null : template.comparator ?? (parentId ? rng.pick(['between', 'gte', 'lte'] as const) : null);
    const basis = comparator === null ? null : template.basis ?? 'by_year';
    let lower: number | null = null;
    let upper: number | null = null;
    let text: string | null = null;
    const vn = (v: number) => String(v).replace('.', ',');
    if (comparator === 'between') {
      lower = round(typical * 0.95);
      upper = round(Math.max(lower, typical * 1.05));
      text = `${vn(lower)}-${vn(upper)}${template.unit.startsWith('%') ? '%' : ` ${template.unit}`}`;
    } else if (comparator === 'gte' || comparator === 'gt') {
      lower = round(typical);
      text = `${comparator === 'gte' ? 'đạt trên' : 'trên'} ${vn(lower)} ${template.unit}`;
    } else if (comparator === 'lte' || comparator === 'lt') {
      upper = round(typical);
      text = `${comparator === 'lte' ? 'không quá' : 'dưới'} ${vn(upper)} ${template.unit}`;
    } else if (comparator === 'eq') {
      lower = upper = round(typical);
      text = `${vn(lower)} ${template.unit}`;
    }
    const baseline = rng.chance(0.8) ? round(typical * (0.8 + rng.float() * 0.15)) : null;
    const responsible = rng.chance(0.7) ? rng.weighted(program.circle, program.circle.map((a) => a.weight + 1)) : null;
    const sourceText = text ? `${name} ${text}` : name;
    this.add(chunk, 'indicators', [
      id, program.id, parentId, code, position, template.category, name, template.unit, template.direction, comparator, lower, upper, text, basis,
      2025, baseline, baseline === null ? null : 2020, responsible?.id ?? null, sourceText, null, stamp(createdMs), stamp(createdMs),
    ]);
    this.audit(createdMs, rng, 'createIndicator', systemActor, 'indicators', id, 'insert', this.inserted({
      id, program_id: program.id, parent_id: parentId, code, position, category: template.category, name, unit: template.unit, direction: template.direction,
      target_comparator: comparator, target_lower: lower, target_upper: upper, target_text: text, basis, target_year: 2025, responsible_agency_id: responsible?.id ?? null,
    }));
    // Yearly values drift around the typical value: some indicators meet their target, some do not.
    const trend = (rng.float() - 0.4) * 0.08;
    const values = years.map((_, y) => round(typical * (0.85 + rng.float() * 0.25 + trend * y)));
    const plan = { id, responsible, values };
    if (!responsible) this.unowned.push(plan);
    return plan;
  }
}

/** A 32-hex-digit id (request ids, API key ids) from a random stream, UUID-shaped. */
function hexId(rng: Random): string {
  const h = [rng.next(), rng.next(), rng.next(), rng.next()].map((n) => n.toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/**
 * A task's life over the ten half-years of 2021–2025: not started, then in progress with rising progress, then
 * completed (on a day of the half-year it finished in) or cancelled, or still in progress at the end.
 */
function trajectory(rng: Random, afterEvent: boolean): TaskState[] {
  const final = afterEvent
    ? rng.weighted(['not_started', 'in_progress', 'completed', 'cancelled'] as const, [50, 30, 15, 5])
    : rng.weighted(['not_started', 'in_progress', 'completed', 'cancelled'] as const, [15, 33, 45, 7]);
  const start = rng.int(0, 8);
  const end = rng.int(start, 9);
  const finalProgress = final === 'in_progress' ? rng.int(10, 95) : final === 'cancelled' ? rng.int(5, 60) : 100;
  const finishedOn = final === 'completed' ? (() => {
    const window = reportingWindow(halfPeriods[end]!);
    return addDays(window.from, rng.int(0, Math.round((msOf(window.to) - msOf(window.from)) / DAY)));
  })() : null;
  const states: TaskState[] = [];
  for (let k = 0; k < 10; k++) {
    if (final === 'not_started' || k < start) states.push({ status: 'not_started', progress: 0, completedOn: null });
    else if (final === 'completed' && k >= end) states.push({ status: 'completed', progress: 100, completedOn: finishedOn });
    else if (final === 'cancelled' && k >= end) states.push({ status: 'cancelled', progress: finalProgress, completedOn: null });
    else {
      const span = final === 'in_progress' ? 10 - start : end - start + 1;
      const target = final === 'in_progress' ? finalProgress : final === 'completed' ? 90 : finalProgress;
      states.push({ status: 'in_progress', progress: Math.max(5, Math.min(95, Math.round((target * (k - start + 1)) / span))), completedOn: null });
    }
  }
  return states;
}
