// GET /v1/programs/{id}/consolidated-reports/{period}: the report DPI synthesises for the City People's Committee, as
// JSON, as CSV (one table), as a zip of every table, or as an XLSX workbook. The format comes from `format` or, when
// that is absent, from the Accept header.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../auth/roles.js';
import { HttpProblem } from '../../http/problem.js';
import { errorResponses, rateLimitHeaders } from '../../http/responses.js';
import { consolidatedReport } from './data.js';
import { consolidatedExample } from './example.js';
import { tableCsv, tablesXlsx, tablesZip } from './files.js';
import { ConsolidatedParams, ConsolidatedQuery, ConsolidatedReport, formats } from './schemas.js';
import { reportTables } from './tables.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const mediaTypes: Record<(typeof formats)[number], string> = { json: 'application/json', csv: 'text/csv; charset=utf-8', zip: 'application/zip', xlsx: xlsxType };

/** The format an Accept header asks for, in this order of preference; JSON when it names none of the others. */
function formatFromAccept(accept: string | undefined): (typeof formats)[number] {
  const text = (accept ?? '').toLowerCase();
  if (text.includes(xlsxType)) return 'xlsx';
  if (text.includes('application/zip')) return 'zip';
  if (text.includes('text/csv')) return 'csv';
  return 'json';
}

const file = (description: string, example: string) => ({ schema: { type: 'string', maxLength: 100_000_000, description }, example });

export const consolidatedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/programs/:id/consolidated-reports/:period',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getConsolidatedReport',
        tags: ['Reports'],
        summary: 'The consolidated report of a period',
        description:
          'For one period of a program: the submission matrix (every agency expected to report, and whether its report is missing, a draft, submitted on time or late, returned or accepted); task counts by Government Office bucket, by appendix section, task group and lead agency, as of the period\'s data cut-off (or today while it runs), and the overdue tasks; every indicator and sub-target with target, baseline, latest value and assessment with its reason; and the difficulties and proposals of the submitted reports, by agency. `format` (or Accept) chooses JSON, CSV of one `table`, a zip of all tables as CSV, or an XLSX workbook (one sheet per table, Vietnamese headers).',
        params: ConsolidatedParams,
        querystring: ConsolidatedQuery,
        response: {
          200: {
            description: 'The report in the format asked for. CSV, zip and XLSX come as attachments (Content-Disposition).',
            headers: rateLimitHeaders,
            content: {
              'application/json': { schema: ConsolidatedReport, example: consolidatedExample },
              'text/csv': file('One table as RFC 4180 CSV, UTF-8, CRLF line ends.', 'STT,"Cơ quan, đơn vị",Mã cơ quan,Tình trạng,Hạn gửi,Thời điểm gửi (giờ Việt Nam)\r\n1,Sở Công Thương,so-cong-thuong,Đã gửi đúng hạn,2023-12-21,2023-12-18 09:15\r\n'),
              'application/zip': file('Every table as a CSV file.', '(binary zip)'),
              [xlsxType]: file('One sheet per table.', '(binary xlsx)'),
            },
          },
          ...errorResponses({ notFound: 'No program has this id, or the program has no such period.' }),
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? formatFromAccept(request.headers.accept);
      if (format === 'csv' && !request.query.table) {
        const message = 'format=csv needs a table (or use format=zip for all of them)';
        throw new HttpProblem('validation', `${message}.`, [{ in: 'query', pointer: '/table', message }]);
      }
      const report = await consolidatedReport(app.db, request.params.id, request.params.period, app.clock());
      if (format === 'json') return reply.type('application/json').send(report);
      const prefix = `${report.program.code.replace(/[^A-Za-z0-9.-]+/g, '-')}_${report.period.id}`;
      const tables = reportTables(report);
      const bom = request.query.bom ?? false;
      let body: Buffer;
      let filename: string;
      if (format === 'csv') {
        body = tableCsv(tables.find((t) => t.name === request.query.table)!, bom);
        filename = `${prefix}_${request.query.table}.csv`;
      } else if (format === 'zip') {
        body = await tablesZip(tables, bom, prefix);
        filename = `${prefix}.zip`;
      } else {
        body = await tablesXlsx(tables, { title: `Báo cáo tổng hợp ${report.program.code} kỳ ${report.period.id}`, subject: report.program.title });
        filename = `${prefix}.xlsx`;
      }
      return reply.type(mediaTypes[format as (typeof formats)[number]]).header('content-disposition', `attachment; filename="${filename}"`).send(body);
    },
  );
};
