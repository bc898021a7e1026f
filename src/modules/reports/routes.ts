// Agency reports and their review. Who may do what: agency officers write their own agency's reports and submit
// them; coordinators (DPI) may also write them for an agency, and alone return, accept and reopen them. Drafts and
// returned reports are visible to their agency and to coordinators only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { reports } from '../../db/schema/index.js';
import type { Queryable } from '../../db/types.js';
import type { ReportAction } from '../../domain/report-workflow.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, noContent, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runConditionalWrite, runWrite } from '../../http/writes.js';
import { createReport, deleteReport, getReport, listReports, updateReport } from './repository.js';
import { ReasonBody, Report, ReportCreate, reportExample, ReportListQuery, ReportPatch, ReportSummary, reportSummaryExample } from './schemas.js';
import { moveReport } from './workflow.js';

const tags = ['Reports'];
const writers = rolesAccess('coordinator', 'agency_officer');
const reviewers = rolesAccess('coordinator');
const invisible = 'No report has this id, or it is another agency\'s draft (drafts are visible to their agency and coordinators only).';
const notOwn = 'An agency officer may only write its own agency\'s reports.';

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const existing = (request: { actor: Parameters<typeof getReport>[1]; params: { id: string } }) => ({
    table: reports,
    id: request.params.id,
    name: 'report',
    load: (tx: Queryable, id: string) => getReport(tx, request.actor, id),
  });

  app.get(
    '/reports',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listReports',
        tags,
        summary: 'List agency reports',
        description:
          'Reports filtered by program, agency, period, period kind, status and `q` (searches the narrative, diacritics-insensitive). Drafts and returned reports appear only to their own agency and to coordinators.',
        querystring: ReportListQuery,
        response: { 200: jsonResponse('A page of reports (without their content; GET one for that).', Page(ReportSummary, 'ReportSummary'), { items: [reportSummaryExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listReports(app.db, request.actor, request.query),
  );

  app.post(
    '/reports',
    {
      config: { access: writers },
      schema: {
        operationId: 'createReport',
        tags,
        summary: 'Start a report',
        description:
          'Creates the draft report of an agency for a period: narrative (results, advantages, difficulties, proposals), task updates for tasks the agency leads or supports, and values of indicators it answers for. One report per program, agency and period (409 for a second). Its deadline (`dueOn`) is fixed now from the program\'s rule and the public holidays.',
        body: ReportCreate,
        response: {
          201: jsonResponse('The draft report.', Report, { ...reportExample, status: 'draft', firstSubmittedAt: null, submittedAt: null, timeliness: null, history: [] }),
          ...errorResponses({
            forbidden: notOwn,
            conflict: 'The agency already has a report for this program and period; change that one.',
            unprocessable: 'The program does not exist or is not reported on for that period; the agency takes no part in the program; a task or indicator is not the agency\'s to report; a unit differs from the indicator\'s.',
            body: true,
          }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => createReport(tx, request.actor, app.clock(), request.body), { status: 201 })),
  );

  app.get(
    '/reports/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getReport',
        tags,
        summary: 'Get a report',
        description: 'One report with its narrative, task updates, indicator values and review history.',
        params: IdParams,
        response: { 200: jsonResponse('The report.', Report, reportExample), ...errorResponses({ notFound: invisible }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getReport(app.db, request.actor, request.params.id)),
  );

  app.patch(
    '/reports/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'updateReport',
        tags,
        summary: 'Change a draft or returned report',
        description: 'Changes the narrative or replaces the task updates or indicator values of a report its agency still holds (draft or returned).',
        params: IdParams,
        body: ReportPatch,
        response: {
          200: jsonResponse('The changed report.', Report, { ...reportExample, status: 'draft' }),
          ...errorResponses({
            notFound: invisible,
            forbidden: notOwn,
            conflict: 'The report is submitted or accepted: it cannot be changed now.',
            unprocessable: 'A task or indicator is not the agency\'s to report, or a unit differs from the indicator\'s.',
            body: true,
          }),
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await runConditionalWrite(request, reply, existing(request), (tx) => updateReport(tx, request.actor, request.params.id, request.body))),
  );

  app.delete(
    '/reports/:id',
    {
      config: { access: writers },
      schema: {
        operationId: 'deleteReport',
        tags,
        summary: 'Delete a draft report',
        description: 'Deletes a report that was never submitted. A report once submitted stays on record (409).',
        params: IdParams,
        response: { 204: noContent, ...errorResponses({ notFound: invisible, forbidden: notOwn, conflict: 'The report has been submitted.', body: true }) },
      },
    },
    async (request, reply) => {
      await runConditionalWrite(request, reply, existing(request), (tx) => deleteReport(tx, request.actor, request.params.id), { status: 204 });
      return reply.code(204).send(null);
    },
  );

  const action = (name: ReportAction, options: { summary: string; description: string; reasonTitle?: string; reasonExample?: string; byReviewer: boolean }) =>
    app.post(
      `/reports/:id/${name}`,
      {
        config: { access: options.byReviewer ? reviewers : writers },
        schema: {
          operationId: `${name}Report`,
          tags,
          summary: options.summary,
          description: options.description,
          params: IdParams,
          ...(options.reasonTitle ? { body: ReasonBody(options.reasonTitle, options.reasonExample!) } : {}),
          response: {
            200: jsonResponse('The report after the move.', Report, reportExample),
            ...errorResponses({
              notFound: invisible,
              ...(options.byReviewer ? {} : { forbidden: notOwn }),
              conflict: `The report is not in a state that allows this (see the workflow in docs/reporting.md).`,
              body: true,
            }),
          },
        },
      },
      async (request, reply) => {
        const reason = (request.body as { reason?: string } | undefined)?.reason ?? null;
        return withEtag(reply, await runWrite(request, reply, (tx) => moveReport(tx, request.actor, app.clock(), request.params.id, name, reason)));
      },
    );

  action('submit', {
    summary: 'Submit a report to DPI',
    description: 'Sends a draft or returned report for review. The first submission is compared with `dueOn` in Vietnam time and recorded as `on_time` or `late`.',
    byReviewer: false,
  });
  action('return', {
    summary: 'Return a report to its agency',
    description: 'Sends a submitted report back to its agency for changes, with the reason.',
    reasonTitle: 'ReportReturn',
    reasonExample: 'Bổ sung số liệu chỉ tiêu (4) và tiến độ nhiệm vụ 07.',
    byReviewer: true,
  });
  action('accept', {
    summary: 'Accept a report',
    description:
      'Accepts a submitted report and, in the same transaction, applies its task updates to the tasks and records its indicator values for its period (kind as reported). The report is then locked until reopened.',
    byReviewer: true,
  });
  action('reopen', {
    summary: 'Reopen an accepted report',
    description: 'Unlocks an accepted report and returns it to its agency, with the reason. What its acceptance applied stays applied; accepting it again applies the report as it is then.',
    reasonTitle: 'ReportReopen',
    reasonExample: 'Sở Thống kê điều chỉnh số liệu GRDP năm 2023.',
    byReviewer: true,
  });
};
