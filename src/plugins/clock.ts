// The service's notion of "now" for business dates (when a report was submitted, whether that was on time, which
// period is current). One place, so that a test can walk a reporting year from 2021 to 2025 on a set clock
// instead of waiting for the calendar; production uses the system clock.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    clock: () => Date;
  }
}

export const clockPlugin = fp(
  async (app: FastifyInstance, options: { clock?: () => Date }) => {
    app.decorate('clock', options.clock ?? (() => new Date()));
  },
  { name: 'clock' },
);
