// GET /v1/exports/{collection}: a whole collection as CSV, NDJSON or XLSX, with the filters and the access of its list,
// streamed from a database cursor (src/exports). One operation per collection, so that each documents its own filters.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { vietnamDateOf } from '../../domain/periods.js';
import { collections, type Collection } from '../../exports/collections.js';
import { exportSettings, startExport, type ExportOutcome } from '../../exports/export.js';
import { xlsxMediaType, type ExportFormat } from '../../exports/formats.js';
import { HttpProblem } from '../../http/problem.js';
import { errorResponses } from '../../http/responses.js';
import { ExportQuery, exportResponse } from './schemas.js';

/** The tag of the collection's list: each export sits next to it in the documentation. */
const tags: Record<Collection['name'], string> = {
  tasks: 'Tasks',
  indicators: 'Indicators',
  'indicator-values': 'Indicator values',
  agencies: 'Agencies',
  reports: 'Reports',
  'audit-events': 'Access',
};

const operationId = (name: string) => `export${name.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase())}`;

/** The format an Accept header names, in this order of preference; CSV when it names none. */
function formatFromAccept(accept: string | undefined): ExportFormat {
  const text = (accept ?? '').toLowerCase();
  if (text.includes(xlsxMediaType)) return 'xlsx';
  if (text.includes('application/x-ndjson')) return 'ndjson';
  return 'csv';
}

function describe(collection: Collection): string {
  const visibility = collection.name === 'reports' ? ' Drafts and returned reports are included only for their own agency and for coordinators, as in the list.' : '';
  return (
    `Every ${collection.title} row the filters select (the filters of the list, without \`sort\`, \`limit\` and \`cursor\`), ${collection.order}, as CSV, NDJSON or XLSX with the columns docs/exports.md lists.${visibility} ` +
    `The file is streamed from a database cursor as it is read: errors found before the first byte are problem+json answers; one after that can only cut the stream short. ` +
    `XLSX holds at most ${exportSettings.xlsxMaxRows.toLocaleString('en')} rows (422 above that). On the embedded database (PGlite) an export holds the only connection while it runs.`
  );
}

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const collection of Object.values(collections)) {
    const querystring = ExportQuery(collection);
    app.get(
      `/exports/${collection.name}`,
      {
        config: { access: collection.access },
        schema: {
          operationId: operationId(collection.name),
          tags: [tags[collection.name]],
          summary: `Export ${collection.title.replace('-', ' ')}`,
          description: describe(collection),
          querystring,
          response: {
            200: exportResponse(collection),
            ...errorResponses({ unprocessable: `Format \`xlsx\` for more than ${exportSettings.xlsxMaxRows} rows: use \`csv\` or \`ndjson\`.` }),
          },
        },
      },
      async (request, reply) => {
        const { format: asked, bom = false, ...filters } = request.query as Static<typeof querystring>;
        const format = (asked as ExportFormat | undefined) ?? formatFromAccept(request.headers.accept);
        if (bom && format !== 'csv') {
          const message = 'A byte order mark is for CSV only.';
          throw new HttpProblem('validation', message, [{ in: 'query', pointer: '/bom', message }]);
        }
        const started = Date.now();
        const log = (outcome: ExportOutcome) => {
          const facts = { export: collection.name, format, rows: outcome.rows, ms: Date.now() - started };
          if (outcome.error !== undefined) request.log.error({ ...facts, err: outcome.error }, 'export cut short by an error after it started');
          else if (!outcome.completed) request.log.info(facts, 'export stopped: the client went away');
          else request.log.info(facts, 'export sent');
        };
        const exported = await startExport(
          app.database,
          { collection: collection.name, format, bom, filters, context: { actor: request.actor, today: vietnamDateOf(app.clock()) } },
          { onEnd: log },
        );
        // The body holds a database connection (on PGlite the only one) until it ends, so it must not outlive the
        // response, even one whose client left while the export was starting.
        const release = () => {
          if (!exported.body.readableEnded) exported.body.destroy();
        };
        if (reply.raw.destroyed || request.raw.socket?.destroyed) release();
        else reply.raw.once('close', release);
        // Nothing taken from the socket for this long: the reader has stalled; cutting it off ends the cursor.
        reply.raw.setTimeout(exportSettings.stalledReaderMs, () => reply.raw.destroy());
        return reply.type(exported.mediaType).header('content-disposition', `attachment; filename="${exported.filename}"`).send(exported.body);
      },
    );
  }
};
