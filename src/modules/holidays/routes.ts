// Public holidays, as data: submission deadlines skip them. Administrators keep the list (the Prime Minister's
// yearly announcement of days off, compensatory days included).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { publicHolidays } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createHoliday, deleteHoliday, getHoliday, listHolidays, updateHoliday } from './repository.js';
import { Holiday, HolidayCreate, holidayExample, HolidayListQuery, HolidayPatch } from './schemas.js';

const tags = ['Reports'];
const writers = rolesAccess('admin');
const existing = (id: string) => ({ table: publicHolidays, id, name: 'public holiday', load: getHoliday });
const note = ' Deadlines of reports created before the change keep the date they were given.';

export const holidayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/public-holidays',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listPublicHolidays',
        tags,
        summary: 'List public holidays',
        description: 'The days off that submission deadlines skip (weekends are skipped anyway), by date.',
        querystring: HolidayListQuery,
        response: { 200: jsonResponse('A page of holidays.', Page(Holiday, 'PublicHoliday'), { items: [holidayExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listHolidays(app.db, request.query),
  );
  app.post(
    '/public-holidays',
    {
      config: { access: writers },
      schema: {
        operationId: 'createPublicHoliday',
        tags,
        summary: 'Add a public holiday',
        description: `Adds a day off.${note}`,
        body: HolidayCreate,
        response: { 201: jsonResponse('The holiday.', Holiday, holidayExample), ...errorResponses({ conflict: 'The date is already a holiday.', body: true }) },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createHoliday(tx, request.body), { status: 201 })),
  );
  app.get(
    '/public-holidays/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getPublicHoliday',
        tags,
        summary: 'Get a public holiday',
        description: 'One holiday.',
        params: IdParams,
        response: { 200: jsonResponse('The holiday.', Holiday, holidayExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getHoliday(app.db, request.params.id)),
  );
  app.patch(
    '/public-holidays/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updatePublicHoliday',
        tags,
        summary: 'Change a public holiday',
        description: `Renames a holiday or moves it to another date.${note}`,
        params: IdParams,
        body: HolidayPatch,
        response: { 200: jsonResponse('The holiday.', Holiday, holidayExample), ...errorResponses({ notFound: true, conflict: 'The date is already a holiday.', body: true }) },
      },
    },
    async (request, reply) => withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateHoliday(tx, request.params.id, request.body))),
  );
  app.delete(
    '/public-holidays/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deletePublicHoliday',
        tags,
        summary: 'Remove a public holiday',
        description: `Makes the day a working day again.${note}`,
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ notFound: true, body: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteHoliday(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
