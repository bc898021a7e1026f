// The consolidated report as tables for people: Vietnamese headers and labels, one table per part, the same tables
// for CSV (one file each) and XLSX (one sheet each). Column widths are in characters, for the spreadsheet.
import { assessmentStatusWords } from '../../domain/assessment.js';
import type { SubmissionState } from '../../domain/report-workflow.js';
import type { TaskBucket } from '../../domain/task-buckets.js';
import type { TaskStatus, ValueKind } from '../../domain/vocabulary.js';
import type { BucketCounts, ConsolidatedReport } from './data.js';
import type { TableName } from './schemas.js';

export type Cell = string | number | null;
export interface Column {
  header: string;
  width: number;
}
export interface Table {
  name: TableName;
  /** Sheet name: at most 31 characters, as spreadsheets allow. */
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const submissionLabels: Record<SubmissionState, string> = {
  missing: 'Chưa gửi',
  draft: 'Đang soạn thảo',
  submitted_on_time: 'Đã gửi đúng hạn',
  submitted_late: 'Đã gửi trễ hạn',
  returned: 'Trả lại để bổ sung',
  accepted: 'Đã tiếp nhận',
};
const taskStatusLabels: Record<TaskStatus, string> = { not_started: 'Chưa triển khai', in_progress: 'Đang thực hiện', completed: 'Hoàn thành', cancelled: 'Đã hủy' };
const bucketHeaders: [TaskBucket | 'total', string][] = [
  ['total', 'Tổng số'],
  ['completed_on_time', 'Hoàn thành đúng hạn'],
  ['completed_late', 'Hoàn thành trễ hạn'],
  ['within_deadline', 'Chưa hoàn thành, trong hạn'],
  ['overdue', 'Chưa hoàn thành, quá hạn'],
  ['no_deadline_yet', 'Chưa đến thời hạn (chờ sự kiện)'],
  ['cancelled', 'Đã hủy'],
];
const kindLabels: Record<ValueKind, string> = { official: 'Chính thức', estimate: 'Ước thực hiện' };
const basisLabels: Record<string, string> = { period_average: 'Bình quân giai đoạn', by_year: 'Đến năm mục tiêu', each_year: 'Hằng năm' };

const countColumns = bucketHeaders.map(([, header]) => ({ header, width: 14 }));
const countCells = (counts: BucketCounts) => bucketHeaders.map(([bucket]) => counts[bucket]);
const vietnamTime = (at: Date | string | null) => (at === null ? null : new Date(new Date(at).getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '));

export function reportTables(report: ConsolidatedReport): Table[] {
  return [
    {
      name: 'submissions',
      title: 'Tình hình gửi báo cáo',
      columns: [
        { header: 'STT', width: 6 },
        { header: 'Cơ quan, đơn vị', width: 40 },
        { header: 'Mã cơ quan', width: 28 },
        { header: 'Tình trạng', width: 20 },
        { header: 'Hạn gửi', width: 12 },
        { header: 'Thời điểm gửi (giờ Việt Nam)', width: 18 },
      ],
      rows: report.submissions.map((s, i) => [i + 1, s.agency.name, s.agency.code, submissionLabels[s.state], s.dueOn, vietnamTime(s.submittedAt)]),
    },
    {
      name: 'tasks_by_section',
      title: 'Nhiệm vụ theo phần',
      columns: [{ header: 'Phần', width: 8 }, { header: 'Tên phần', width: 60 }, ...countColumns],
      rows: report.tasks.bySection.map((s) => [s.section ?? '—', s.title, ...countCells(s.counts)]),
    },
    {
      name: 'tasks_by_group',
      title: 'Nhiệm vụ theo nhóm',
      columns: [{ header: 'Nhóm', width: 8 }, { header: 'Nhóm nhiệm vụ, giải pháp', width: 60 }, ...countColumns],
      rows: report.tasks.byGroup.map((g) => [g.group.code, g.group.title, ...countCells(g.counts)]),
    },
    {
      name: 'tasks_by_lead_agency',
      title: 'Nhiệm vụ theo cơ quan chủ trì',
      columns: [{ header: 'Cơ quan chủ trì', width: 40 }, ...countColumns],
      rows: report.tasks.byLeadAgency.map((a) => [a.agency.name, ...countCells(a.counts)]),
    },
    {
      name: 'overdue_tasks',
      title: 'Nhiệm vụ quá hạn',
      columns: [
        { header: 'Số TT', width: 8 },
        { header: 'Tên nhiệm vụ', width: 60 },
        { header: 'Cơ quan chủ trì', width: 32 },
        { header: 'Thời gian trình', width: 16 },
        { header: 'Hạn hoàn thành', width: 14 },
        { header: 'Tình trạng', width: 16 },
        { header: 'Tiến độ (%)', width: 10 },
      ],
      rows: report.overdueTasks.map((o) => [o.task.code, o.task.title, o.leadAgency.name, o.deadlineText, o.dueOn, taskStatusLabels[o.status], o.progress]),
    },
    {
      name: 'indicators',
      title: 'Chỉ tiêu',
      columns: [
        { header: 'Mã', width: 6 },
        { header: 'Chỉ tiêu', width: 50 },
        { header: 'Đơn vị tính', width: 16 },
        { header: 'Mục tiêu', width: 18 },
        { header: 'Cách tính', width: 18 },
        { header: 'Năm gốc', width: 9 },
        { header: 'Giá trị năm gốc', width: 12 },
        { header: 'Kỳ số liệu mới nhất', width: 10 },
        { header: 'Số liệu mới nhất', width: 12 },
        { header: 'Loại số liệu', width: 14 },
        { header: 'Đánh giá', width: 20 },
        { header: 'Lý do', width: 80 },
      ],
      rows: report.indicators.map((i) => [
        i.indicator.code,
        i.indicator.name,
        i.indicator.unit,
        i.target?.text ?? null,
        i.target?.basis ? basisLabels[i.target.basis]! : null,
        i.baseline?.year ?? null,
        i.baseline?.value ?? null,
        i.latest?.period ?? null,
        i.latest?.value ?? null,
        i.latest ? kindLabels[i.latest.kind] : null,
        assessmentStatusWords[i.assessment.status][1],
        i.assessment.reasonVi,
      ]),
    },
    {
      name: 'concerns',
      title: 'Khó khăn, đề xuất',
      columns: [
        { header: 'Cơ quan, đơn vị', width: 40 },
        { header: 'Khó khăn, vướng mắc', width: 70 },
        { header: 'Đề xuất, kiến nghị', width: 70 },
      ],
      rows: report.concerns.map((c) => [c.agency.name, c.difficulties, c.proposals]),
    },
  ];
}
