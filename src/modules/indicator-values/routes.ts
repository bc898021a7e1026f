import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { createIndicatorValue, deleteIndicatorValue, getIndicatorValue, listIndicatorValues, updateIndicatorValue } from './repository.js';
import { IndicatorValue, IndicatorValueCreate, indicatorValueExample, IndicatorValueListQuery, IndicatorValuePatch } from './schemas.js';

const tags = ['Indicator values'];

export const indicatorValueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/indicator-values',
    {
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
    async (request, reply) => reply.code(201).send(await app.db.transaction((tx) => createIndicatorValue(tx, request.body))),
  );

  app.get(
    '/indicator-values/:id',
    {
      schema: {
        operationId: 'getIndicatorValue',
        tags,
        summary: 'Get an indicator value',
        description: 'One reported value with its indicator code and reporting agency.',
        params: IdParams,
        response: { 200: jsonResponse('The value.', IndicatorValue, indicatorValueExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request) => getIndicatorValue(app.db, request.params.id),
  );

  app.patch(
    '/indicator-values/:id',
    {
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
    async (request) => app.db.transaction((tx) => updateIndicatorValue(tx, request.params.id, request.body)),
  );

  app.delete(
    '/indicator-values/:id',
    {
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
      await app.db.transaction((tx) => deleteIndicatorValue(tx, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
