import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { taskGroups } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createTaskGroup, deleteTaskGroup, getTaskGroup, listTaskGroups, updateTaskGroup } from './repository.js';
import { TaskGroup, TaskGroupCreate, taskGroupExample, TaskGroupListQuery, TaskGroupPatch } from './schemas.js';

const tags = ['Task groups'];
const writers = rolesAccess('admin', 'coordinator');
const existing = (id: string) => ({ table: taskGroups, id, name: 'task group', load: getTaskGroup });

export const taskGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/task-groups',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listTaskGroups',
        tags,
        summary: 'List task groups',
        description:
          'Task groups with their task counts, ordered by `sort` (by default program by program in section V order), filtered by `programId` (id or code), `appendixSection` and `q` (searches code, title and appendix title).',
        querystring: TaskGroupListQuery,
        response: {
          200: jsonResponse('A page of task groups.', Page(TaskGroup, 'TaskGroup'), { items: [taskGroupExample], nextCursor: null }),
          ...errorResponses(),
        },
      },
    },
    async (request) => listTaskGroups(app.db, request.query),
  );

  app.post(
    '/task-groups',
    {
      config: { access: writers },
      schema: {
        operationId: 'createTaskGroup',
        tags,
        summary: 'Create a task group',
        description:
          'Creates a task group in a program. Its code and its appendix section must be unique within the program (409 otherwise); `programId` must name an existing program (422 otherwise).',
        body: TaskGroupCreate,
        response: {
          201: jsonResponse('The created task group.', TaskGroup, { ...taskGroupExample, taskCount: 0 }),
          ...errorResponses({ conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createTaskGroup(tx, request.body), { status: 201 })),
  );

  app.get(
    '/task-groups/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getTaskGroup',
        tags,
        summary: 'Get a task group',
        description: 'One task group with its task count.',
        params: IdParams,
        response: { 200: jsonResponse('The task group.', TaskGroup, taskGroupExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getTaskGroup(app.db, request.params.id)),
  );

  app.patch(
    '/task-groups/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateTaskGroup',
        tags,
        summary: 'Update a task group',
        description:
          'Changes the fields given; `null` clears an optional field. The program cannot change (its tasks belong to it). A code or appendix section already used in the program answers 409.',
        params: IdParams,
        body: TaskGroupPatch,
        response: {
          200: jsonResponse('The updated task group.', TaskGroup, taskGroupExample),
          ...errorResponses({ notFound: true, conflict: true, body: true }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request.params.id), (tx) => updateTaskGroup(tx, request.params.id, request.body))),
  );

  app.delete(
    '/task-groups/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteTaskGroup',
        tags,
        summary: 'Delete a task group',
        description: 'Deletes an empty task group. A group that still holds tasks answers 409 and nothing is deleted.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true, conflict: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteTaskGroup(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );
};
