// The events other city systems can subscribe to, and the states of a delivery.

export const eventTypes = [
  'task.status_changed',
  'report.submitted',
  'report.returned',
  'report.accepted',
  'report.reopened',
  'indicator_value.recorded',
  'amendment.decided',
] as const;
export type EventType = (typeof eventTypes)[number];

/** What each event means, for the contract and docs/webhooks.md (which also describes each one's `data`). */
export const eventTypeDescriptions: Record<EventType, string> = {
  'task.status_changed': 'A task moved to another status (`from`, `to`, with its progress and completion date).',
  'report.submitted': 'An agency submitted a periodic report.',
  'report.returned': 'A coordinator returned a report for changes.',
  'report.accepted': 'A coordinator accepted a report.',
  'report.reopened': 'An accepted report was reopened.',
  'indicator_value.recorded': 'A value of an indicator was recorded or changed (with the previous value).',
  'amendment.decided': 'An amendment (to a task or an indicator\'s target) was approved or rejected.',
};

/** `pending` until a 2xx answer (`succeeded`) or the last allowed attempt fails (`failed`). */
export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** What one delivery attempt came to (the metric `plantrack_webhook_deliveries_total` counts them by outcome). */
export const attemptOutcomes = ['succeeded', 'failed_attempt', 'gave_up'] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

/** The JSON body of every delivery: the event, as the outbox holds it. */
export interface WebhookPayload {
  id: string;
  type: string;
  /** When the event happened (ISO 8601); the `webhook-timestamp` header is when the attempt was made. */
  timestamp: string;
  resource: { type: string; id: string };
  data: Record<string, unknown>;
}
