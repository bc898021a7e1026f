import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { agencies } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createAgency, deleteAgency, getAgency, listAgencies, updateAgency } from './repository.js';
import { Agency, AgencyCreate, agencyExample, AgencyListQuery, AgencyPatch } from './schemas.js';

const tags = ['Agencies'];
const writers = rolesAccess('admin');
const existing = (id: string) => ({ table: agencies, id, name: 'agency', load: getAgency });

export const agencyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/agencies',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listAgencies',
        tags,
        summary: 'List agencies',
        description:
          'Agencies ordered by `sort`, filtered by `kind`, by `parentId` (the direct children of an agency, given by id or code) and by `q` (searches code, name and short name).',
        querystring: AgencyListQuery,
        response: { 200: jsonResponse('A page of agencies.', Page(Agency, 'Agency'), { items: [agencyExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listAgencies(app.db, request.query),
  );

  app.post(
    '/agencies',
    {
      config: { access: writers },
      schema: {
        operationId: 'createAgency',
        tags,
        summary: 'Create an agency',
        description: 'Creates an agency. Its code must be unique (409 otherwise); `parentId` must name an existing agency (422 otherwise).',
        body: AgencyCreate,
        response: {
          201: jsonResponse('The created agency.', Agency, agencyExample),
          ...errorResponses({ conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createAgency(tx, request.body), { status: 201 })),
  );

  app.get(
    '/agencies/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getAgency',
        tags,
        summary: 'Get an agency',
        description: 'One agency with its parent.',
        params: IdParams,
        response: { 200: jsonResponse('The agency.', Agency, agencyExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getAgency(app.db, request.params.id)),
  );

  app.patch(
    '/agencies/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateAgency',
        tags,
        summary: 'Update an agency',
        description:
          'Changes the fields given; `null` clears an optional field. A duplicate code answers 409; a `parentId` that does not exist, or that is the agency itself or one of its descendants, answers 422.',
        params: IdParams,
        body: AgencyPatch,
        response: {
          200: jsonResponse('The updated agency.', Agency, agencyExample),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateAgency(tx, request.params.id, request.body))),
  );

  app.delete(
    '/agencies/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteAgency',
        tags,
        summary: 'Delete an agency',
        description:
          'Deletes an agency nothing refers to. An agency that still has child agencies, belongs to a group, leads or supports a task, or is named by a program, indicator or value answers 409 and nothing is deleted.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true, conflict: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteAgency(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
