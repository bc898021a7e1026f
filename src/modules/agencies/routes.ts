import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { createAgency, deleteAgency, getAgency, listAgencies, updateAgency } from './repository.js';
import { Agency, AgencyCreate, agencyExample, AgencyListQuery, AgencyPatch } from './schemas.js';

const tags = ['Agencies'];

export const agencyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/agencies',
    {
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
    async (request, reply) => reply.code(201).send(await app.db.transaction((tx) => createAgency(tx, request.body))),
  );

  app.get(
    '/agencies/:id',
    {
      schema: {
        operationId: 'getAgency',
        tags,
        summary: 'Get an agency',
        description: 'One agency with its parent.',
        params: IdParams,
        response: { 200: jsonResponse('The agency.', Agency, agencyExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request) => getAgency(app.db, request.params.id),
  );

  app.patch(
    '/agencies/:id',
    {
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
    async (request) => app.db.transaction((tx) => updateAgency(tx, request.params.id, request.body)),
  );

  app.delete(
    '/agencies/:id',
    {
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
      await app.db.transaction((tx) => deleteAgency(tx, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
