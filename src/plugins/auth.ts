// Authentication and authorisation, for every route, from this one place. Each route declares what it needs next
// to its schema (`config: { access }`, see src/auth/roles.ts); a /v1 route without a declaration stops the app from
// starting. The declaration is also written into the OpenAPI document: the security requirement, the roles in the
// description and an `x-required-roles` extension, and the 401/403 answers.
//
// Credentials: `Authorization: Bearer <token>`, where the token is an API key (`pt_…`) or an OIDC JWT. Missing,
// malformed, expired, revoked or otherwise invalid credentials are a 401 with WWW-Authenticate (RFC 6750); valid
// credentials without the role are a 403. Checks run before the body is even read (and after the rate limiter counted
// the request).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { apiKeyVerifier, looksLikeApiKey } from '../auth/api-keys.js';
import { oidcVerifier } from '../auth/oidc.js';
import { anonymous, hasAnyRole, publicAccess, type Access, type Actor, type Role } from '../auth/roles.js';
import type { AuthConfig } from '../config.js';
import { HttpProblem } from '../http/problem.js';
import { authErrorResponses } from '../http/responses.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    access?: Access;
    /**
     * Fields a role may set on this route when it holds none of the route's other roles (OWASP API3): an agency
     * officer may report a task's progress but not move its deadline. Any other field is refused with 403.
     */
    fieldAccess?: FieldAccess;
  }
}

export const securitySchemes = {
  apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'API key (pt_…)', description: 'An API key issued by an administrator (POST /v1/api-keys).' },
  oidc: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An access token (JWT) from the configured OIDC provider, verified per RFC8725 (JWT Best Current Practices): asymmetric algorithms only, signature against the issuer\'s JWKS, `iss`, `aud`, `exp` and `nbf` checked with a small clock tolerance.',
  },
} as const;
const security = [{ apiKey: [] }, { oidc: [] }];

const realm = 'Bearer realm="plantrack"';
const unauthorized = (detail: string, invalidToken: boolean) =>
  new HttpProblem('unauthorized', detail, undefined, {
    'www-authenticate': invalidToken ? `${realm}, error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` : realm,
  });
const forbidden = (detail: string) => new HttpProblem('forbidden', detail, undefined, { 'www-authenticate': `${realm}, error="insufficient_scope"` });

type FieldAccess = Partial<Record<Role, readonly string[]>>;

function describeAccess(access: Access, fieldAccess: FieldAccess | undefined) {
  if (access.kind === 'read') return 'Access: any authenticated caller (anyone, when the deployment turns on public reads).';
  const fields = Object.entries(fieldAccess ?? {})
    .map(([role, names]) => ` An ${role} may set only ${(names ?? []).map((n) => `\`${n}\``).join(', ')}.`)
    .join('');
  return access.kind === 'roles' ? `Access: ${access.roles.map((r) => `\`${r}\``).join(', ')}.${fields}` : '';
}

export const authPlugin = fp(
  async (app: FastifyInstance, options: { auth: AuthConfig }) => {
    const apiKeys = apiKeyVerifier(app.db, options.auth.apiKeyCacheMs, app.log);
    const verifyJwt = options.auth.oidc ? oidcVerifier(options.auth.oidc, app.db) : undefined;
    app.decorate('apiKeyCache', { forget: () => apiKeys.forget() });
    app.decorateRequest('actor', null as unknown as Actor);

    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access) {
        if (route.url.startsWith('/v1')) throw new Error(`${route.method} ${route.url} declares no access (config.access)`);
        return;
      }
      if (access.kind === 'public' || !route.schema) return;
      const schema = route.schema as Record<string, unknown>;
      schema.security = security;
      if (access.kind === 'roles') schema['x-required-roles'] = access.roles;
      schema.description = `${String(schema.description ?? '')}\n\n${describeAccess(access, route.config?.fieldAccess)}`.trim();
      // A route's own 403 (another agency's record, a field it may not set) stays, and gains the role rule.
      const own = schema.response as Record<string, { description: string }> | undefined;
      const added = authErrorResponses(access.kind === 'roles') as Record<string, { description: string }>;
      if (own?.[403] && added[403]) added[403] = { ...own[403], description: `${own[403].description} Or the caller lacks the role the operation needs.` };
      schema.response = { ...own, ...added };
    });

    async function authenticate(request: FastifyRequest): Promise<Actor> {
      const header = request.headers.authorization;
      if (header === undefined) return anonymous;
      const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
      if (!match) throw unauthorized('Send credentials as `Authorization: Bearer <API key or token>`.', true);
      const token = match[1]!;
      if (looksLikeApiKey(token)) {
        const verdict = await apiKeys.verify(token);
        if (!verdict.ok) throw unauthorized(verdict.reason, true);
        return verdict.actor;
      }
      if (!verifyJwt) throw unauthorized('The token is neither an API key nor accepted here: no OIDC provider is configured.', true);
      const verdict = await verifyJwt(token);
      if (!verdict.ok) throw unauthorized(verdict.reason, true);
      return verdict.actor;
    }

    async function authorize(request: FastifyRequest, access: Access): Promise<void> {
      const actor = await authenticate(request);
      request.actor = actor;
      if (actor.type === 'anonymous') {
        if (access.kind === 'read' && options.auth.publicReads) return;
        throw unauthorized('This operation needs credentials.', false);
      }
      if (access.kind === 'roles' && !hasAnyRole(actor, access.roles)) {
        throw forbidden(`This operation needs one of the roles ${access.roles.join(', ')}; the caller has ${actor.roles.join(', ') || 'none'}.`);
      }
    }

    // The verdict is reached on onRequest (so the rate limiter, a route-level onRequest hook that runs next, counts
    // the request against the caller — or, without valid credentials, against its address: guessing keys costs
    // budget too), and a refusal is sent on preParsing, still before the body is read.
    const refusals = new WeakMap<FastifyRequest, unknown>();
    app.addHook('onRequest', async (request) => {
      request.actor = anonymous;
      const access = request.routeOptions.config?.access ?? publicAccess;
      if (access.kind === 'public') return;
      await authorize(request, access).catch((error: unknown) => void refusals.set(request, error));
    });
    app.addHook('preParsing', async (request) => {
      if (refusals.has(request)) throw refusals.get(request);
    });

    // Field-level rules need the parsed body, so they run after validation.
    app.addHook('preHandler', async (request) => {
      const { access, fieldAccess } = request.routeOptions.config ?? {};
      if (!fieldAccess || access?.kind !== 'roles' || !request.body || typeof request.body !== 'object') return;
      const { actor } = request;
      const limitedTo = Object.entries(fieldAccess).filter(([role]) => actor.roles.includes(role as Role));
      const unrestricted = access.roles.filter((role) => !(role in fieldAccess)).some((role) => actor.roles.includes(role));
      if (unrestricted || limitedTo.length === 0) return;
      const allowed = new Set(limitedTo.flatMap(([, names]) => names ?? []));
      const refused = Object.keys(request.body).filter((name) => !allowed.has(name));
      if (refused.length > 0) {
        const message = `The caller's role may not set this field (allowed: ${[...allowed].join(', ')}).`;
        throw new HttpProblem('forbidden', `The caller may not set ${refused.join(', ')}.`, refused.map((name) => ({ in: 'body', pointer: `/${name}`, message })));
      }
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    apiKeyCache: { forget(): void };
  }
}
