import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { agencyGroups } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createAgencyGroup, deleteAgencyGroup, getAgencyGroup, listAgencyGroups, updateAgencyGroup } from './repository.js';
import { AgencyGroup, AgencyGroupCreate, agencyGroupExample, AgencyGroupListQuery, AgencyGroupPatch } from './schemas.js';

const tags = ['Agency groups'];
const writers = rolesAccess('admin');
const existing = (id: string) => ({ table: agencyGroups, id, name: 'agency group', load: getAgencyGroup });

export const agencyGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/agency-groups',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listAgencyGroups',
        tags,
        summary: 'List agency groups',
        description: 'Agency groups with their members, ordered by `sort`, filtered by `q` (searches code and name).',
        querystring: AgencyGroupListQuery,
        response: {
          200: jsonResponse('A page of agency groups.', Page(AgencyGroup, 'AgencyGroup'), { items: [agencyGroupExample], nextCursor: null }),
          ...errorResponses(),
        },
      },
    },
    async (request) => listAgencyGroups(app.db, request.query),
  );

  app.post(
    '/agency-groups',
    {
      config: { access: writers },
      schema: {
        operationId: 'createAgencyGroup',
        tags,
        summary: 'Create an agency group',
        description:
          'Creates a group with the agencies of `memberIds`. Its code must be unique (409 otherwise); an agency listed twice answers 400, an id that names no agency 422, each with a pointer to the entry at fault.',
        body: AgencyGroupCreate,
        response: {
          201: jsonResponse('The created agency group.', AgencyGroup, agencyGroupExample),
          ...errorResponses({ conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createAgencyGroup(tx, request.body), { status: 201 })),
  );

  app.get(
    '/agency-groups/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getAgencyGroup',
        tags,
        summary: 'Get an agency group',
        description: 'One agency group with its members, ordered by name.',
        params: IdParams,
        response: { 200: jsonResponse('The agency group.', AgencyGroup, agencyGroupExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getAgencyGroup(app.db, request.params.id)),
  );

  app.patch(
    '/agency-groups/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateAgencyGroup',
        tags,
        summary: 'Update an agency group',
        description:
          'Changes the fields given; `null` clears the description. `memberIds`, when given, replaces the whole membership (`[]` empties it); an agency listed twice answers 400, an id that names no agency 422.',
        params: IdParams,
        body: AgencyGroupPatch,
        response: {
          200: jsonResponse('The updated agency group.', AgencyGroup, agencyGroupExample),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateAgencyGroup(tx, request.params.id, request.body))),
  );

  app.delete(
    '/agency-groups/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteAgencyGroup',
        tags,
        summary: 'Delete an agency group',
        description:
          'Deletes a group and its membership (the member agencies stay). A group still named among the supporters of a task answers 409 and nothing is deleted.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true, conflict: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteAgencyGroup(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
