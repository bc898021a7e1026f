import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { createTask, deleteTask, getTask, listAgencyTasks, listTasks, updateTask } from './repository.js';
import { AgencyTask, AgencyTaskListQuery, Task, TaskCreate, taskExample, TaskListQuery, TaskPatch } from './schemas.js';

const tags = ['Tasks'];

export const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tasks',
    {
      schema: {
        operationId: 'listTasks',
        tags,
        summary: 'List tasks',
        description:
          'Tasks filtered by program, group, appendix section, lead or supporting agency (a supporting agency matches when named directly or through one of its groups), kind, status, due year, key flag and text (`q`, diacritics-insensitive), ordered by `sort`.',
        querystring: TaskListQuery,
        response: { 200: jsonResponse('A page of tasks.', Page(Task, 'Task'), { items: [taskExample], nextCursor: 'eyJzIjoiY29kZSIsImsiOlsiMDEiLCI5YTFiIl19' }), ...errorResponses() },
      },
    },
    async (request) => listTasks(app.db, request.query),
  );

  app.post(
    '/tasks',
    {
      schema: {
        operationId: 'createTask',
        tags,
        summary: 'Create a task',
        description:
          'Creates a task in a program. The group must belong to the same program, the lead agency and every supporter must exist (422 otherwise), and the code must be new within the program (409 otherwise).',
        body: TaskCreate,
        response: { 201: jsonResponse('The created task.', Task, taskExample), ...errorResponses({ conflict: true, unprocessable: true, body: true }) },
      },
    },
    async (request, reply) => reply.code(201).send(await app.db.transaction((tx) => createTask(tx, request.body))),
  );

  app.get(
    '/tasks/:id',
    {
      schema: {
        operationId: 'getTask',
        tags,
        summary: 'Get a task',
        description: 'One task with its group, lead agency, supporters and deadline.',
        params: IdParams,
        response: { 200: jsonResponse('The task.', Task, taskExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request) => getTask(app.db, request.params.id),
  );

  app.patch(
    '/tasks/:id',
    {
      schema: {
        operationId: 'updateTask',
        tags,
        summary: 'Update a task',
        description:
          'Changes the fields given. `supporters` and `deadline` replace the whole value. Setting status `completed` sets completedOn to today and progress to 100 unless given; any other status clears completedOn.',
        params: IdParams,
        body: TaskPatch,
        response: {
          200: jsonResponse('The updated task.', Task, { ...taskExample, status: 'in_progress', progress: 40 }),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request) => app.db.transaction((tx) => updateTask(tx, request.params.id, request.body)),
  );

  app.delete(
    '/tasks/:id',
    {
      schema: {
        operationId: 'deleteTask',
        tags,
        summary: 'Delete a task',
        description: 'Deletes a task and its supporting assignments.',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ body: true, notFound: true }) },
      },
    },
    async (request, reply) => {
      await app.db.transaction((tx) => deleteTask(tx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/agencies/:id/tasks',
    {
      schema: {
        operationId: 'listAgencyTasks',
        tags: ['Agencies', 'Tasks'],
        summary: 'What an agency leads and supports',
        description:
          'Tasks the agency leads (`role: lead`) and tasks it supports (`role: supporting`), whether named directly or through an agency group it belongs to (`via` lists those groups). Takes the task list filters except the agency ones.',
        params: IdParams,
        querystring: AgencyTaskListQuery,
        response: {
          200: jsonResponse('A page of the agency\'s tasks.', Page(AgencyTask, 'AgencyTask'), { items: [{ ...taskExample, role: 'lead', via: [] }], nextCursor: null }),
          ...errorResponses({ notFound: true }),
        },
      },
    },
    async (request) => listAgencyTasks(app.db, request.params.id, request.query),
  );
};
