// The closed vocabularies of the domain. One list each, used by the database CHECK constraints,
// the TypeBox schemas (and so the OpenAPI enums) and the seed data, so the three cannot disagree.

/** What kind of body an agency is (see docs/domain glossary). */
export const agencyKinds = [
  'peoples_committee', // UBND thành phố
  'chairman', // Chủ tịch UBND thành phố
  'peoples_council', // Hội đồng nhân dân thành phố
  'department', // Sở
  'board', // Ban (of the People's Committee, e.g. Ban Dân tộc)
  'office', // Văn phòng (of the People's Committee, the Party Committee, the delegation and Council)
  'district_peoples_committee', // UBND quận, huyện
  'party_committee', // Thành ủy
  'party_body', // Ban ... Thành ủy, Ban Thường vụ Thành ủy
  'fatherland_front', // Ủy ban Mặt trận Tổ quốc thành phố
  'central_agency', // ministries and central agencies
] as const;
export type AgencyKind = (typeof agencyKinds)[number];

/** Chương trình / Đề án / Kế hoạch / Báo cáo / Quy hoạch / Điều chỉnh. */
export const taskKinds = ['program', 'scheme', 'plan', 'report', 'master_plan', 'adjustment'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const taskStatuses = ['not_started', 'in_progress', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/**
 * How a task's deadline ("thời gian trình") is written:
 * `year` ("2021"), `year_range` ("2021-2022"), `annually` ("Hàng năm": due every year of the program),
 * `event` ("Sau khi Thành ủy phê duyệt": due once an event happens, no date until then).
 */
export const deadlineKinds = ['year', 'year_range', 'annually', 'event'] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

export const indicatorCategories = ['economic', 'social', 'environment', 'defence_security'] as const;
export type IndicatorCategory = (typeof indicatorCategories)[number];

/** Which way is better. `closer_is_better` is for shares that should land inside a band (GRDP structure). */
export const indicatorDirections = ['higher_is_better', 'lower_is_better', 'closer_is_better'] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];

export const targetComparators = ['between', 'gte', 'gt', 'lte', 'lt', 'eq'] as const;
export type TargetComparator = (typeof targetComparators)[number];

/**
 * What the target is measured on: `period_average` ("bình quân" over the program years), `by_year`
 * ("đến năm 2025": the value in the target year) and `each_year` ("hàng năm": every single year must meet it).
 */
export const targetBases = ['period_average', 'by_year', 'each_year'] as const;
export type TargetBasis = (typeof targetBases)[number];

/** Provenance of an indicator value. */
export const valueKinds = ['official', 'estimate'] as const;
export type ValueKind = (typeof valueKinds)[number];
