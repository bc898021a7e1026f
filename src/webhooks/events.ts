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

/** `pending` until a 2xx answer (`succeeded`) or the last allowed attempt fails (`failed`). */
export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
