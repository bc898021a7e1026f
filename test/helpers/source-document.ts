// An independent reader of the source document docs/sources/17-CTr-UBND-2021.txt (Action Program 17/CTr-UBND of
// the Can Tho City People's Committee). Tests use it to compare the seed data and the API's output with what the
// document actually prints. It must never import the seed data: it parses the plain text on its own.
import { readFileSync } from 'node:fs';

export interface AppendixRow {
  /** Roman numeral of the appendix section (I … VIII). */
  section: string;
  /** The section heading exactly as printed in the appendix. */
  sectionTitle: string;
  /** `01` … `44`. */
  code: string;
  title: string;
  /** "Cơ quan chủ trì" as printed. */
  lead: string;
  /** "Cơ quan phối hợp" as printed. */
  supporting: string;
  /** "Thời gian trình" as printed. */
  deadline: string;
}

export interface TaskGroupHeading {
  /** `1` … `13`. */
  code: string;
  /** The heading text after "N. ", as printed (trimmed). */
  title: string;
}

export interface IndicatorItem {
  /** `1` … `17`, the number printed as "(N)". */
  code: string;
  /** The sub-heading of section IV the item stands under, e.g. `Các chỉ tiêu kinh tế`. */
  heading: string;
  /** The item's text after "(N) ", as printed (trimmed). */
  text: string;
}

const sourceUrl = new URL('../../docs/sources/17-CTr-UBND-2021.txt', import.meta.url);

/** The whole source document as UTF-8 text. */
export function readSourceDocument(): string {
  return readFileSync(sourceUrl, 'utf8');
}

/** The document's lines, trimmed (String#trim also removes the non-breaking spaces of the "blank" lines). */
function trimmedLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim());
}

function indexOfLine(lines: string[], wanted: string, from = 0): number {
  const index = lines.indexOf(wanted, from);
  if (index < 0) throw new Error(`source document: line "${wanted}" not found`);
  return index;
}

/** The non-empty trimmed lines strictly between the line `start` and the line `end`. */
function linesBetween(text: string, start: string, end: string): string[] {
  const lines = trimmedLines(text);
  const from = indexOfLine(lines, start);
  const to = indexOfLine(lines, end, from + 1);
  return lines.slice(from + 1, to).filter((line) => line !== '');
}

const romanNumeral = /^[IVX]+$/;
const rowNumber = /^\d{2}$/;

/**
 * The appendix ("PHỤ LỤC"): every task row with its section. After the table header (which ends with the column
 * "Thời gian trình"), the table is a sequence of section lines (a roman numeral, then the section title) and rows
 * (the two-digit number, then title, lead agency, supporting agencies and deadline, one non-empty line each). The table
 * ends at the first line that is neither (the footnote).
 */
export function parseAppendix(text: string): AppendixRow[] {
  const lines = trimmedLines(text);
  const appendixStart = indexOfLine(lines, 'PHỤ LỤC');
  const headerEnd = indexOfLine(lines, 'Thời gian trình', appendixStart);
  const body = lines.slice(headerEnd + 1).filter((line) => line !== '');

  const rows: AppendixRow[] = [];
  let section: string | null = null;
  let sectionTitle: string | null = null;
  let i = 0;
  while (i < body.length) {
    const line = body[i]!;
    if (romanNumeral.test(line)) {
      const title = body[i + 1];
      if (title === undefined) throw new Error(`appendix: section ${line} has no title`);
      section = line;
      sectionTitle = title;
      i += 2;
    } else if (rowNumber.test(line)) {
      const cells = body.slice(i + 1, i + 5);
      if (cells.length !== 4) throw new Error(`appendix: row ${line} is incomplete`);
      if (section === null || sectionTitle === null) throw new Error(`appendix: row ${line} before any section`);
      const [title, lead, supporting, deadline] = cells as [string, string, string, string];
      rows.push({ section, sectionTitle, code: line, title, lead, supporting, deadline });
      i += 5;
    } else {
      break;
    }
  }
  return rows;
}

/** The numbered headings of section V ("NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"), in order. */
export function parseTaskGroups(text: string): TaskGroupHeading[] {
  const lines = linesBetween(text, 'V. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU', 'VI. TỔ CHỨC THỰC HIỆN');
  const groups: TaskGroupHeading[] = [];
  for (const line of lines) {
    const match = /^(\d{1,2})\.\s+(.+)$/.exec(line);
    if (match) groups.push({ code: match[1]!, title: match[2]!.trim() });
  }
  return groups;
}

/**
 * The numbered items "(1)" … "(17)" of section IV ("CÁC CHỈ TIÊU CHỦ YẾU"), each with the sub-heading it stands under
 * ("1. Các chỉ tiêu kinh tế", "2. Các chỉ tiêu xã hội", …).
 */
export function parseIndicatorItems(text: string): IndicatorItem[] {
  const lines = linesBetween(text, 'IV. CÁC CHỈ TIÊU CHỦ YẾU', 'V. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU');
  const items: IndicatorItem[] = [];
  let heading: string | null = null;
  for (const line of lines) {
    const headingMatch = /^\d+\.\s+(.+)$/.exec(line);
    if (headingMatch) {
      heading = headingMatch[1]!.trim();
      continue;
    }
    const itemMatch = /^\((\d+)\)\s+(.+)$/.exec(line);
    if (itemMatch) {
      if (heading === null) throw new Error(`section IV: item (${itemMatch[1]}) before any heading`);
      items.push({ code: itemMatch[1]!, heading, text: itemMatch[2]!.trim() });
    }
  }
  return items;
}

/** The first paragraph of section II ("MỤC TIÊU TỔNG QUÁT"), verbatim. */
export function parseGeneralObjective(text: string): string {
  const lines = linesBetween(text, 'II. MỤC TIÊU TỔNG QUÁT', 'III. QUAN ĐIỂM, ĐỊNH HƯỚNG TRONG CHỈ ĐẠO, ĐIỀU HÀNH');
  const first = lines[0];
  if (first === undefined) throw new Error('section II is empty');
  return first;
}

/** The title block under "CHƯƠNG TRÌNH HÀNH ĐỘNG" (the upper-case line starting "THỰC HIỆN NGHỊ QUYẾT …"). */
export function parseTitleLine(text: string): string {
  const lines = trimmedLines(text);
  const start = indexOfLine(lines, 'CHƯƠNG TRÌNH HÀNH ĐỘNG');
  const title = lines.slice(start + 1).find((line) => line !== '');
  if (title === undefined) throw new Error('no title line after "CHƯƠNG TRÌNH HÀNH ĐỘNG"');
  return title;
}
