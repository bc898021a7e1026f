// Bulk import of a whole program (docs/imports.md): POST /v1/imports takes the program document as JSON or the XLSX
// template filled in, checks all of it, and writes what differs in one transaction (or, with dryRun, nothing). The
// template comes from GET /v1/import-template (empty) and GET /v1/programs/{id}/import-template (filled with a
// program); GET /v1/programs/{id}/document gives a program as the JSON document.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { HttpProblem } from '../../http/problem.js';
import { errorResponses, jsonResponse, rateLimitHeaders } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runWrite } from '../../http/writes.js';
import { programDocument as loadProgramDocument } from '../../imports/export.js';
import { ProgramDocument, programDocumentExample } from '../../imports/document.js';
import { ImportRefused, ImportReport } from '../../imports/report.js';
import { importInTransaction, previewImport, readSource } from '../../imports/run.js';
import { xlsxMediaType, type ImportSource } from '../../imports/source.js';
import { workbookFromDocument } from '../../imports/xlsx.js';
import { clip, problemBody } from '../../plugins/errors.js';
import { ImportQuery, ImportRefusal, importRefusalExample, importReportExample } from './schemas.js';

const tags = ['Programs'];
/** Largest import body: a workbook of a few thousand rows is far smaller. */
const importBodyLimit = 20 * 1024 * 1024;

const workbookResponse = (description: string) => ({
  description,
  headers: rateLimitHeaders,
  content: { [xlsxMediaType]: { schema: { type: 'string', maxLength: 100_000_000, description: 'An XLSX workbook (attachment).' }, example: '(binary xlsx)' } },
});

function refuse(request: FastifyRequest, reply: FastifyReply, report: ImportReport, source: ImportSource) {
  const count = report.problems.length + report.omittedProblems;
  const detail = `The ${source.format === 'xlsx' ? 'workbook' : 'document'} has ${count} problem${count === 1 ? '' : 's'}; nothing was written. \`report\` lists ${count === 1 ? 'it' : 'them'}.`;
  // For JSON, problems also travel as the Problem's field errors, which generic clients already show.
  const errors =
    source.format === 'json' ? report.problems.filter((p) => p.pointer !== undefined).slice(0, 100).map((p) => ({ in: 'body' as const, pointer: p.pointer!, message: clip(p.message, 1024) })) : [];
  const body = { ...problemBody(request, new HttpProblem('invalid-value', detail, errors.length ? errors : undefined)), report };
  return reply.code(422).type('application/problem+json').send(body);
}

/**
 * The request body's schema is the ProgramDocument component written out in full, because the OpenAPI generator drops
 * everything next to a `$ref`, the example included; GET /v1/programs/{id}/document answers with the component itself.
 */
const { $id: _id, ...documentSchema } = ProgramDocument as typeof ProgramDocument & { $id: string };
const documentBody = { ...documentSchema, examples: [programDocumentExample] };

const filename = (code: string) => `${code.replace(/[^A-Za-z0-9.-]+/g, '-')}_import.xlsx`;

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The bodies of these routes are read by the import itself, as raw bytes, so that whatever is wrong with them (not
  // UTF-8, not JSON, not a workbook) is reported like any other problem of the document: 422 with the report.
  // Parsers registered here apply to this plugin's routes only; elsewhere JSON stays the one body type.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', xlsxMediaType], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // Named schemas: components of the OpenAPI document, for clients to generate types from.
  app.addSchema(ProgramDocument);
  app.addSchema(ImportReport);
  app.addSchema(ImportRefusal);

  app.post(
    '/imports',
    {
      config: { access: rolesAccess('admin') },
      bodyLimit: importBodyLimit,
      // The schema of the body documents it; checking it is the import's own work, which reports every problem.
      validatorCompiler: (definition) => (definition.httpPart === 'body' ? () => true : app.validatorCompiler!(definition)),
      schema: {
        operationId: 'importProgram',
        tags,
        summary: 'Import a whole program',
        description:
          'Creates or updates a whole program — its agencies and agency groups, the program, task groups, indicators with targets, tasks with their supporters — from one program document (`application/json`, schema `ProgramDocument`) or the XLSX template filled in (GET /v1/import-template). Records are matched by code (agencies and agency groups across the service; task groups, indicators and tasks within the program): missing ones are created, differing ones updated to match, records not in the document left alone (never deleted). The whole document is checked before anything is written and every problem is reported (422, `report`); then everything is written in one transaction. Importing the same document again changes nothing. `dryRun=true` writes nothing and says what an import would do. Bodies up to 20 MB. Only administrators import, since an import can create agencies.',
        querystring: ImportQuery,
        body: {
          content: {
            'application/json': { schema: documentBody },
            [xlsxMediaType]: { schema: { type: 'string', maxLength: importBodyLimit, description: 'The XLSX template filled in.' } },
          },
        },
        response: {
          200: jsonResponse('The document was accepted: what was done (on a dry run, what would be).', Type.Ref('ImportReport'), importReportExample),
          422: {
            description: 'The document was refused; nothing was written. `report` lists every problem.',
            headers: rateLimitHeaders,
            content: { 'application/problem+json': { schema: Type.Ref('ImportRefusal'), example: importRefusalExample } },
          },
          ...errorResponses({ body: true }),
          413: { ...errorResponses({ body: true })[413]!, description: 'The body is larger than 20 MB.' },
          415: { ...errorResponses({ body: true })[415]!, description: 'The body is neither `application/json` nor an XLSX workbook.' },
        },
      },
    },
    async (request, reply) => {
      const dryRun = request.query.dryRun ?? false;
      const bytes = request.body as Buffer | undefined;
      const format = request.headers['content-type']?.toLowerCase().startsWith(xlsxMediaType) ? 'xlsx' : 'json';
      const source = await readSource(bytes ?? Buffer.alloc(0), format);
      try {
        // Checked before the import's transaction too: a refused document takes no lock and is not kept as the
        // answer to an Idempotency-Key. The transaction checks again against what it sees.
        const preview = await previewImport(app.db, source, dryRun);
        if (dryRun) return preview;
        // The document read stands for the request in Idempotency-Key fingerprints (not the bytes of a workbook).
        (request as { body: unknown }).body = source.input;
        return await runWrite(request, reply, (tx) => importInTransaction(tx, source));
      } catch (error) {
        if (error instanceof ImportRefused) return refuse(request, reply, error.report, source);
        throw error;
      }
    },
  );

  app.get(
    '/import-template',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getImportTemplate',
        tags,
        summary: 'The empty XLSX import template',
        description:
          'An XLSX workbook to fill in and send to POST /v1/imports: sheets Program, Agencies, AgencyGroups, TaskGroups, Indicators and Tasks with their column headers (a note on each says what goes in it), drop-down lists of the allowed values, and a Guide sheet describing every column (docs/imports.md).',
        response: { 200: workbookResponse('The template (attachment `program_import_template.xlsx`).'), ...errorResponses() },
      },
    },
    async (_request, reply) =>
      reply.type(xlsxMediaType).header('content-disposition', 'attachment; filename="program_import_template.xlsx"').send(await workbookFromDocument(null)),
  );

  app.get(
    '/programs/:id/import-template',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getProgramImportTemplate',
        tags,
        summary: 'A program as a filled-in XLSX import template',
        description:
          'The import template filled with one program: its task groups, indicators and tasks, and the agencies and agency groups it names. Edit it and send it to POST /v1/imports to update the program, or import it elsewhere to copy it.',
        params: IdParams,
        response: { 200: workbookResponse('The filled-in template (attachment).'), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => {
      const document = await loadProgramDocument(app.db, request.params.id);
      return reply.type(xlsxMediaType).header('content-disposition', `attachment; filename="${filename(document.program.code)}"`).send(await workbookFromDocument(document));
    },
  );

  app.get(
    '/programs/:id/document',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getProgramDocument',
        tags,
        summary: 'A program as a program document',
        description:
          'One program as the JSON document POST /v1/imports takes: the program, its task groups, indicators and tasks, and the agencies and agency groups it names, all by code. Importing it into an empty service gives the same program.',
        params: IdParams,
        response: { 200: jsonResponse('The program document.', Type.Ref('ProgramDocument'), programDocumentExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request) => loadProgramDocument(app.db, request.params.id),
  );
};
