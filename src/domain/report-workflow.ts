// The review workflow of an agency report: draft → submitted → accepted, or submitted → returned (with a reason) →
// submitted again; an accepted report is locked until a coordinator reopens it (with a reason), which sends it back to
// the agency as returned. Pure rules: the routes ask here whether a move is legal.

export const reportStatuses = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportActions = ['submit', 'return', 'accept', 'reopen'] as const;
export type ReportAction = (typeof reportActions)[number];

const moves: Record<ReportAction, { from: readonly ReportStatus[]; to: ReportStatus; needsReason: boolean }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', needsReason: false },
  return: { from: ['submitted'], to: 'returned', needsReason: true },
  accept: { from: ['submitted'], to: 'accepted', needsReason: false },
  reopen: { from: ['accepted'], to: 'returned', needsReason: true },
};

/** The status an action leads to from `current`, or null when the action is not allowed there. */
export function reportStatusAfter(current: ReportStatus, action: ReportAction): ReportStatus | null {
  const move = moves[action];
  return move.from.includes(current) ? move.to : null;
}

export const actionNeedsReason = (action: ReportAction) => moves[action].needsReason;
export const statusesAllowing = (action: ReportAction) => moves[action].from;

/** The agency may change the content only while the report is with it. */
export const isEditable = (status: ReportStatus) => status === 'draft' || status === 'returned';

/** Who else may see a report: drafts and returned reports are the agency's own business until (re)submitted. */
export const isPublished = (status: ReportStatus) => status === 'submitted' || status === 'accepted';

export const submissionStates = ['missing', 'draft', 'submitted_on_time', 'submitted_late', 'returned', 'accepted'] as const;
export type SubmissionState = (typeof submissionStates)[number];

/** An expected agency's line in the submission matrix of a consolidated report. */
export function submissionState(report: { status: ReportStatus; timeliness: 'on_time' | 'late' | null } | null): SubmissionState {
  if (!report) return 'missing';
  if (report.status === 'submitted') return report.timeliness === 'late' ? 'submitted_late' : 'submitted_on_time';
  return report.status;
}
