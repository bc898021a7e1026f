import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { programs } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createProgram, deleteProgram, getProgram, listPrograms, updateProgram } from './repository.js';
import { Program, ProgramCreate, programExample, ProgramListQuery, ProgramPatch } from './schemas.js';

const tags = ['Programs'];
const writers = rolesAccess('admin');
const existing = (id: string) => ({ table: programs, id, name: 'program', load: getProgram });

export const programRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/programs',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listPrograms',
        tags,
        summary: 'List programs',
        description: 'Programs ordered by `sort`, filtered by `q` (searches code and title).',
        querystring: ProgramListQuery,
        response: { 200: jsonResponse('A page of programs.', Page(Program, 'Program'), { items: [programExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listPrograms(app.db, request.query),
  );

  app.post(
    '/programs',
    {
      config: { access: writers },
      schema: {
        operationId: 'createProgram',
        tags,
        summary: 'Create a program',
        description: 'Creates a program. Its code must be unique (409 otherwise); agency ids must exist (422 otherwise).',
        body: ProgramCreate,
        response: {
          201: jsonResponse('The created program.', Program, programExample),
          ...errorResponses({ conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createProgram(tx, request.body), { status: 201 })),
  );

  app.get(
    '/programs/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getProgram',
        tags,
        summary: 'Get a program',
        description: 'One program with its issuer and coordinator.',
        params: IdParams,
        response: { 200: jsonResponse('The program.', Program, programExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getProgram(app.db, request.params.id)),
  );

  app.patch(
    '/programs/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateProgram',
        tags,
        summary: 'Update a program',
        description: 'Changes the fields given; `null` clears an optional field.',
        params: IdParams,
        body: ProgramPatch,
        response: {
          200: jsonResponse('The updated program.', Program, programExample),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateProgram(tx, request.params.id, request.body))),
  );

  app.delete(
    '/programs/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteProgram',
        tags,
        summary: 'Delete a program',
        description: 'Deletes an empty program. A program that still has task groups, tasks or indicators answers 409 and nothing is deleted.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true, conflict: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteProgram(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
