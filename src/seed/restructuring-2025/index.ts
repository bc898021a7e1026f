// What became of the agencies 17/CTr-UBND names, through Vietnam's 2025 restructuring: the March 2025 merger of
// Can Tho's departments and the end of district-level government on 2025-07-01. The legal basis, what was and was
// not found in the sources, and every judgement call are in docs/sources/2025-restructuring.md; read it before
// editing. Codes of existing agencies are those of ../cantho-17/agencies.ts; task codes those of ../cantho-17/tasks.ts.
import type { AgencyKind } from '../../domain/vocabulary.js';
import type { LineageEventKind } from '../../domain/lineage.js';
import type { SeedAgency } from '../types.js';

/** A body the 2025 restructuring created, which takes over from agencies the program names. */
export interface SeedSuccessorAgency {
  /** kebab-case ASCII, unique across all agencies (same style as ../cantho-17/agencies.ts). */
  code: string;
  /** Full Vietnamese name. */
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  parentCode: string | null;
  /** YYYY-MM-DD: the first day it is responsible (the effectiveOn of the event that creates it). */
  validFrom: string;
}

/** A lineage event written with natural codes; the loader turns codes into ids (and gives each event its id). */
export interface SeedLineageEvent {
  kind: LineageEventKind;
  /** YYYY-MM-DD: predecessors' last day is the day before. */
  effectiveOn: string;
  predecessorCodes: string[];
  successorCodes: string[];
  /** Split (or abolish with several successors): where each task the predecessor leads goes. */
  taskAssignments: { taskCode: string; agencyCode: string }[];
  /** The act(s) the event rests on, in Vietnamese as published; an unverified number says so. */
  legalBasis: string;
  /** Why the event is modelled this way, and the reason for each task assignment. */
  note: string | null;
}

const CITY_PC = 'ubnd-tp-can-tho';

/** Departments the March 2025 reorganisation established (thành lập), replacing ones the program names. */
export const successorAgencies: SeedSuccessorAgency[] = [
  {
    code: 'so-tai-chinh',
    name: 'Sở Tài chính',
    shortName: null,
    kind: 'department',
    parentCode: CITY_PC,
    validFrom: '2025-03-01',
  },
  {
    code: 'so-nong-nghiep-va-moi-truong',
    name: 'Sở Nông nghiệp và Môi trường',
    shortName: 'Sở NN&MT',
    kind: 'department',
    parentCode: CITY_PC,
    validFrom: '2025-03-01',
  },
  {
    code: 'so-dan-toc-va-ton-giao',
    name: 'Sở Dân tộc và Tôn giáo',
    shortName: 'Sở DT&TG',
    kind: 'department',
    parentCode: CITY_PC,
    validFrom: '2025-03-01',
  },
];

/**
 * Bodies the program never names that an event cannot be stated without: the Department of Finance that merged
 * with DPI (a merge lists all it joins), and the existing departments that received parts of Labour, Invalids and
 * Social Affairs. They existed before 2021 (validFrom null); the events give the old Department of Finance its end.
 */
export const preexistingAgencies: SeedAgency[] = [
  // Same name as the department that replaced it; `-cu` ("former") keeps `so-tai-chinh` for the current one.
  { code: 'so-tai-chinh-cu', name: 'Sở Tài chính', shortName: null, kind: 'department', parentCode: CITY_PC },
  { code: 'so-noi-vu', name: 'Sở Nội vụ', shortName: null, kind: 'department', parentCode: CITY_PC },
  { code: 'so-y-te', name: 'Sở Y tế', shortName: null, kind: 'department', parentCode: CITY_PC },
];

const MARCH_2025_REORGANISATION =
  'Nghị quyết của HĐND thành phố Cần Thơ khóa X, kỳ họp thứ 19 (chuyên đề) ngày 20/02/2025, về việc thành lập, tổ ' +
  'chức lại, duy trì các cơ quan chuyên môn thuộc UBND thành phố (số hiệu chưa xác minh); Nghị định số ' +
  '45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ quy định tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh, cấp huyện';

const DISTRICT_LEVEL_ENDS =
  'Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025 (chính quyền cấp huyện kết thúc hoạt động từ ' +
  'ngày 01/7/2025); Nghị quyết số 203/2025/QH15 sửa đổi, bổ sung một số điều của Hiến pháp năm 2013; Nghị quyết số ' +
  '1668/NQ-UBTVQH15 ngày 16/6/2025 về sắp xếp các đơn vị hành chính cấp xã của thành phố Cần Thơ năm 2025';

const DISTRICT_NOTE =
  'District-level government ended on 2025-07-01; its work went to the city and to the new communes and wards, ' +
  'which the program does not name and which did not exist in 2021. The district leads no task of the program ' +
  '(it only supports, through the group "UBND quận, huyện"), so its successor here is the City People\'s ' +
  'Committee, the body the program reports to and which directs the new communes.';

const abolishDistrict = (code: string): SeedLineageEvent => ({
  kind: 'abolish',
  effectiveOn: '2025-07-01',
  predecessorCodes: [code],
  successorCodes: [CITY_PC],
  taskAssignments: [],
  legalBasis: DISTRICT_LEVEL_ENDS,
  note: DISTRICT_NOTE,
});

/** Chronological. Within 2025-03-01 the merge creating Sở NN&MT comes before the split that names it. */
export const lineageEvents: SeedLineageEvent[] = [
  {
    kind: 'merge',
    effectiveOn: '2025-03-01',
    predecessorCodes: ['so-ke-hoach-va-dau-tu', 'so-tai-chinh-cu'],
    successorCodes: ['so-tai-chinh'],
    taskAssignments: [],
    legalBasis: MARCH_2025_REORGANISATION,
    note:
      'Under the national model (as reported for other provinces; Can Tho\'s own text was not found) the Department ' +
      'of Finance was established by consolidating the Department of Finance and DPI: a new department, so both ' +
      "former ones end on 2025-02-28. DPI's ten tasks and its role as the program's coordinator pass to it.",
  },
  {
    kind: 'merge',
    effectiveOn: '2025-03-01',
    predecessorCodes: ['so-nong-nghiep-va-phat-trien-nong-thon', 'so-tai-nguyen-va-moi-truong'],
    successorCodes: ['so-nong-nghiep-va-moi-truong'],
    taskAssignments: [],
    legalBasis: MARCH_2025_REORGANISATION,
    note: 'Established by consolidating the two departments; it also took poverty reduction from Labour (see the split).',
  },
  {
    kind: 'split',
    effectiveOn: '2025-03-01',
    predecessorCodes: ['so-lao-dong-thuong-binh-va-xa-hoi'],
    successorCodes: ['so-noi-vu', 'so-giao-duc-va-dao-tao', 'so-y-te', 'so-nong-nghiep-va-moi-truong'],
    taskAssignments: [
      { taskCode: '28', agencyCode: 'so-giao-duc-va-dao-tao' },
      { taskCode: '29', agencyCode: 'so-giao-duc-va-dao-tao' },
      { taskCode: '30', agencyCode: 'so-giao-duc-va-dao-tao' },
      { taskCode: '31', agencyCode: 'so-noi-vu' },
    ],
    legalBasis:
      MARCH_2025_REORGANISATION +
      '; Nghị định số 37/2025/NĐ-CP ngày 26/02/2025 (Bộ Giáo dục và Đào tạo: giáo dục nghề nghiệp, phát triển kỹ năng ' +
      'nghề); Nghị định số 25/2025/NĐ-CP ngày 21/02/2025 (Bộ Nội vụ: lao động, việc làm)',
    note:
      'Labour, Invalids and Social Affairs merged into Home Affairs (labour, employment, wages, social insurance); ' +
      'vocational education went to Education and Training; social protection, ' +
      'children and social evils to Health; poverty reduction to Agriculture and Environment (drug rehabilitation went ' +
      'to the police, which the program does not name). Tasks: 28 (vocational education strategy) and 29 (digital ' +
      'transformation of vocational education) follow vocational education to Education and Training; 30 (raising ' +
      'the skills of Vietnamese workers) follows "phát triển kỹ năng nghề", which Decree 37/2025 gives to the ' +
      'education sector (a judgement call: skills certification stayed with employment); 31 (labour and employment ' +
      'database) follows employment and labour-market information to Home Affairs.',
  },
  {
    kind: 'split',
    effectiveOn: '2025-03-01',
    predecessorCodes: ['so-thong-tin-va-truyen-thong'],
    successorCodes: ['so-khoa-hoc-va-cong-nghe', 'so-van-hoa-the-thao-va-du-lich'],
    taskAssignments: [],
    legalBasis: MARCH_2025_REORGANISATION,
    note:
      'Information and Communications merged into Science and Technology (telecommunications, IT, digital ' +
      'transformation), while press, publishing and information work went to Culture, Sports and Tourism. It leads ' +
      'no appendix task, so nothing is assigned; its section VI role ("thông tin, tuyên truyền") now sits with ' +
      'Culture, Sports and Tourism. Science and Technology keeps its code: its name and its tasks are unchanged.',
  },
  {
    kind: 'rename',
    effectiveOn: '2025-03-01',
    predecessorCodes: ['ban-dan-toc'],
    successorCodes: ['so-dan-toc-va-ton-giao'],
    taskAssignments: [],
    legalBasis: MARCH_2025_REORGANISATION,
    note:
      'The Ethnic Minorities Board became the Department of Ethnic Minorities and Religions (Nghị định 45/2025 lists ' +
      'Sở Dân tộc và Tôn giáo among the departments some provinces have), also taking state management of religion ' +
      'from Home Affairs, which was a unit inside a department, not an agency of its own. Tasks 40 and 41 follow.',
  },
  abolishDistrict('ubnd-quan-ninh-kieu'),
  abolishDistrict('ubnd-quan-binh-thuy'),
  abolishDistrict('ubnd-quan-cai-rang'),
  abolishDistrict('ubnd-quan-o-mon'),
  abolishDistrict('ubnd-quan-thot-not'),
  abolishDistrict('ubnd-huyen-phong-dien'),
  abolishDistrict('ubnd-huyen-co-do'),
  abolishDistrict('ubnd-huyen-vinh-thanh'),
  abolishDistrict('ubnd-huyen-thoi-lai'),
];
