// Words for realistic national data: the 34 provincial-level units after the 2025 merger, the bodies of a
// provincial government, ministries, and the phrases programs, tasks, indicators and reports are written in (the
// same register as the seeded program 17/CTr-UBND: "Kế hoạch …", "Sở … tỉnh …").

/** Folds Vietnamese to ASCII for codes: "Sở Kế hoạch và Đầu tư" → "so-ke-hoach-va-dau-tu". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface Province {
  name: string;
  /** "tỉnh Nghệ An" or "thành phố Cần Thơ" */
  place: string;
  slug: string;
  /** Letters in program codes: 17/CTr-UBND-NA */
  abbr: string;
  city: boolean;
}

const cities: [string, string][] = [
  ['Hà Nội', 'HN'],
  ['Huế', 'HUE'],
  ['Hải Phòng', 'HP'],
  ['Đà Nẵng', 'DNG'],
  ['Hồ Chí Minh', 'HCM'],
  ['Cần Thơ', 'CT'],
];
const provinceNames: [string, string][] = [
  ['Lai Châu', 'LCH'],
  ['Điện Biên', 'DB'],
  ['Sơn La', 'SL'],
  ['Lạng Sơn', 'LS'],
  ['Quảng Ninh', 'QNI'],
  ['Thanh Hóa', 'TH'],
  ['Nghệ An', 'NA'],
  ['Hà Tĩnh', 'HT'],
  ['Cao Bằng', 'CB'],
  ['Tuyên Quang', 'TQ'],
  ['Lào Cai', 'LCA'],
  ['Thái Nguyên', 'TN'],
  ['Phú Thọ', 'PT'],
  ['Bắc Ninh', 'BN'],
  ['Hưng Yên', 'HY'],
  ['Ninh Bình', 'NB'],
  ['Quảng Trị', 'QT'],
  ['Quảng Ngãi', 'QNG'],
  ['Gia Lai', 'GL'],
  ['Khánh Hòa', 'KH'],
  ['Lâm Đồng', 'LD'],
  ['Đắk Lắk', 'DL'],
  ['Đồng Nai', 'DNA'],
  ['Tây Ninh', 'TNI'],
  ['Vĩnh Long', 'VL'],
  ['Đồng Tháp', 'DT'],
  ['Cà Mau', 'CM'],
  ['An Giang', 'AG'],
];

/** The 34 provincial-level units (6 centrally-run cities, 28 provinces), cities first. */
export const provinces: Province[] = [
  ...cities.map(([name, abbr]) => ({ name, place: `thành phố ${name}`, slug: slug(name), abbr, city: true })),
  ...provinceNames.map(([name, abbr]) => ({ name, place: `tỉnh ${name}`, slug: slug(name), abbr, city: false })),
];

export type AgencyKind =
  | 'peoples_committee'
  | 'chairman'
  | 'peoples_council'
  | 'department'
  | 'board'
  | 'office'
  | 'district_peoples_committee'
  | 'party_committee'
  | 'party_body'
  | 'fatherland_front'
  | 'central_agency';

/**
 * A province's specialised bodies as they stood in 2021, when the generated programs were issued. `weight` is how
 * often a body leads a task: the planning department coordinates and leads the most, as in 17/CTr-UBND.
 */
export const departments: { name: string; short: string | null; kind: AgencyKind; weight: number }[] = [
  { name: 'Sở Kế hoạch và Đầu tư', short: 'Sở KH&ĐT', kind: 'department', weight: 30 },
  { name: 'Sở Tài chính', short: null, kind: 'department', weight: 10 },
  { name: 'Sở Xây dựng', short: null, kind: 'department', weight: 8 },
  { name: 'Sở Tài nguyên và Môi trường', short: 'Sở TN&MT', kind: 'department', weight: 8 },
  { name: 'Sở Công Thương', short: null, kind: 'department', weight: 8 },
  { name: 'Sở Văn hóa, Thể thao và Du lịch', short: 'Sở VH-TT&DL', kind: 'department', weight: 6 },
  { name: 'Sở Nông nghiệp và Phát triển nông thôn', short: 'Sở NN&PTNT', kind: 'department', weight: 8 },
  { name: 'Sở Giáo dục và Đào tạo', short: 'Sở GD&ĐT', kind: 'department', weight: 6 },
  { name: 'Sở Y tế', short: null, kind: 'department', weight: 6 },
  { name: 'Sở Lao động - Thương binh và Xã hội', short: 'Sở LĐ-TB&XH', kind: 'department', weight: 5 },
  { name: 'Sở Thông tin và Truyền thông', short: 'Sở TT&TT', kind: 'department', weight: 6 },
  { name: 'Sở Giao thông vận tải', short: 'Sở GTVT', kind: 'department', weight: 6 },
  { name: 'Sở Khoa học và Công nghệ', short: 'Sở KH&CN', kind: 'department', weight: 5 },
  { name: 'Sở Nội vụ', short: null, kind: 'department', weight: 4 },
  { name: 'Sở Tư pháp', short: null, kind: 'department', weight: 3 },
  { name: 'Sở Ngoại vụ', short: null, kind: 'department', weight: 2 },
  { name: 'Thanh tra', short: null, kind: 'department', weight: 1 },
  { name: 'Công an', short: null, kind: 'department', weight: 2 },
  { name: 'Bộ Chỉ huy Quân sự', short: null, kind: 'department', weight: 1 },
  { name: 'Ban Quản lý các khu công nghiệp', short: null, kind: 'board', weight: 3 },
  { name: 'Ban Dân tộc', short: null, kind: 'board', weight: 2 },
  { name: 'Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp', short: null, kind: 'board', weight: 2 },
  { name: 'Ban Quản lý dự án đầu tư xây dựng công trình giao thông', short: null, kind: 'board', weight: 2 },
  { name: 'Văn phòng Ủy ban nhân dân', short: 'Văn phòng UBND', kind: 'office', weight: 2 },
  { name: 'Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân', short: null, kind: 'office', weight: 0 },
];

/** Commune and ward names: a province draws its communes from these two lists. */
export const placeFirst = ['An', 'Tân', 'Phú', 'Long', 'Bình', 'Vĩnh', 'Hòa', 'Thạnh', 'Mỹ', 'Đông', 'Tây', 'Trung', 'Hưng', 'Phước', 'Thới', 'Nhơn', 'Định', 'Thuận'];
export const placeSecond = ['Bình', 'An', 'Hòa', 'Lợi', 'Thạnh', 'Phú', 'Lộc', 'Hưng', 'Thuận', 'Điền', 'Khánh', 'Long', 'Ninh', 'Quới', 'Phong', 'Xuân', 'Tiến', 'Sơn'];

/** Ministries and central agencies (lead and support the national program). Weights as above. */
export const ministries: { name: string; short: string | null; weight: number }[] = [
  { name: 'Bộ Kế hoạch và Đầu tư', short: 'Bộ KH&ĐT', weight: 30 },
  { name: 'Bộ Tài chính', short: null, weight: 10 },
  { name: 'Bộ Công Thương', short: null, weight: 6 },
  { name: 'Bộ Nông nghiệp và Phát triển nông thôn', short: 'Bộ NN&PTNT', weight: 6 },
  { name: 'Bộ Giao thông vận tải', short: 'Bộ GTVT', weight: 5 },
  { name: 'Bộ Xây dựng', short: null, weight: 5 },
  { name: 'Bộ Tài nguyên và Môi trường', short: 'Bộ TN&MT', weight: 5 },
  { name: 'Bộ Thông tin và Truyền thông', short: 'Bộ TT&TT', weight: 6 },
  { name: 'Bộ Lao động - Thương binh và Xã hội', short: 'Bộ LĐ-TB&XH', weight: 4 },
  { name: 'Bộ Văn hóa, Thể thao và Du lịch', short: 'Bộ VH-TT&DL', weight: 3 },
  { name: 'Bộ Khoa học và Công nghệ', short: 'Bộ KH&CN', weight: 4 },
  { name: 'Bộ Giáo dục và Đào tạo', short: 'Bộ GD&ĐT', weight: 4 },
  { name: 'Bộ Y tế', short: null, weight: 4 },
  { name: 'Bộ Nội vụ', short: null, weight: 3 },
  { name: 'Bộ Tư pháp', short: null, weight: 3 },
  { name: 'Bộ Ngoại giao', short: null, weight: 1 },
  { name: 'Bộ Quốc phòng', short: null, weight: 1 },
  { name: 'Bộ Công an', short: null, weight: 1 },
  { name: 'Ngân hàng Nhà nước Việt Nam', short: 'NHNN', weight: 2 },
  { name: 'Thanh tra Chính phủ', short: null, weight: 1 },
  { name: 'Văn phòng Chính phủ', short: 'VPCP', weight: 2 },
  { name: 'Ủy ban Dân tộc', short: null, weight: 1 },
];

/** What programs are about: "… về {topic} trên địa bàn tỉnh X giai đoạn 2021 - 2025". */
export const programTopics = [
  'phát triển kinh tế - xã hội 5 năm 2021 - 2025',
  'chuyển đổi số',
  'phát triển du lịch',
  'xây dựng nông thôn mới',
  'cải cách hành chính',
  'phát triển nguồn nhân lực chất lượng cao',
  'bảo vệ môi trường',
  'phòng, chống thiên tai và tìm kiếm cứu nạn',
  'phát triển đô thị',
  'phát triển công nghiệp hỗ trợ',
  'thu hút đầu tư và cải thiện môi trường kinh doanh',
  'phát triển kết cấu hạ tầng giao thông',
  'đổi mới căn bản, toàn diện giáo dục và đào tạo',
  'bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân',
  'giảm nghèo bền vững',
  'phát triển văn hóa, con người',
  'phát triển khoa học, công nghệ và đổi mới sáng tạo',
  'hội nhập quốc tế',
  'bảo đảm an ninh, trật tự an toàn xã hội',
  'thích ứng với biến đổi khí hậu',
  'phát triển kinh tế tập thể, hợp tác xã',
  'hỗ trợ doanh nghiệp nhỏ và vừa',
  'phát triển bền vững kinh tế biển',
  'phát triển nông nghiệp ứng dụng công nghệ cao',
];

/** Task groups (section V of a program) and their appendix headings. */
export const groupThemes = [
  'Tập trung phục hồi, phát triển kinh tế - xã hội, bảo đảm an sinh xã hội',
  'Tiếp tục hoàn thiện thể chế, cơ chế, chính sách',
  'Đẩy mạnh cơ cấu lại nền kinh tế gắn với đổi mới mô hình tăng trưởng; phát triển kinh tế số, xã hội số',
  'Tăng cường huy động, phân bổ và sử dụng có hiệu quả các nguồn lực; cải thiện môi trường kinh doanh',
  'Đẩy mạnh đầu tư phát triển hệ thống kết cấu hạ tầng đồng bộ, hiện đại',
  'Nâng cao chất lượng nguồn nhân lực gắn với đổi mới sáng tạo, ứng dụng khoa học và công nghệ',
  'Đẩy mạnh liên kết vùng và hợp tác với các địa phương trong cả nước',
  'Phát huy giá trị văn hóa, sức mạnh con người; thực hiện tiến bộ, công bằng xã hội',
  'Tăng cường quản lý tài nguyên và môi trường; thích ứng với biến đổi khí hậu',
  'Đẩy mạnh cải cách hành chính, xây dựng chính quyền điện tử; phòng, chống tham nhũng, lãng phí',
  'Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội',
  'Nâng cao hiệu quả công tác đối ngoại và hội nhập quốc tế',
  'Đẩy mạnh công tác thông tin, tuyên truyền, tạo đồng thuận xã hội',
];

export const taskKinds = ['program', 'scheme', 'plan', 'report', 'master_plan', 'adjustment'] as const;
export const kindWords: Record<(typeof taskKinds)[number], string> = {
  program: 'Chương trình',
  scheme: 'Đề án',
  plan: 'Kế hoạch',
  report: 'Báo cáo',
  master_plan: 'Quy hoạch',
  adjustment: 'Điều chỉnh',
};
export const kindWeights = [10, 25, 45, 8, 7, 5];

export const taskActions = [
  'phát triển',
  'nâng cao chất lượng',
  'thúc đẩy',
  'triển khai',
  'hỗ trợ',
  'đẩy mạnh',
  'tăng cường quản lý',
  'ứng dụng công nghệ trong',
  'xây dựng',
  'cải thiện',
  'đổi mới',
  'sắp xếp, tổ chức lại',
];

/** What tasks act on. "chuyển đổi số" occurs in a few (the benchmark's text search looks for it). */
export const taskObjects = [
  'chuyển đổi số trong cơ quan nhà nước',
  'du lịch sinh thái, du lịch cộng đồng',
  'kinh tế tập thể, hợp tác xã',
  'doanh nghiệp nhỏ và vừa',
  'hạ tầng giao thông nông thôn',
  'nguồn nhân lực chất lượng cao',
  'mạng lưới y tế cơ sở',
  'giáo dục nghề nghiệp',
  'sản xuất nông nghiệp ứng dụng công nghệ cao',
  'thương mại điện tử',
  'đô thị thông minh',
  'cấp nước sạch nông thôn',
  'thu gom, xử lý chất thải rắn sinh hoạt',
  'phòng, chống sạt lở bờ sông, bờ biển',
  'an sinh xã hội và giảm nghèo',
  'thiết chế văn hóa cơ sở',
  'thể dục thể thao quần chúng',
  'hệ sinh thái khởi nghiệp đổi mới sáng tạo',
  'chính quyền điện tử, chính quyền số',
  'dịch vụ công trực tuyến toàn trình',
  'dịch vụ logistics',
  'năng lượng tái tạo',
  'kinh tế ban đêm',
  'sử dụng đất',
  'khu công nghiệp, cụm công nghiệp',
  'chuyển đổi số doanh nghiệp',
  'nhà ở xã hội',
  'chợ đầu mối nông sản',
  'liên kết chuỗi giá trị lúa gạo, thủy sản',
  'an toàn thực phẩm',
  'phòng cháy, chữa cháy',
  'bảo tồn di sản văn hóa',
];

export const taskScopes = [
  (place: string) => `trên địa bàn ${place}`,
  () => 'giai đoạn 2021 - 2025',
  () => 'giai đoạn 2021 - 2025, định hướng đến năm 2030',
  (place: string) => `của ${place} đến năm 2025`,
  () => '',
];

export interface IndicatorTemplate {
  name: string;
  unit: string;
  category: 'economic' | 'social' | 'environment' | 'defence_security';
  direction: 'higher_is_better' | 'lower_is_better' | 'closer_is_better';
  comparator: 'between' | 'gte' | 'gt' | 'lte' | 'lt' | 'eq' | null;
  basis: 'period_average' | 'by_year' | 'each_year' | null;
  /** A typical value: targets and yearly values scatter around it. */
  typical: number;
  /** Sub-targets, by the name they add to the parent's. */
  parts?: string[];
}

export const indicatorTemplates: IndicatorTemplate[] = [
  { name: 'Tốc độ tăng trưởng kinh tế (GRDP) bình quân giai đoạn 2021 - 2025', unit: '%/năm', category: 'economic', direction: 'higher_is_better', comparator: 'between', basis: 'period_average', typical: 7.5, parts: ['khu vực nông, lâm nghiệp, thủy sản', 'khu vực công nghiệp - xây dựng', 'khu vực dịch vụ', 'thuế sản phẩm trừ trợ cấp sản phẩm'] },
  { name: 'GRDP bình quân đầu người đến năm 2025', unit: 'triệu đồng', category: 'economic', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 95 },
  { name: 'Cơ cấu kinh tế đến năm 2025', unit: '%', category: 'economic', direction: 'closer_is_better', comparator: null, basis: null, typical: 30, parts: ['tỷ trọng khu vực nông, lâm nghiệp, thủy sản', 'tỷ trọng khu vực công nghiệp - xây dựng', 'tỷ trọng khu vực dịch vụ'] },
  { name: 'Tổng vốn đầu tư toàn xã hội giai đoạn 2021 - 2025', unit: 'nghìn tỷ đồng', category: 'economic', direction: 'higher_is_better', comparator: 'gte', basis: 'period_average', typical: 60, parts: ['vốn ngân sách nhà nước', 'vốn ngoài nhà nước', 'vốn đầu tư trực tiếp nước ngoài'] },
  { name: 'Kim ngạch xuất khẩu hàng hóa đến năm 2025', unit: 'triệu USD', category: 'economic', direction: 'higher_is_better', comparator: 'gt', basis: 'by_year', typical: 2500, parts: ['hàng nông, lâm, thủy sản', 'hàng công nghiệp chế biến'] },
  { name: 'Tỷ trọng kinh tế số trong GRDP đến năm 2025', unit: '%', category: 'economic', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 20 },
  { name: 'Tỷ lệ đô thị hóa đến năm 2025', unit: '%', category: 'economic', direction: 'higher_is_better', comparator: 'between', basis: 'by_year', typical: 45 },
  { name: 'Thu ngân sách nhà nước trên địa bàn tăng bình quân hàng năm', unit: '%/năm', category: 'economic', direction: 'higher_is_better', comparator: 'gte', basis: 'each_year', typical: 10 },
  { name: 'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân hàng năm', unit: '%/năm', category: 'social', direction: 'lower_is_better', comparator: 'lte', basis: 'each_year', typical: 1.5, parts: ['hộ nghèo', 'hộ cận nghèo'] },
  { name: 'Tỷ lệ lao động qua đào tạo đến năm 2025', unit: '%', category: 'social', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 70, parts: ['có bằng cấp, chứng chỉ', 'lao động nông thôn'] },
  { name: 'Tỷ lệ thất nghiệp khu vực thành thị', unit: '%', category: 'social', direction: 'lower_is_better', comparator: 'lt', basis: 'each_year', typical: 3 },
  { name: 'Số bác sĩ trên 10.000 dân đến năm 2025', unit: 'bác sĩ', category: 'social', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 12 },
  { name: 'Số giường bệnh trên 10.000 dân đến năm 2025', unit: 'giường', category: 'social', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 32 },
  { name: 'Tỷ lệ dân số tham gia bảo hiểm y tế đến năm 2025', unit: '%', category: 'social', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 95 },
  { name: 'Tỷ lệ trường học đạt chuẩn quốc gia đến năm 2025', unit: '%', category: 'social', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 70, parts: ['mầm non', 'tiểu học', 'trung học cơ sở', 'trung học phổ thông'] },
  { name: 'Tỷ lệ xã đạt chuẩn nông thôn mới đến năm 2025', unit: '%', category: 'social', direction: 'higher_is_better', comparator: 'gt', basis: 'by_year', typical: 80, parts: ['nông thôn mới nâng cao', 'nông thôn mới kiểu mẫu'] },
  { name: 'Tỷ lệ hộ dân sử dụng nước sạch đến năm 2025', unit: '%', category: 'environment', direction: 'higher_is_better', comparator: 'eq', basis: 'by_year', typical: 100, parts: ['khu vực đô thị', 'khu vực nông thôn'] },
  { name: 'Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý', unit: '%', category: 'environment', direction: 'higher_is_better', comparator: 'gte', basis: 'each_year', typical: 95, parts: ['khu vực đô thị', 'khu vực nông thôn'] },
  { name: 'Tỷ lệ che phủ rừng đến năm 2025', unit: '%', category: 'environment', direction: 'higher_is_better', comparator: 'between', basis: 'by_year', typical: 40, parts: ['rừng phòng hộ', 'rừng sản xuất'] },
  { name: 'Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải tập trung đạt chuẩn', unit: '%', category: 'environment', direction: 'higher_is_better', comparator: 'eq', basis: 'each_year', typical: 100 },
  { name: 'Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình', unit: '%', category: 'social', direction: 'higher_is_better', comparator: 'gte', basis: 'by_year', typical: 80, parts: ['cấp tỉnh', 'cấp xã'] },
  { name: 'Số vụ tai nạn giao thông giảm hàng năm', unit: '%/năm', category: 'defence_security', direction: 'lower_is_better', comparator: 'lte', basis: 'each_year', typical: 5 },
  { name: 'Tỷ lệ điều tra, khám phá án hình sự', unit: '%', category: 'defence_security', direction: 'higher_is_better', comparator: 'gt', basis: 'each_year', typical: 75 },
  { name: 'Tỷ lệ xã, phường, thị trấn vững mạnh về quốc phòng, an ninh', unit: '%', category: 'defence_security', direction: 'higher_is_better', comparator: null, basis: null, typical: 90 },
];

export const reportResults = [
  'Đã triển khai thực hiện các nhiệm vụ được giao theo đúng kế hoạch',
  'Cơ bản hoàn thành các nhiệm vụ trọng tâm của kỳ báo cáo',
  'Tổ chức quán triệt, triển khai chương trình đến các phòng, đơn vị trực thuộc',
  'Phối hợp với các cơ quan liên quan rà soát, cập nhật tiến độ các nhiệm vụ',
  'Ban hành kế hoạch chi tiết và phân công cán bộ theo dõi từng nhiệm vụ',
  'Tiến độ một số nhiệm vụ còn chậm so với kế hoạch đề ra',
];
export const reportAdvantages = [
  'Được sự quan tâm chỉ đạo sát sao của Ủy ban nhân dân',
  'Sự phối hợp chặt chẽ giữa các sở, ngành và địa phương',
  'Hạ tầng công nghệ thông tin được đầu tư đồng bộ',
  null,
  null,
];
export const reportDifficulties = [
  'Nguồn vốn bố trí cho các dự án còn hạn chế',
  'Thủ tục đầu tư, đất đai còn vướng mắc, kéo dài',
  'Nhân lực thực hiện còn thiếu về số lượng và chuyên môn',
  'Ảnh hưởng của dịch bệnh và biến động giá nguyên vật liệu',
  'Công tác giải phóng mặt bằng gặp nhiều khó khăn',
  null,
  null,
  null,
];
export const reportProposals = [
  'Đề nghị bổ sung kinh phí thực hiện trong năm tiếp theo',
  'Kiến nghị điều chỉnh thời gian thực hiện nhiệm vụ',
  'Đề nghị các sở, ngành hướng dẫn tháo gỡ vướng mắc về thủ tục',
  'Kiến nghị tăng cường đào tạo, bồi dưỡng cán bộ',
  null,
  null,
  null,
];
export const updateNotes = ['Đang triển khai theo kế hoạch', 'Đã trình cấp có thẩm quyền phê duyệt', 'Đang lấy ý kiến các cơ quan liên quan', 'Chậm tiến độ do vướng mắc thủ tục', null, null, null];

export function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [value, letters] of table) while (n >= value) { out += letters; n -= value; }
  return out;
}
