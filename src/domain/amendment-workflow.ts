// Amendments (section VI.4 of 17/CTr-UBND): an agency proposes a change with a rationale, DPI (the coordinator)
// recommends it or declines it, and the approver (the Chairman's office) approves or rejects a recommended one with a
// decision reference. Only an approval changes the program. Pure rules.

export const amendmentKinds = ['add_task', 'change_task_deadline', 'change_task_lead', 'change_task_supporters', 'cancel_task', 'change_indicator_target'] as const;
export type AmendmentKind = (typeof amendmentKinds)[number];

export const amendmentStatuses = ['proposed', 'recommended', 'declined', 'approved', 'rejected'] as const;
export type AmendmentStatus = (typeof amendmentStatuses)[number];

export const amendmentActions = ['recommend', 'decline', 'approve', 'reject'] as const;
export type AmendmentAction = (typeof amendmentActions)[number];

const moves: Record<AmendmentAction, { from: AmendmentStatus; to: AmendmentStatus }> = {
  recommend: { from: 'proposed', to: 'recommended' },
  decline: { from: 'proposed', to: 'declined' },
  approve: { from: 'recommended', to: 'approved' },
  reject: { from: 'recommended', to: 'rejected' },
};

export function amendmentStatusAfter(current: AmendmentStatus, action: AmendmentAction): AmendmentStatus | null {
  return moves[action].from === current ? moves[action].to : null;
}

export const amendmentStatusAllowing = (action: AmendmentAction) => moves[action].from;

/** Which kinds change a task, which an indicator, and which add something new. */
export const amendmentTarget = (kind: AmendmentKind): 'task' | 'indicator' | 'new_task' =>
  kind === 'add_task' ? 'new_task' : kind === 'change_indicator_target' ? 'indicator' : 'task';
