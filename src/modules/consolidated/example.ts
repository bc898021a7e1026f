// An abridged consolidated report of 17/CTr-UBND for 2023, for the OpenAPI document.
const counts = (total: number, done: number, overdue: number) => ({
  total,
  completed_on_time: done,
  completed_late: 0,
  within_deadline: total - done - overdue,
  overdue,
  no_deadline_yet: 0,
  cancelled: 0,
});
const industry = { id: '6c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f', code: 'so-cong-thuong', name: 'Sở Công Thương', shortName: null };

export const consolidatedExample = {
  program: { id: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', code: '17/CTr-UBND', title: 'Chương trình hành động thực hiện Nghị quyết số 99/NQ-CP …' },
  period: {
    id: '2023',
    kind: 'annual',
    reportingWindow: { from: '2022-12-15', to: '2023-12-14' },
    calendarWindow: { from: '2023-01-01', to: '2023-12-31' },
    submissionDeadline: '2023-12-21',
  },
  asOf: '2023-12-14',
  generatedAt: '2023-12-22T01:00:00.000Z',
  submissions: [
    { agency: industry, state: 'accepted', reportId: '2e4f6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b', dueOn: '2023-12-21', submittedAt: '2023-12-18T02:15:00.000Z' },
    { agency: { id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', code: 'so-xay-dung', name: 'Sở Xây dựng', shortName: null }, state: 'missing', reportId: null, dueOn: null, submittedAt: null },
  ],
  submissionCounts: { expected: 2, missing: 1, draft: 0, submitted_on_time: 0, submitted_late: 0, returned: 0, accepted: 1 },
  tasks: {
    total: counts(44, 9, 6),
    bySection: [{ section: 'III', title: 'Đẩy mạnh cơ cấu lại nền kinh tế …', counts: counts(11, 3, 2) }],
    byGroup: [{ group: { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', code: '3', title: 'Đẩy mạnh cơ cấu lại nền kinh tế …' }, counts: counts(11, 3, 2) }],
    byLeadAgency: [{ agency: industry, counts: counts(2, 1, 0) }],
  },
  overdueTasks: [
    {
      task: { id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', code: '03', title: 'Kế hoạch cơ cấu lại ngành công nghiệp …' },
      leadAgency: industry,
      deadlineText: '2021-2022',
      dueOn: '2022-12-31',
      status: 'in_progress',
      progress: 70,
    },
  ],
  indicators: [
    {
      indicator: { id: '3d2c1b0a-8f7e-4d6c-9b5a-4e3d2c1b0a9f', code: '1', parentCode: null, name: 'Tăng trưởng kinh tế (GRDP) bình quân giai đoạn 2021 - 2025', unit: '%/năm' },
      target: { comparator: 'between', lower: 7.5, upper: 8, text: '7,5- 8,0%/năm', basis: 'period_average', targetYear: 2025, direction: 'higher_is_better' },
      baseline: null,
      latest: { period: '2023', value: 6.5, kind: 'estimate' },
      assessment: {
        status: 'at_risk',
        rule: 'period_average',
        valuesUsed: [
          { year: 2021, value: -2.1, kind: 'official' },
          { year: 2022, value: 12.6, kind: 'official' },
          { year: 2023, value: 6.5, kind: 'estimate' },
        ],
        computed: 5.6667,
        expected: '7.5–8 (between)',
        reason: 'At risk: the 2021–2023 average is 5.6667 (2021: -2.1; 2022: 12.6; 2023: 6.5 estimate), below 7.5–8 (between).',
        reasonVi: 'Có nguy cơ không đạt: bình quân 2021–2023 là 5,6667 (2021: -2,1; 2022: 12,6; 2023: 6,5 ước), chưa đạt 7,5–8.',
      },
    },
  ],
  concerns: [
    {
      agency: industry,
      reportId: '2e4f6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b',
      status: 'accepted',
      difficulties: 'Nguồn lực đầu tư hạ tầng thương mại còn hạn chế.',
      proposals: 'Đề nghị bổ sung kinh phí xúc tiến thương mại năm 2024.',
    },
  ],
};
