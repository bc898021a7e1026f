// Amendments to a program and their review. Who may do what: agency officers propose for their own agency, coordinators
// (DPI) for any agency, and alone recommend or decline a proposal; the approver (the Chairman's office) alone approves
// or rejects a recommended one. Anyone who may read the program may read its amendments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import Type from 'typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { amendmentKinds, type AmendmentAction } from '../../domain/amendment-workflow.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, Page } from '../../http/responses.js';
import { IdParams, StringEnum } from '../../http/schemas.js';
import { runWrite } from '../../http/writes.js';
import { getAmendment, listAmendments, listIndicatorAmendments, listTaskAmendments, proposeAmendment } from './repository.js';
import {
  Amendment,
  AmendmentCreate,
  amendmentExample,
  AmendmentListQuery,
  AmendmentSummary,
  amendmentSummaryExample,
  DecisionBody,
  DeclineBody,
  proposalShapes,
  RecommendBody,
  TargetAmendmentListQuery,
  type ReviewBody,
} from './schemas.js';
import { moveAmendment } from './workflow.js';

const tags = ['Amendments'];
const proposers = rolesAccess('coordinator', 'agency_officer');
const unknown = 'No amendment has this id.';

/**
 * Validates a proposal against the one shape its `kind` names. The contract states the body as a union of the six
 * shapes, and this accepts exactly what the union accepts; but a union's validator reports every shape's complaints (a
 * deadline change would be told it lacks a leadAgencyId), where this names only the fields at fault for its kind.
 * Each shape is compiled by the application's own body compiler, so the body rules (strict types, no unknown fields)
 * are the same as everywhere else.
 */
function byKind(compile: FastifySchemaCompiler<unknown>): FastifySchemaCompiler<unknown> {
  return (route) => {
    if (route.httpPart !== 'body') return compile(route);
    const withKind = compile({ ...route, schema: Type.Object({ kind: StringEnum(amendmentKinds) }) });
    const shapes = new Map<unknown, ReturnType<typeof compile>>(Object.entries(proposalShapes).map(([kind, schema]) => [kind, compile({ ...route, schema })]));
    const validate = (data: unknown) => {
      const shape = (data !== null && typeof data === 'object' && shapes.get((data as { kind?: unknown }).kind)) || withKind;
      const valid = shape(data);
      (validate as { errors?: unknown }).errors = (shape as { errors?: unknown }).errors;
      return valid;
    };
    return validate as ReturnType<typeof compile>;
  };
}

export const amendmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/amendments',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listAmendments',
        tags,
        summary: 'List amendments',
        description: 'Amendments filtered by program, status, kind, task (including the add_task that created it), indicator and proposing agency, oldest first by default.',
        querystring: AmendmentListQuery,
        response: { 200: jsonResponse('A page of amendments (without their history; GET one for that).', Page(AmendmentSummary, 'AmendmentSummary'), { items: [amendmentSummaryExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listAmendments(app.db, request.query),
  );

  app.post(
    '/amendments',
    {
      config: { access: proposers },
      validatorCompiler: byKind(app.validatorCompiler as FastifySchemaCompiler<unknown>),
      schema: {
        operationId: 'createAmendment',
        tags,
        summary: 'Propose an amendment',
        description:
          'Proposes a change to a program with its rationale: add a task, move a task\'s deadline, change its lead or supporting agencies, cancel it, or change an indicator\'s target. `change` has the shape of the `kind`. The change is checked against the program now (references, deadline and target rules, task codes), and the current values it replaces are kept as `base`: if they change before approval, approval is refused.',
        body: AmendmentCreate,
        response: {
          201: jsonResponse('The proposal.', Amendment, {
            ...amendmentExample,
            status: 'proposed',
            coordinatorNote: null,
            decisionRef: null,
            decidedAt: null,
            before: null,
            after: null,
            updatedAt: amendmentExample.createdAt,
            history: amendmentExample.history.slice(0, 1),
          }),
          ...errorResponses({
            forbidden: 'An agency officer may only propose amendments for its own agency.',
            conflict: 'The change conflicts with the program: a task with this code already exists (add_task), or the task is completed (cancel_task).',
            unprocessable:
              'The program or proposing agency does not exist; the task or indicator is not the program\'s; a reference in `change` (group, agency, agency group) does not exist; the change breaks a rule (deadline years, target bounds); or it would change nothing.',
            body: true,
          }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => proposeAmendment(tx, request.actor, app.clock(), request.body), { status: 201 })),
  );

  app.get(
    '/amendments/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getAmendment',
        tags,
        summary: 'Get an amendment',
        description: 'One amendment with what it proposes, the values it was proposed against, its decision, what its approval changed and its review history.',
        params: IdParams,
        response: { 200: jsonResponse('The amendment.', Amendment, amendmentExample), ...errorResponses({ notFound: unknown }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getAmendment(app.db, request.params.id)),
  );

  const action = (
    name: AmendmentAction,
    options: { summary: string; description: string; body: typeof RecommendBody | typeof DeclineBody | typeof DecisionBody; byApprover: boolean; conflict: string; example: object },
  ) =>
    app.post(
      `/amendments/:id/${name}`,
      {
        config: { access: rolesAccess(options.byApprover ? 'approver' : 'coordinator') },
        schema: {
          operationId: `${name}Amendment`,
          tags,
          summary: options.summary,
          description: options.description,
          params: IdParams,
          body: options.body,
          response: {
            200: jsonResponse('The amendment after the step.', Amendment, { ...amendmentExample, ...options.example }),
            ...errorResponses({
              notFound: unknown,
              forbidden: options.byApprover ? 'Only the approver (the Chairman\'s office) decides amendments.' : 'Only a coordinator (DPI) reviews proposals.',
              conflict: options.conflict,
              body: true,
            }),
          },
        },
      },
      async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => moveAmendment(tx, request.actor, app.clock(), request.params.id, name, request.body as ReviewBody))),
    );

  const proposedOnly = 'The amendment is not `proposed` (`invalid-transition`).';
  const undecided = { decisionRef: null, decidedAt: null, before: null, after: null, history: amendmentExample.history.slice(0, 2) };
  action('recommend', {
    summary: 'Recommend an amendment to the approver',
    description: 'DPI recommends a proposal for decision, optionally with its opinion. A proposal whose task or indicator changed since it was made cannot be recommended (409 `conflict`): decline it.',
    body: RecommendBody,
    byApprover: false,
    conflict: `${proposedOnly} Or the task or indicator changed since the proposal (\`conflict\`): decline it, and the agency proposes again.`,
    example: { status: 'recommended', ...undecided },
  });
  action('decline', {
    summary: 'Decline a proposal',
    description: 'DPI declines a proposal, with the reason; nothing changes in the program. This is also how a proposal is withdrawn.',
    body: DeclineBody,
    byApprover: false,
    conflict: proposedOnly,
    example: { status: 'declined', coordinatorNote: 'Nhiệm vụ đã được giao tại Kế hoạch số 45/KH-UBND; không cần bổ sung.', ...undecided },
  });
  action('approve', {
    summary: 'Approve an amendment',
    description:
      'The approver approves a recommended amendment with the reference of the decision. In the same transaction the change is applied to the program (through the same rules as a direct edit: constraints, events, audit) and `before`/`after` are recorded; an `amendment.decided` event is sent. If the task or indicator changed since the proposal, or the change no longer applies (a task code taken since), nothing happens: 409 `conflict`, and the amendment stays recommended.',
    body: DecisionBody,
    byApprover: true,
    conflict: 'The amendment is not `recommended` (`invalid-transition`); or the task or indicator changed since the proposal, or the change no longer applies to the program (`conflict`). Nothing was changed.',
    example: {},
  });
  action('reject', {
    summary: 'Reject an amendment',
    description: 'The approver rejects a recommended amendment with the reference of the decision; nothing changes in the program. An `amendment.decided` event is sent.',
    body: DecisionBody,
    byApprover: true,
    conflict: 'The amendment is not `recommended` (`invalid-transition`).',
    example: { status: 'rejected', before: null, after: null },
  });

  const historyOf = (what: 'task' | 'indicator') =>
    app.get(
      `/${what}s/:id/amendments`,
      {
        config: { access: readAccess },
        schema: {
          operationId: what === 'task' ? 'listTaskAmendments' : 'listIndicatorAmendments',
          tags: [what === 'task' ? 'Tasks' : 'Indicators', 'Amendments'],
          summary: `The amendment history of ${what === 'task' ? 'a task' : 'an indicator'}`,
          description:
            what === 'task'
              ? 'Every amendment that concerns the task (the add_task that created it, and those that change or cancel it), with its status, decision and before/after; oldest first by default.'
              : 'Every amendment of the indicator\'s target, with its status, decision and before/after; oldest first by default.',
          params: IdParams,
          querystring: TargetAmendmentListQuery,
          response: {
            200: jsonResponse(`A page of the ${what}'s amendments.`, Page(AmendmentSummary, 'AmendmentSummary'), { items: [amendmentSummaryExample], nextCursor: null }),
            ...errorResponses({ notFound: `No ${what} has this id.` }),
          },
        },
      },
      async (request) => (what === 'task' ? listTaskAmendments : listIndicatorAmendments)(app.db, request.params.id, request.query),
    );
  historyOf('task');
  historyOf('indicator');
};
