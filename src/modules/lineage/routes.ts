// Agency lineage: record and read restructuring events, and see an agency's predecessors and successors. Events are
// never changed or deleted: history is not rewritten (a wrong event is answered by a later one, and the audit trail
// keeps both).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runWrite } from '../../http/writes.js';
import { agencyLineage, getLineageEvent, listLineageEvents, recordLineageEvent } from './repository.js';
import { AgencyLineage, agencyLineageExample, LineageEvent, LineageEventCreate, lineageEventExample, LineageEventListQuery } from './schemas.js';

const tags = ['Agencies'];

export const lineageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/lineage-events',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listLineageEvents',
        tags,
        summary: 'List agency lineage events',
        description: 'Renames, mergers, splits and abolitions of agencies, by effective date, filtered by an agency taking part and by kind.',
        querystring: LineageEventListQuery,
        response: { 200: jsonResponse('A page of events.', Page(LineageEvent, 'LineageEvent'), { items: [lineageEventExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listLineageEvents(app.db, request.query),
  );

  app.post(
    '/lineage-events',
    {
      config: { access: rolesAccess('admin') },
      schema: {
        operationId: 'createLineageEvent',
        tags,
        summary: 'Record a restructuring',
        description:
          'Records that agencies were renamed, merged, split or abolished on `effectiveOn`: in one transaction the predecessors end the day before (`validTo`), the successor of a rename or merger starts that day (`validFrom`, when it has none), and responsibility follows from then on. A split must assign every task the predecessor answers for to a successor. Every problem is reported at once (422): cycles, merging an agency into itself, an event dated before an agency existed or after it ended, an agency closed twice (overlapping validity), tasks left unassigned (listed), assignments to agencies that are not successors.',
        body: LineageEventCreate,
        response: {
          201: jsonResponse('The recorded event.', LineageEvent, lineageEventExample),
          ...errorResponses({ unprocessable: 'The event breaks a rule of lineage, or names an agency or task that does not exist; `errors` lists every problem.', body: true }),
        },
      },
    },
    async (request, reply) => withEtag(reply, await runWrite(request, reply, (tx) => recordLineageEvent(tx, request.body), { status: 201 })),
  );

  app.get(
    '/lineage-events/:id',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getLineageEvent',
        tags,
        summary: 'Get a lineage event',
        description: 'One event with its agencies and task assignments.',
        params: IdParams,
        response: { 200: jsonResponse('The event.', LineageEvent, lineageEventExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getLineageEvent(app.db, request.params.id)),
  );

  app.get(
    '/agencies/:id/lineage',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getAgencyLineage',
        tags,
        summary: 'Predecessors and successors of an agency',
        description: 'The agency\'s validity, every agency it descends from and every agency that descends from it, through chains of events, with the event and date of each link.',
        params: IdParams,
        response: { 200: jsonResponse('The lineage.', AgencyLineage, agencyLineageExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await agencyLineage(app.db, request.params.id)),
  );
};
