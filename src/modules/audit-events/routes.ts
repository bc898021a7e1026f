// The audit trail: every change to the program, its reports, keys and subscriptions, with who made it, when, in which
// request, and each changed field before and after. Written by database triggers (migration 0003) in the same
// transaction as the change; read here by coordinators and administrators.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rolesAccess } from '../../auth/roles.js';
import { errorResponses, jsonResponse, Page } from '../../http/responses.js';
import { listAuditEvents } from './repository.js';
import { AuditEvent, auditEventExample, AuditEventListQuery } from './schemas.js';

export const auditEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit-events',
    {
      config: { access: rolesAccess('admin', 'coordinator') },
      schema: {
        operationId: 'listAuditEvents',
        tags: ['Access'],
        summary: 'The audit trail',
        description:
          'Changes, newest first by default, filtered by resource (`resourceType`, `resourceId`), actor, request, action and time range (`from` inclusive, `to` exclusive). A task\'s supporters are recorded under the task\'s id with `resourceType` `task_supporters`.',
        querystring: AuditEventListQuery,
        response: { 200: jsonResponse('A page of audit events.', Page(AuditEvent, 'AuditEvent'), { items: [auditEventExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listAuditEvents(app.db, request.query),
  );
};
