// The review of an amendment: DPI recommends or declines a proposal; the approver approves or rejects a recommended
// one with the reference of its decision. Each step is one transaction that records who moved it, when and why.
// Approving applies the change to the program in the same transaction: either the amendment is approved and the
// program shows it, or neither. Subscribers hear of the approver's decisions (`amendment.decided`).
import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/roles.js';
import { amendments, amendmentTransitions } from '../../db/schema/index.js';
import type { Transaction } from '../../db/types.js';
import { amendmentStatusAfter, amendmentStatusAllowing, type AmendmentAction } from '../../domain/amendment-workflow.js';
import { HttpProblem } from '../../http/problem.js';
import { emitEvent } from '../../webhooks/outbox.js';
import { transitionRow } from '../reports/repository.js';
import { applyApproved, assertUnchangedSince } from './changes.js';
import { getAmendment, proposalOf } from './repository.js';
import type { ReviewBody } from './schemas.js';

const pastTense: Record<AmendmentAction, string> = { recommend: 'recommended', decline: 'declined', approve: 'approved', reject: 'rejected' };

/** The history's reason: DPI's note; for a decision, its reference (and the approver's note). */
function reasonOf(action: AmendmentAction, body: ReviewBody): string | null {
  if (action === 'approve' || action === 'reject') return body.note ? `${body.decisionRef} — ${body.note}` : body.decisionRef!;
  return body.note ?? null;
}

/**
 * Carries out `action` on the amendment as `actor` at `now` (the service clock). Who may act is the route's business
 * (coordinators recommend and decline, approvers decide). 404 for an unknown id; 409 `invalid-transition` when the
 * amendment is not in the state the action needs; 409 `conflict` when recommending or approving a proposal whose task
 * or indicator changed since, or whose change no longer applies.
 */
export async function moveAmendment(tx: Transaction, actor: Actor, now: Date, id: string, action: AmendmentAction, body: ReviewBody) {
  const amendment = await getAmendment(tx, id, { forUpdate: true });
  const next = amendmentStatusAfter(amendment.status, action);
  if (!next) {
    throw new HttpProblem('invalid-transition', `A ${amendment.status} amendment cannot be ${pastTense[action]}; only a ${amendmentStatusAllowing(action)} one can.`);
  }
  const proposal = proposalOf(amendment);
  const changes: Partial<typeof amendments.$inferInsert> = { status: next, updatedAt: now };
  if (action === 'recommend' || action === 'decline') changes.coordinatorNote = body.note ?? null;
  // DPI should not put a stale proposal before the approver: it declines it and the agency proposes again.
  if (action === 'recommend' && amendment.base) await assertUnchangedSince(tx, proposal, amendment.base);
  if (action === 'approve') {
    const outcome = await applyApproved(tx, proposal, amendment.base);
    changes.before = outcome.before;
    changes.after = outcome.after;
  }
  if (action === 'approve' || action === 'reject') {
    changes.decisionRef = body.decisionRef!;
    changes.decidedAt = now;
  }
  await tx.update(amendments).set(changes).where(eq(amendments.id, id));
  await tx.insert(amendmentTransitions).values({ amendmentId: id, ...transitionRow(actor, amendment.status, next, reasonOf(action, body)), occurredAt: now });
  const moved = await getAmendment(tx, id);
  if (action === 'approve' || action === 'reject') {
    await emitEvent(tx, {
      type: 'amendment.decided',
      resourceType: 'amendments',
      resourceId: id,
      data: {
        amendmentId: id,
        programId: moved.programId,
        kind: moved.kind,
        taskId: moved.taskId,
        indicatorId: moved.indicatorId,
        proposingAgencyId: moved.proposingAgency.id,
        from: amendment.status,
        to: next,
        decisionRef: moved.decisionRef,
        before: moved.before,
        after: moved.after,
      },
    });
  }
  return moved;
}
