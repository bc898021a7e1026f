// API keys for machine clients (admin only) and `GET /v1/me`, which tells any caller who the service takes it for.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess, rolesAccess } from '../../auth/roles.js';
import { apiKeys } from '../../db/schema/index.js';
import { checkIfMatch, lockedEntity, sendEntity, withEtag } from '../../http/entity.js';
import { errorResponses, jsonResponse, Page } from '../../http/responses.js';
import { IdParams } from '../../http/schemas.js';
import { runWrite } from '../../http/writes.js';
import { getAgency } from '../agencies/repository.js';
import { getApiKey, issueApiKey, listApiKeys, revokeApiKey, rotateApiKey, updateApiKey } from './repository.js';
import { ApiKey, ApiKeyCreate, apiKeyExample, ApiKeyListQuery, ApiKeyPatch, ApiKeyRotate, IssuedApiKey, issuedApiKeyExample, Me } from './schemas.js';

const tags = ['Access'];
const admin = { access: rolesAccess('admin') };

export const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'getMe',
        tags,
        summary: 'Who the service takes the caller for',
        description: 'The identity, agency and roles the credentials carry: a quick check that a key or token works as intended.',
        response: {
          200: jsonResponse('The caller.', Me, { type: 'api_key', id: apiKeyExample.id, name: apiKeyExample.name, agency: apiKeyExample.agency, roles: ['coordinator'] }),
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const { type, id, name, agencyId, roles } = request.actor;
      const agency = agencyId ? await getAgency(app.db, agencyId) : null;
      return { type: type === 'system' ? 'anonymous' : type, id, name, roles, agency: agency && { id: agency.id, code: agency.code, name: agency.name, shortName: agency.shortName } };
    },
  );

  app.get(
    '/api-keys',
    {
      config: admin,
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'List API keys',
        description: 'Keys with their prefix, owner agency, roles, status, expiry and last use (never their secret), filtered by agency, status and `q` (name or prefix).',
        querystring: ApiKeyListQuery,
        response: { 200: jsonResponse('A page of API keys.', Page(ApiKey, 'ApiKey'), { items: [apiKeyExample], nextCursor: null }), ...errorResponses() },
      },
    },
    async (request) => listApiKeys(app.db, request.query),
  );

  app.post(
    '/api-keys',
    {
      config: admin,
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Issue an API key',
        description:
          'Issues a key for a machine client. The answer holds the whole key (`key`) once; only its hash is stored, so it cannot be shown again. An `agency_officer` key needs `agencyId`.',
        body: ApiKeyCreate,
        response: { 201: jsonResponse('The issued key, with its secret.', IssuedApiKey, issuedApiKeyExample), ...errorResponses({ unprocessable: true, body: true }) },
      },
    },
    async (request, reply) => runWrite(request, reply, (tx) => issueApiKey(tx, request.body, request.actor), { status: 201 }),
  );

  app.get(
    '/api-keys/:id',
    {
      config: admin,
      schema: {
        operationId: 'getApiKey',
        tags,
        summary: 'Get an API key',
        description: 'One key, without its secret.',
        params: IdParams,
        response: { 200: jsonResponse('The key.', ApiKey, apiKeyExample), ...errorResponses({ notFound: true }) },
      },
    },
    async (request, reply) => sendEntity(request, reply, await getApiKey(app.db, request.params.id)),
  );

  app.patch(
    '/api-keys/:id',
    {
      config: admin,
      schema: {
        operationId: 'updateApiKey',
        tags,
        summary: 'Change an API key',
        description: 'Renames a key, changes its roles, agency or expiry. The secret does not change (rotate for that).',
        params: IdParams,
        body: ApiKeyPatch,
        response: { 200: jsonResponse('The changed key.', ApiKey, apiKeyExample), ...errorResponses({ notFound: true, unprocessable: true, body: true }) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const changed = await runWrite(request, reply, async (tx) => {
        checkIfMatch(request, await lockedEntity(tx, apiKeys, id, 'API key', getApiKey));
        return updateApiKey(tx, id, request.body);
      });
      app.apiKeyCache.forget();
      return withEtag(reply, changed);
    },
  );

  app.post(
    '/api-keys/:id/revoke',
    {
      config: admin,
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key',
        description: 'The key stops working (within API_KEY_CACHE_MS on other replicas). The record stays, for the audit trail. Revoking twice changes nothing.',
        params: IdParams,
        response: { 200: jsonResponse('The revoked key.', ApiKey, { ...apiKeyExample, status: 'revoked', revokedAt: '2026-11-27T10:00:00.000Z' }), ...errorResponses({ notFound: true, body: true }) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const revoked = await runWrite(request, reply, async (tx) => {
        await lockedEntity(tx, apiKeys, id, 'API key', getApiKey);
        return revokeApiKey(tx, id);
      });
      app.apiKeyCache.forget();
      return withEtag(reply, revoked);
    },
  );

  app.post(
    '/api-keys/:id/rotate',
    {
      config: admin,
      schema: {
        operationId: 'rotateApiKey',
        tags,
        summary: 'Rotate an API key',
        description:
          'Issues a new key with the same name, roles, agency and expiry (its secret is in the answer, once) and retires the old one: at once, or after `overlapSeconds` so the client can switch without downtime.',
        params: IdParams,
        body: ApiKeyRotate,
        response: {
          201: jsonResponse('The new key, with its secret.', IssuedApiKey, { ...issuedApiKeyExample, rotatedFromId: apiKeyExample.id }),
          ...errorResponses({ notFound: true, unprocessable: 'The key is revoked or expired: issue a new one instead.', body: true }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const fresh = await runWrite(
        request,
        reply,
        async (tx) => {
          await lockedEntity(tx, apiKeys, id, 'API key', getApiKey);
          return rotateApiKey(tx, id, request.body.overlapSeconds ?? 0, request.actor);
        },
        { status: 201 },
      );
      app.apiKeyCache.forget();
      return fresh;
    },
  );
};
