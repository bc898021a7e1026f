import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { indicatorValues } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createIndicatorValue, deleteIndicatorValue, getIndicatorValue, listIndicatorValues, updateIndicatorValue } from './repository.js';
import { IndicatorValue, IndicatorValueCreate, indicatorValueExample, IndicatorValueListQuery, IndicatorValuePatch } from './schemas.js';

const tags = ['Indicator values'];
const writers = rolesAccess('admin', 'coordinator');
const existing = (id: string) => ({ table: indicatorValues, id, name: 'indicator value', load: getIndicatorValue });

export const indicatorValueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/indicator-values',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listIndicatorValues',
        tags,
        summary: 'List indicator values',
        description:
          'Reported values ordered by period. Filter by indicator, program (id or code), exact `period`, `year` (every ' +
          'period of that year), `kind` and reporting agency (id or code).',
        querystring: IndicatorValueListQuery,
        response: {
          200: jsonResponse('A page of indicator values.', Page(IndicatorValue, 'IndicatorValue'), { items: [indicatorValueExample], nextCursor: null }),
          ...errorResponses(),
        },
      },
    },
    async (request) => listIndicatorValues(app.db, request.query),
  );

  app.post(
    '/indicator-values',
    {
      config: { access: writers },
      schema: {
        operationId: 'createIndicatorValue',
        tags,
        summary: 'Report an indicator value',
        description:
          'Records the value of an indicator for a period. An indicator has at most one value per period and kind: a second ' +
          'one answers 409 (change the existing value instead). A missing indicator or agency answers 422.',
        body: IndicatorValueCreate,
        response: {
          201: jsonResponse('The recorded value.', IndicatorValue, indicatorValueExample),
          ...errorResponses({ conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createIndicatorValue(tx, request.body), { status: 201 })),
  );

  app.get(
    '/indicator-values/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getIndicatorValue',
        tags,
        summary: 'Get an indicator value',
        description: 'One reported value with its indicator code and reporting agency.',
        params: IdParams,
        response: { 200: jsonResponse('The value.', IndicatorValue, indicatorValueExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getIndicatorValue(app.db, request.params.id)),
  );

  app.patch(
    '/indicator-values/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateIndicatorValue',
        tags,
        summary: 'Update an indicator value',
        description:
          'Changes the fields given (for example an estimate replaced by the official figure); `null` clears `agencyId` or ' +
          '`note`. Moving it onto a period and kind that already has a value answers 409.',
        params: IdParams,
        body: IndicatorValuePatch,
        response: {
          200: jsonResponse('The updated value.', IndicatorValue, indicatorValueExample),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateIndicatorValue(tx, request.params.id, request.body))),
  );

  app.delete(
    '/indicator-values/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteIndicatorValue',
        tags,
        summary: 'Delete an indicator value',
        description: 'Deletes a reported value.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteIndicatorValue(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
