import t from 'tap';
import { amendmentActions, amendmentStatusAfter, amendmentStatuses, type AmendmentAction, type AmendmentStatus } from '../../src/domain/amendment-workflow.js';
import { isEditable, isPublished, reportActions, reportStatusAfter, reportStatuses, submissionState, type ReportAction, type ReportStatus } from '../../src/domain/report-workflow.js';

t.test('report workflow: every status × action', async (t) => {
  // The whole table: null is an illegal move (a 409 at the API).
  const expected: Record<ReportStatus, Record<ReportAction, ReportStatus | null>> = {
    draft: { submit: 'submitted', return: null, accept: null, reopen: null },
    submitted: { submit: null, return: 'returned', accept: 'accepted', reopen: null },
    returned: { submit: 'submitted', return: null, accept: null, reopen: null },
    accepted: { submit: null, return: null, accept: null, reopen: 'returned' },
  };
  for (const status of reportStatuses) {
    for (const action of reportActions) t.equal(reportStatusAfter(status, action), expected[status][action], `${status} --${action}-->`);
  }
  t.same(reportStatuses.filter(isEditable), ['draft', 'returned'], 'the agency edits drafts and returned reports only');
  t.same(reportStatuses.filter(isPublished), ['submitted', 'accepted'], 'others see submitted and accepted reports only');
});

t.test('submission matrix states', async (t) => {
  const cases: [Parameters<typeof submissionState>[0], string][] = [
    [null, 'missing'],
    [{ status: 'draft', timeliness: null }, 'draft'],
    [{ status: 'submitted', timeliness: 'on_time' }, 'submitted_on_time'],
    [{ status: 'submitted', timeliness: 'late' }, 'submitted_late'],
    [{ status: 'returned', timeliness: 'late' }, 'returned'],
    [{ status: 'accepted', timeliness: 'on_time' }, 'accepted'],
  ];
  for (const [report, state] of cases) t.equal(submissionState(report), state, JSON.stringify(report));
});

t.test('amendment workflow: every status × action', async (t) => {
  const expected: Record<AmendmentStatus, Partial<Record<AmendmentAction, AmendmentStatus>>> = {
    proposed: { recommend: 'recommended', decline: 'declined' },
    recommended: { approve: 'approved', reject: 'rejected' },
    declined: {},
    approved: {},
    rejected: {},
  };
  for (const status of amendmentStatuses) {
    for (const action of amendmentActions) t.equal(amendmentStatusAfter(status, action), expected[status][action] ?? null, `${status} --${action}-->`);
  }
});
