import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { indicators } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createIndicator, deleteIndicator, getIndicator, listIndicators, updateIndicator } from './repository.js';
import { Indicator, IndicatorCreate, indicatorExample, IndicatorListQuery, IndicatorPatch } from './schemas.js';

const tags = ['Indicators'];
const writers = rolesAccess('admin', 'coordinator');
const existing = (id: string) => ({ table: indicators, id, name: 'indicator', load: getIndicator });

const childExample = {
  ...indicatorExample,
  id: '4e3d2c1b-0a9f-4e8d-8c7b-6a5f4e3d2c1b',
  parentId: indicatorExample.id,
  code: '1.1',
  position: 2,
  name: 'Tăng trưởng nông, lâm nghiệp, thủy sản bình quân giai đoạn 2021 - 2025',
  target: { comparator: 'between', lower: 2.5, upper: 3, text: '2,5-3,0%' },
  responsibleAgency: null,
  sourceText: 'nông, lâm nghiệp, thủy sản tăng 2,5-3,0%',
  notes: 'Sub-target of (1): the document writes "%"; the unit and the 2021-2025 average come from the parent clause.',
  childCount: 0,
};

export const indicatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/indicators',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listIndicators',
        tags,
        summary: 'List indicators',
        description:
          'Key indicators and their sub-targets, in document order by default. Filter by program (id or code), category, ' +
          'parent (`parentId`) or `topLevel=true` for the top-level indicators only; `q` searches code and name. ' +
          'Each indicator carries `childCount`, so a client can show the tree and fetch children on demand.',
        querystring: IndicatorListQuery,
        response: {
          200: jsonResponse('A page of indicators.', Page(Indicator, 'Indicator'), { items: [indicatorExample, childExample], nextCursor: null }),
          ...errorResponses(),
        },
      },
    },
    async (request) => listIndicators(app.db, request.query),
  );

  app.post(
    '/indicators',
    {
      config: { access: writers },
      schema: {
        operationId: 'createIndicator',
        tags,
        summary: 'Create an indicator',
        description:
          'Creates an indicator or, with `parentId`, a sub-target of one in the same program. The code must be unique within ' +
          'the program (409). A missing program, parent (or a parent in another program) or agency answers 422, and so does ' +
          'a target that does not fit its comparator (`between` needs lower ≤ upper, `gte` a lower bound only, …) or lacks a basis.',
        body: IndicatorCreate,
        response: {
          201: jsonResponse('The created indicator.', Indicator, indicatorExample),
          ...errorResponses({ conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createIndicator(tx, request.body), { status: 201 })),
  );

  app.get(
    '/indicators/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getIndicator',
        tags,
        summary: 'Get an indicator',
        description: 'One indicator with its structured target, baseline, responsible agency and number of sub-indicators.',
        params: IdParams,
        response: { 200: jsonResponse('The indicator.', Indicator, indicatorExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getIndicator(app.db, request.params.id)),
  );

  app.patch(
    '/indicators/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateIndicator',
        tags,
        summary: 'Update an indicator',
        description:
          'Changes the fields given; `null` clears an optional field. `target` and `baseline` are replaced as a whole; ' +
          '`target: null` removes the target and then needs `basis: null` too. Moving an indicator (`parentId`) under ' +
          'itself or one of its sub-indicators, or into another program\'s tree, answers 422.',
        params: IdParams,
        body: IndicatorPatch,
        response: {
          200: jsonResponse('The updated indicator.', Indicator, indicatorExample),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateIndicator(tx, request.params.id, request.body))),
  );

  app.delete(
    '/indicators/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteIndicator',
        tags,
        summary: 'Delete an indicator',
        description: 'Deletes an indicator that has neither sub-indicators nor reported values; otherwise answers 409 and nothing is deleted.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true, conflict: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteIndicator(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
