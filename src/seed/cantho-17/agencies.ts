// The agencies and agency groups of Action Program 17/CTr-UBND (Can Tho City People's Committee, 2021-10-04),
// transcribed from docs/sources/17-CTr-UBND-2021.txt: every body the document names at city level (lead agencies of
// the appendix, bodies of section VI, the "Nơi nhận" list), the nine district People's Committees that "UBND quận,
// huyện" names as a set, and the central agency on the distribution list.
import type { SeedAgency, SeedAgencyGroup } from '../types.js';

const CITY_PC = 'ubnd-tp-can-tho';
const PARTY_COMMITTEE = 'thanh-uy-can-tho';
const PEOPLES_COUNCIL = 'hdnd-tp-can-tho';

export const agencies: SeedAgency[] = [
  // --- The city government ---------------------------------------------------------------------------------------
  {
    code: CITY_PC,
    name: 'Ủy ban nhân dân thành phố Cần Thơ',
    shortName: 'UBND thành phố',
    kind: 'peoples_committee',
    parentCode: null,
  },
  // Section VI.4: "báo cáo Chủ tịch UBND thành phố xem xét, quyết định".
  {
    code: 'chu-tich-ubnd-tp-can-tho',
    name: 'Chủ tịch UBND thành phố',
    shortName: null,
    kind: 'chairman',
    parentCode: CITY_PC,
  },
  // Section VI.3: "đã được Ban Chấp hành Đảng bộ, Thành ủy, Hội đồng nhân dân thành phố thông qua".
  {
    code: PEOPLES_COUNCIL,
    name: 'Hội đồng nhân dân thành phố',
    shortName: 'HĐND thành phố',
    kind: 'peoples_council',
    parentCode: null,
  },
  // Added beyond the brief: "Nơi nhận: - TT. HĐND TP;" (the Standing Board of the City People's Council).
  {
    code: 'thuong-truc-hdnd-tp-can-tho',
    name: 'Thường trực Hội đồng nhân dân thành phố',
    shortName: 'TT. HĐND TP',
    kind: 'peoples_council',
    parentCode: PEOPLES_COUNCIL,
  },

  // --- Departments (Sở) and the board, spelt as in the appendix and section VI --------------------------------------
  {
    code: 'so-ke-hoach-va-dau-tu',
    name: 'Sở Kế hoạch và Đầu tư',
    shortName: 'Sở KH&ĐT',
    kind: 'department',
    parentCode: CITY_PC,
  },
  { code: 'so-xay-dung', name: 'Sở Xây dựng', shortName: null, kind: 'department', parentCode: CITY_PC },
  {
    code: 'so-tai-nguyen-va-moi-truong',
    name: 'Sở Tài nguyên và Môi trường',
    shortName: 'Sở TN&MT',
    kind: 'department',
    parentCode: CITY_PC,
  },
  { code: 'so-cong-thuong', name: 'Sở Công Thương', shortName: null, kind: 'department', parentCode: CITY_PC },
  {
    code: 'so-van-hoa-the-thao-va-du-lich',
    name: 'Sở Văn hóa - Thể thao và Du lịch',
    shortName: 'Sở VH-TT&DL',
    kind: 'department',
    parentCode: CITY_PC,
  },
  {
    code: 'so-nong-nghiep-va-phat-trien-nong-thon',
    name: 'Sở Nông nghiệp và Phát triển nông thôn',
    shortName: 'Sở NN&PTNT',
    kind: 'department',
    parentCode: CITY_PC,
  },
  {
    code: 'so-giao-duc-va-dao-tao',
    name: 'Sở Giáo dục và Đào tạo',
    shortName: 'Sở GD&ĐT',
    kind: 'department',
    parentCode: CITY_PC,
  },
  {
    code: 'so-lao-dong-thuong-binh-va-xa-hoi',
    name: 'Sở Lao động - Thương binh và Xã hội',
    shortName: 'Sở LĐ-TB&XH',
    kind: 'department',
    parentCode: CITY_PC,
  },
  {
    code: 'so-khoa-hoc-va-cong-nghe',
    name: 'Sở Khoa học và Công nghệ',
    shortName: 'Sở KH&CN',
    kind: 'department',
    parentCode: CITY_PC,
  },
  // Section VI.3: "Sở Thông tin và Truyền thông chủ trì … làm tốt công tác thông tin, tuyên truyền".
  {
    code: 'so-thong-tin-va-truyen-thong',
    name: 'Sở Thông tin và Truyền thông',
    shortName: 'Sở TT&TT',
    kind: 'department',
    parentCode: CITY_PC,
  },
  { code: 'ban-dan-toc', name: 'Ban Dân tộc', shortName: null, kind: 'board', parentCode: CITY_PC },

  // --- Offices ("Nơi nhận": "Các VP: TU, ĐĐBQH&HĐND TP;", "VP. UBND TP (2,3);") ----------------------------------
  {
    code: 'van-phong-ubnd-tp-can-tho',
    name: 'Văn phòng UBND thành phố',
    shortName: 'VP. UBND TP',
    kind: 'office',
    parentCode: CITY_PC,
  },
  {
    code: 'van-phong-thanh-uy-can-tho',
    name: 'Văn phòng Thành ủy',
    shortName: null,
    kind: 'office',
    parentCode: PARTY_COMMITTEE,
  },
  // Serves both the city's National Assembly delegation (not seeded: the document names it only through this office)
  // and the People's Council; filed under the Council.
  {
    code: 'van-phong-doan-dbqh-va-hdnd-tp-can-tho',
    name: 'Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân thành phố',
    shortName: 'VP. ĐĐBQH&HĐND TP',
    kind: 'office',
    parentCode: PEOPLES_COUNCIL,
  },

  // --- District People's Committees ("UBND quận, huyện"; Can Tho's 5 urban districts and 4 rural districts in 2021) --
  {
    code: 'ubnd-quan-ninh-kieu',
    name: 'Ủy ban nhân dân quận Ninh Kiều',
    shortName: 'UBND quận Ninh Kiều',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-quan-binh-thuy',
    name: 'Ủy ban nhân dân quận Bình Thủy',
    shortName: 'UBND quận Bình Thủy',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-quan-cai-rang',
    name: 'Ủy ban nhân dân quận Cái Răng',
    shortName: 'UBND quận Cái Răng',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-quan-o-mon',
    name: 'Ủy ban nhân dân quận Ô Môn',
    shortName: 'UBND quận Ô Môn',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-quan-thot-not',
    name: 'Ủy ban nhân dân quận Thốt Nốt',
    shortName: 'UBND quận Thốt Nốt',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-huyen-phong-dien',
    name: 'Ủy ban nhân dân huyện Phong Điền',
    shortName: 'UBND huyện Phong Điền',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-huyen-co-do',
    name: 'Ủy ban nhân dân huyện Cờ Đỏ',
    shortName: 'UBND huyện Cờ Đỏ',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-huyen-vinh-thanh',
    name: 'Ủy ban nhân dân huyện Vĩnh Thạnh',
    shortName: 'UBND huyện Vĩnh Thạnh',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },
  {
    code: 'ubnd-huyen-thoi-lai',
    name: 'Ủy ban nhân dân huyện Thới Lai',
    shortName: 'UBND huyện Thới Lai',
    kind: 'district_peoples_committee',
    parentCode: CITY_PC,
  },

  // --- Party bodies --------------------------------------------------------------------------------------------------
  // Section V.9(c): "Chương trình bảo vệ môi trường “Cần Thơ xanh và sạch" … của Thành ủy Cần Thơ"; task 14.
  {
    code: PARTY_COMMITTEE,
    name: 'Thành ủy Cần Thơ',
    shortName: 'Thành ủy',
    kind: 'party_committee',
    parentCode: null,
  },
  // "Nơi nhận: - Ban Thường vụ Thành ủy;"
  {
    code: 'ban-thuong-vu-thanh-uy',
    name: 'Ban Thường vụ Thành ủy',
    shortName: null,
    kind: 'party_body',
    parentCode: PARTY_COMMITTEE,
  },
  // Section VI.3: "phối hợp Sở Kế hoạch và Đầu tư, Ban Tuyên giáo Thành ủy, …".
  {
    code: 'ban-tuyen-giao-thanh-uy',
    name: 'Ban Tuyên giáo Thành ủy',
    shortName: null,
    kind: 'party_body',
    parentCode: PARTY_COMMITTEE,
  },
  // Section VI.3: "đã được Ban Chấp hành Đảng bộ, Thành ủy, …".
  {
    code: 'ban-chap-hanh-dang-bo-thanh-pho',
    name: 'Ban Chấp hành Đảng bộ thành phố',
    shortName: null,
    kind: 'party_body',
    parentCode: PARTY_COMMITTEE,
  },

  // --- Fatherland Front (section VI.3; "Nơi nhận: - UBMTTQ thành phố và Đoàn thể TP;") ------------------------------
  {
    code: 'uy-ban-mttq-tp-can-tho',
    name: 'Ủy ban Mặt trận Tổ quốc thành phố',
    shortName: 'UBMTTQ thành phố',
    kind: 'fatherland_front',
    parentCode: null,
  },

  // --- Central agencies ("Nơi nhận: - Bộ Kế hoạch và Đầu tư;") -------------------------------------------------------
  {
    code: 'bo-ke-hoach-va-dau-tu',
    name: 'Bộ Kế hoạch và Đầu tư',
    shortName: 'Bộ KH&ĐT',
    kind: 'central_agency',
    parentCode: null,
  },
];

export const agencyGroups: SeedAgencyGroup[] = [
  {
    code: 'city_departments_and_boards',
    name: 'Các Sở, ban ngành thành phố',
    description:
      'All departments (Sở) and boards (Ban) of the City People\'s Committee. The appendix writes it "Các Sở, ban ngành ' +
      'thành phố", "Các Sở, ban, ngành", "Sở, ban, ngành" or "Các Sở, ban ngành"; section VI "Sở, ban, ngành thành phố".',
    memberCodes: [
      'so-ke-hoach-va-dau-tu',
      'so-xay-dung',
      'so-tai-nguyen-va-moi-truong',
      'so-cong-thuong',
      'so-van-hoa-the-thao-va-du-lich',
      'so-nong-nghiep-va-phat-trien-nong-thon',
      'so-giao-duc-va-dao-tao',
      'so-lao-dong-thuong-binh-va-xa-hoi',
      'so-khoa-hoc-va-cong-nghe',
      'so-thong-tin-va-truyen-thong',
      'ban-dan-toc',
    ],
  },
  {
    code: 'district_peoples_committees',
    name: 'UBND quận, huyện',
    description: "The People's Committees of Can Tho's nine districts (5 quận, 4 huyện) as of 2021.",
    memberCodes: [
      'ubnd-quan-ninh-kieu',
      'ubnd-quan-binh-thuy',
      'ubnd-quan-cai-rang',
      'ubnd-quan-o-mon',
      'ubnd-quan-thot-not',
      'ubnd-huyen-phong-dien',
      'ubnd-huyen-co-do',
      'ubnd-huyen-vinh-thanh',
      'ubnd-huyen-thoi-lai',
    ],
  },
  {
    code: 'central_agencies_in_city',
    name: 'Các cơ quan Trung ương đóng trên địa bàn',
    description:
      'Central agencies based in the city (sections I.3 and VI.1; "Các Cơ quan Trung ương trên địa bàn TP" in Nơi nhận). ' +
      'The document does not list them, so the group has no members.',
    memberCodes: [],
  },
  {
    code: 'relevant_agencies',
    name: 'Cơ quan có liên quan',
    description:
      'Other agencies concerned ("cơ quan có liên quan", task 01; "các cơ quan có liên quan", section VI). Membership is ' +
      'decided case by case, so the group has no fixed members.',
    memberCodes: [],
  },
];
