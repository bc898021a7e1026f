// The shape of a seeded program: reviewed data, written by hand from the source document, loaded by
// src/seed/load.ts. Codes are the natural keys people use; the loader turns them into ids.
import type {
  AgencyKind,
  DeadlineKind,
  IndicatorCategory,
  IndicatorDirection,
  TargetBasis,
  TargetComparator,
  TaskKind,
} from '../domain/vocabulary.js';

export interface SeedAgency {
  /** Stable natural code, kebab-case ASCII, unique across all agencies (e.g. `so-ke-hoach-dau-tu`). */
  code: string;
  /** Full Vietnamese name as the document writes it. */
  name: string;
  /** Customary short name (e.g. `Sở KH&ĐT`), null when none is customary. */
  shortName: string | null;
  kind: AgencyKind;
  /** Code of the parent body (a department's parent is the City People's Committee), or null. */
  parentCode: string | null;
}

export interface SeedAgencyGroup {
  code: string;
  /** Vietnamese name as the document writes the group (e.g. `Các Sở, ban ngành thành phố`). */
  name: string;
  description: string;
  /** Agencies that belong to the group; empty when the document leaves membership open. */
  memberCodes: string[];
}

export interface SeedProgram {
  code: string;
  title: string;
  /** The resolution the program implements (e.g. `99/NQ-CP`). */
  resolution: string;
  issuerCode: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  startYear: number;
  endYear: number;
  signedBy: string;
  /** DPI, who coordinates and synthesises reports (section VI). */
  coordinatorCode: string;
  summary: string;
}

export interface SeedTaskGroup {
  /** `1` … `13`, the group's number in section V. */
  code: string;
  title: string;
  /** Roman numeral of the appendix section that repeats this group's title, or null. */
  appendixSection: string | null;
  /** The appendix section's heading exactly as printed there (it differs from the group title in small ways). */
  appendixTitle: string | null;
}

export interface SeedTarget {
  comparator: TargetComparator;
  /** For between/gte/gt/eq (eq: lower = upper). */
  lower: number | null;
  /** For between/lte/lt/eq. */
  upper: number | null;
}

export interface SeedIndicator {
  /** `1` … `17` for section IV's numbered indicators, `1.1`, `1.2`, … for their sub-targets. */
  code: string;
  parentCode: string | null;
  category: IndicatorCategory;
  /** What is measured, in the document's words. */
  name: string;
  unit: string | null;
  direction: IndicatorDirection;
  target: SeedTarget | null;
  /** The target exactly as written (e.g. `7,5- 8,0%/năm`), a substring of `sourceText`. */
  targetText: string | null;
  basis: TargetBasis | null;
  targetYear: number | null;
  /** The document's sentence (or clause) this indicator comes from, verbatim: a substring of the source. */
  sourceText: string;
  notes: string | null;
}

export type SeedSupporter = { agencyCode: string } | { groupCode: string };

export interface SeedTask {
  /** `01` … `44`, as numbered in the appendix. */
  code: string;
  /** The appendix section's roman numeral; names the task group through SeedTaskGroup.appendixSection. */
  section: string;
  title: string;
  kind: TaskKind;
  leadAgencyCode: string;
  /** The "Cơ quan phối hợp" cell verbatim. */
  supportingText: string;
  supporters: SeedSupporter[];
  deadline: { kind: DeadlineKind; fromYear: number | null; toYear: number | null };
  /** The "Thời gian trình" cell verbatim. */
  deadlineText: string;
  isKey: boolean;
}

export interface SeedProgramBundle {
  agencies: SeedAgency[];
  agencyGroups: SeedAgencyGroup[];
  program: SeedProgram;
  taskGroups: SeedTaskGroup[];
  indicators: SeedIndicator[];
  tasks: SeedTask[];
}
