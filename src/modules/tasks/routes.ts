import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { confinedAgency, readAccess, rolesAccess } from '../../auth/roles.js';
import type { Queryable } from '../../db/types.js';
import { tasks } from '../../db/schema/index.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { HttpProblem } from '../../http/problem.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { AsOfQuery, IdParams } from '../../http/schemas.js';
import { vietnamDateOf } from '../../domain/periods.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createTask, deleteTask, getTask, listAgencyTasks, listTasks, updateTask } from './repository.js';
import { AgencyTask, AgencyTaskListQuery, Task, TaskCreate, taskExample, TaskListQuery, TaskPatch } from './schemas.js';

const tags = ['Tasks'];
const writers = rolesAccess('admin', 'coordinator');
const existing = (id: string) => ({ table: tasks, id, name: 'task', load: getTask });

export const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tasks',
    {
      config: { access: readAccess },
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
    async (request) => listTasks(app.db, request.query, vietnamDateOf(app.clock())),
  );

  app.post(
    '/tasks',
    {
      config: { access: writers },
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
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createTask(tx, request.body), { status: 201 })),
  );

  app.get(
    '/tasks/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getTask',
        tags,
        summary: 'Get a task',
        description: 'One task with its group, lead agency, supporters and deadline, and the agency responsible for it on `asOf` (today by default).',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: jsonResponse('The task.', Task, taskExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getTask(app.db, request.params.id, request.query.asOf ?? vietnamDateOf(app.clock()))),
  );

  app.patch(
    '/tasks/:id',
    {
      config: { access: rolesAccess('admin', 'coordinator', 'agency_officer'), fieldAccess: { agency_officer: ['status', 'progress', 'completedOn'] } },
      schema: {
        operationId: 'updateTask',
        tags,
        summary: 'Update a task',
        description:
          'Changes the fields given. `supporters` and `deadline` replace the whole value. Setting status `completed` sets completedOn to today and progress to 100 unless given; any other status clears completedOn. An agency officer may only record the progress of tasks its agency leads; changes to deadlines, lead or supporting agencies go through amendments.',
        params: IdParams,
        body: TaskPatch,
        response: {
          200: jsonResponse('The updated task.', Task, { ...taskExample, status: 'in_progress', progress: 40 }),
          ...errorResponses({ notFound: true, conflict: true, unprocessable: true, body: true }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const ownAgency = confinedAgency(request.actor, ['admin', 'coordinator']);
      const loadOwn = async (tx: Queryable, taskId: string) => {
        const task = await getTask(tx, taskId);
        if (ownAgency && task.leadAgency.id !== ownAgency) throw new HttpProblem('forbidden', 'An agency officer may only update tasks its own agency leads.');
        return task;
      };
      return withEtag(reply, await runConditionalWrite(request, reply, { ...existing(id), load: loadOwn }, (tx) => updateTask(tx, id, request.body)));
    },
  );

  app.delete(
    '/tasks/:id',
    {
      config: { access: writers },
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
      await runConditionalWrite(request, reply, existing(request.params.id), (tx) => deleteTask(tx, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/agencies/:id/tasks',
    {
      config: { access: readAccess },
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
    async (request) => listAgencyTasks(app.db, request.params.id, request.query, vietnamDateOf(app.clock())),
  );
};
