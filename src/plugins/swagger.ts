// The contract: OpenAPI 3.1 generated from the route schemas, served at /openapi.json and /openapi.yaml,
// with Swagger UI at /docs. The same document is committed at openapi/openapi.json (`npm run openapi`).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { publicAccess } from '../auth/roles.js';
import { errorResponses, rateLimitHeaders } from '../http/responses.js';
import { securitySchemes } from './auth.js';

export const apiTags = [
  { name: 'Programs', description: 'Action programs (chương trình hành động) and their metadata.' },
  { name: 'Task groups', description: 'The groups of tasks and solutions of a program (section V), with the appendix section that repeats each.' },
  { name: 'Tasks', description: 'Appendix tasks: lead and supporting agencies, deadline, status and progress.' },
  { name: 'Indicators', description: 'Key indicators (chỉ tiêu) as a tree, each with a structured target.' },
  { name: 'Indicator values', description: 'Reported values of indicators by period, with their provenance.' },
  { name: 'Agencies', description: 'Bodies that lead, support, report and decide.' },
  { name: 'Agency groups', description: 'Named sets of agencies that supporting assignments may name as a whole.' },
  { name: 'Reports', description: 'Periodic reports of agencies (Decree 09/2019/NĐ-CP periods), their review by DPI, and the consolidated report of a period.' },
  { name: 'Amendments', description: 'Proposals to change a program (add or cancel a task, move a deadline, change lead or supporting agencies or a target), recommended by DPI and decided by the approver.' },
  { name: 'Webhooks', description: 'Signed event deliveries to other city systems: subscriptions, deliveries with their log of attempts, and the outbox of events (admin only; see docs/webhooks.md).' },
  { name: 'Access', description: 'API keys for machine clients, and who the service takes the caller for.' },
  { name: 'Operations', description: 'Health checks and the contract itself.' },
];

const description = `plantrack tracks a government action program: its key indicators and their targets, the tasks it
assigns to lead and supporting agencies, and their progress. The first program it holds is Can Tho's 17/CTr-UBND
(2021), implementing Government Resolution 99/NQ-CP.

Conventions: JSON fields in camelCase, enums in snake_case, Vietnamese content as given (UTF-8). Ids are UUIDs;
natural codes (program \`17/CTr-UBND\`, task \`01\`, indicator \`1.2\`) are unique within their parent and list
filters accept either. Lists return \`{ items, nextCursor }\`: pass \`nextCursor\` as \`cursor\` for the next page.
Dates are \`YYYY-MM-DD\`, timestamps ISO 8601 UTC.

Credentials: \`Authorization: Bearer <API key or OIDC token>\`; each operation names the roles it needs. Single
resources carry a strong \`ETag\`; PATCH and DELETE need \`If-Match\` (428 without it, 412 when stale). POST takes
an \`Idempotency-Key\` for safe retries. See docs/security.md and docs/integration.md. Every error is RFC 9457 \`application/problem+json\` with a
stable \`type\` URI and, for invalid input, an \`errors\` array naming each field at fault.`;

// Relative: the document describes whichever deployment (local, staging or production) serves it.
// `x-internal: false` declares the audience (other city systems), as OWASP API9 asks.
const publicServer = { url: '/', description: 'The deployment serving this document: local, staging or production', 'x-internal': false } as {
  url: string;
  description: string;
};

export const swaggerPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'plantrack',
          version: '1.0.0',
          description,
          license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
          contact: { name: 'plantrack team' },
        },
        servers: [publicServer],
        tags: apiTags,
        components: { securitySchemes: securitySchemes as never },
      },
      refResolver: {
        // Name components after their $id ("Problem") instead of def-0, def-1, …
        buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // BaseLayout: no top bar (its logo carries an inline <style> the CSP blocks, and its "Explore" box has no use here).
      uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: false, layout: 'BaseLayout' },
      theme: { title: 'plantrack API' },
      // Everything Swagger UI loads comes from this service; the CSP says so.
      staticCSP: true,
      // The default policy's upgrade-insecure-requests would blank /docs over plain HTTP on a non-loopback host.
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    });

    const documentRoute = (url: string, summary: string, produce: string, yaml: boolean) =>
      app.get(
        url,
        {
          config: { access: publicAccess },
          schema: {
            operationId: yaml ? 'getOpenApiYaml' : 'getOpenApiJson',
            tags: ['Operations'],
            summary,
            description: 'The OpenAPI 3.1 document of this service; identical to openapi/openapi.json in the repository.',
            produces: [produce],
            response: {
              200: { description: 'The OpenAPI document.', headers: rateLimitHeaders, content: {
                  [produce]: {
                    schema: yaml ? { type: 'string', maxLength: 10_000_000 } : { type: 'object' },
                    example: yaml ? 'openapi: 3.1.0\ninfo:\n  title: plantrack\n…' : { openapi: '3.1.0', info: { title: 'plantrack', version: '1.0.0' }, paths: {} },
                  },
                },
              },
              ...errorResponses(),
            },
          },
        },
        async (_request, reply) => reply.type(produce).send(yaml ? app.swagger({ yaml: true }) : JSON.stringify(app.swagger())),
      );
    documentRoute('/openapi.json', 'The OpenAPI document as JSON', 'application/json', false);
    documentRoute('/openapi.yaml', 'The OpenAPI document as YAML', 'application/yaml', true);
  },
  { name: 'swagger' },
);
