// People signing in with the city's OIDC provider: a real identity provider stand-in (an HTTP server on 127.0.0.1
// serving a JWKS and an openid-configuration), key pairs made with jose, and the app configured only through the
// environment (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL or discovery, OIDC_ROLES_CLAIM with a nested path,
// OIDC_AGENCY_CLAIM, OIDC_CLOCK_TOLERANCE_S). What is proven: a valid token's roles and agency come from its claims;
// skew within the tolerance is accepted; every kind of forged, stale or foreign token is a 401 with an RFC 6750
// `invalid_token` challenge; a provider whose keys cannot be fetched (down, answering 5xx, or answering nonsense) is
// a 503, never a 401 or a 500; discovery finds the JWKS when no URL is configured.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import t from 'tap';
import { buildApp, type App } from '../src/app.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { injectAs, issueBearer, json, openTestDatabase, testConfig } from './helpers/app.js';

// ---------------------------------------------------------------------------------------------------------
// The identity provider

interface Provider {
  base: string;
  /** What /jwks.json answers: the key set, or a status code for a broken provider. */
  jwks: { keys: JWK[] } | number | string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

async function startProvider(t: { teardown(fn: () => unknown): void }, keys: JWK[]): Promise<Provider> {
  const hits = new Map<string, number>();
  let base = '';
  const provider: Provider = { base, jwks: { keys }, hits, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') return send(200, { issuer: base, jwks_uri: `${base}/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] });
    if (path === '/jwks.json') {
      if (typeof provider.jwks === 'number') return send(provider.jwks, { error: 'unavailable' });
      if (typeof provider.jwks === 'string') return send(200, provider.jwks);
      return send(200, provider.jwks);
    }
    return send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.base = base;
  let closed = false;
  provider.close = () => {
    if (closed) return Promise.resolve();
    closed = true;
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  t.teardown(() => provider.close());
  return provider;
}

const audience = 'plantrack-api';

type Assert = Pick<typeof t, 'equal' | 'match' | 'same' | 'ok' | 'notOk'>;

/** The app over `database`, configured through the environment the way the process is. */
async function appWith(t: { teardown(fn: () => unknown): void }, database: DatabaseHandle, env: Record<string, string>): Promise<App> {
  const app = await buildApp({ config: testConfig(env), database, logger: false });
  await app.ready();
  t.teardown(() => app.close());
  injectAs(app, await issueBearer(database, ['admin', 'coordinator']));
  return app;
}

const challenge = /^Bearer realm="plantrack", error="invalid_token", error_description="[^"]+"$/;

t.test('OIDC bearer tokens', async (t) => {
  const database = await openTestDatabase(t);
  const signer = await generateKeyPair('RS256', { extractable: true });
  const impostor = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(signer.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const provider = await startProvider(t, [publicJwk]);
  const issuer = provider.base;
  const env = {
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE: audience,
    OIDC_JWKS_URL: `${issuer}/jwks.json`,
    OIDC_ROLES_CLAIM: 'realm_access.roles',
    OIDC_AGENCY_CLAIM: 'agency',
    OIDC_CLOCK_TOLERANCE_S: '30',
  };
  const app = await appWith(t, database, env);

  const agencies: any[] = json(await app.inject({ url: '/v1/agencies?limit=200' })).items;
  const industry = agencies.find((a) => a.code === 'so-cong-thuong');
  const construction = agencies.find((a) => a.code === 'so-xay-dung');
  const tasks: any[] = json(await app.inject({ url: '/v1/tasks?limit=200' })).items;
  const industryTask = tasks.find((x) => x.leadAgency.id === industry.id);
  const otherTask = tasks.find((x) => x.leadAgency.id !== industry.id);

  const now = () => Math.floor(Date.now() / 1000);
  /** A token as the provider would issue it, with `claims` and `header` changing what the test needs. */
  const token = (claims: JWTPayload = {}, options: { key?: Parameters<SignJWT['sign']>[0]; header?: Record<string, unknown> } = {}) =>
    new SignJWT({ iss: issuer, aud: audience, sub: 'user-123', name: 'Nguyễn Văn An', iat: now(), exp: now() + 300, realm_access: { roles: ['agency_officer', 'offline_access'] }, agency: 'so-cong-thuong', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', ...options.header } as { alg: string })
      .sign(options.key ?? signer.privateKey);
  const me = (jwt: string) => app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${jwt}` } });
  const refused = async (t: Assert, jwt: string, why: RegExp, name: string) => {
    const answer = await me(jwt);
    t.equal(answer.statusCode, 401, `${name}: 401`);
    t.match(answer.headers['www-authenticate'], challenge, `${name}: invalid_token challenge`);
    t.match(answer.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
    t.match(json(answer), { type: 'tag:plantrack,2026:problems/unauthorized', status: 401, detail: why }, name);
  };

  await t.test('a valid token: who, roles from a nested claim, agency from a claim', async (t) => {
    const answer = await me(await token());
    t.equal(answer.statusCode, 200, answer.body);
    t.same(json(answer), {
      type: 'user',
      id: 'user-123',
      name: 'Nguyễn Văn An',
      agency: { id: industry.id, code: industry.code, name: industry.name, shortName: industry.shortName },
      roles: ['agency_officer'],
    }, 'roles the service does not know (offline_access) are ignored');
    const byId = json(await me(await token({ agency: construction.id, realm_access: { roles: ['viewer', 'coordinator'] } })));
    t.match(byId, { agency: { id: construction.id }, roles: ['viewer', 'coordinator'] }, 'the agency claim may hold the id too');
    const noAgency = json(await me(await token({ agency: undefined, realm_access: { roles: ['viewer'] } })));
    t.match(noAgency, { agency: null, roles: ['viewer'] }, 'no agency claim: no agency');
    const flatRoles = json(await me(await token({ roles: ['coordinator'], realm_access: undefined })));
    t.same(flatRoles.roles, [], 'the roles come from the configured claim only, not from a top-level `roles`');
  });

  await t.test('the token\'s roles and agency decide what it may write', async (t) => {
    const officer = `Bearer ${await token()}`;
    const patch = (id: string, payload: object, authorization: string) => app.inject({ method: 'PATCH', url: `/v1/tasks/${id}`, payload, headers: { authorization } });
    const own = await patch(industryTask.id, { status: 'in_progress', progress: 15 }, officer);
    t.equal(own.statusCode, 200, own.body);
    t.match(json(own), { status: 'in_progress', progress: 15 });
    t.equal((await patch(otherTask.id, { progress: 15 }, officer)).statusCode, 403, 'another agency\'s task: 403');
    const viewer = `Bearer ${await token({ realm_access: { roles: ['viewer'] } })}`;
    const refusedWrite = await patch(industryTask.id, { progress: 20 }, viewer);
    t.equal(refusedWrite.statusCode, 403, 'a viewer token cannot write');
    t.match(refusedWrite.headers['www-authenticate'], /error="insufficient_scope"/);
    t.equal(json(await app.inject({ url: `/v1/tasks/${industryTask.id}` })).progress, 15, 'unchanged by the refused write');
    const audit = json(await app.inject({ url: `/v1/audit-events?resourceType=tasks&resourceId=${industryTask.id}` })).items;
    t.match(audit[0], { operationId: 'updateTask', actor: { type: 'user', id: 'user-123', name: 'Nguyễn Văn An', agencyId: industry.id } }, 'the audit trail names the person');
  });

  await t.test('clock skew within OIDC_CLOCK_TOLERANCE_S is accepted, beyond it refused', async (t) => {
    t.equal((await me(await token({ iat: now() - 400, exp: now() - 20 }))).statusCode, 200, 'expired 20 s ago, tolerance 30 s');
    t.equal((await me(await token({ nbf: now() + 20 }))).statusCode, 200, 'valid in 20 s, tolerance 30 s');
    await refused(t, await token({ iat: now() - 400, exp: now() - 90 }), /expired/, 'expired 90 s ago');
    await refused(t, await token({ nbf: now() + 120 }), /nbf/, 'not valid for another 2 minutes');
  });

  await t.test('foreign, forged and malformed tokens are 401 invalid_token', async (t) => {
    await refused(t, await token({ aud: 'another-api' }), /aud/, 'wrong audience');
    await refused(t, await token({ iss: 'http://127.0.0.1:1/realms/other' }), /iss/, 'wrong issuer');
    await refused(t, await token({}, { key: impostor.privateKey }), /not valid/, 'signed with another key under the provider\'s kid');
    await refused(t, await token({}, { key: impostor.privateKey, header: { kid: 'k2' } }), /not valid/, 'signed with a key the provider does not publish');
    const [header, payload] = (await token()).split('.');
    await refused(t, `${header}.${payload}.`, /not valid/, 'a signature stripped');
    const none = (object: object) => Buffer.from(JSON.stringify(object)).toString('base64url');
    await refused(t, `${none({ alg: 'none', typ: 'JWT' })}.${payload}.`, /not valid/, 'alg: none');
    // The classic confusion: HMAC "signed" with the bytes of the public key the service knows.
    const publicPem = new TextEncoder().encode(await exportSPKI(signer.publicKey));
    await refused(t, await token({}, { key: publicPem, header: { alg: 'HS256' } }), /not valid/, 'HS256 keyed with the public key (PEM)');
    const publicN = Buffer.from(publicJwk.n!, 'base64url');
    await refused(t, await token({}, { key: new Uint8Array(publicN), header: { alg: 'HS256', kid: undefined } }), /not valid/, 'HS256 keyed with the modulus');
    await refused(t, await token({ agency: 'so-khong-ton-tai' }), /agency claim names no known agency/, 'an agency the service does not know');
    await refused(t, await token({ agency: 42 }), /agency claim names no known agency/, 'an agency claim that is not text');
    await refused(t, await token({ agency: '00000000-0000-4000-8000-000000000000' }), /agency claim names no known agency/, 'an unknown agency id');
    await refused(t, 'not.a.jwt', /not valid/, 'three parts of nonsense');
  });

  await t.test('API keys keep working next to OIDC', async (t) => {
    const answer = await app.inject({ url: '/v1/me' });
    t.equal(answer.statusCode, 200);
    t.match(json(answer), { type: 'api_key', roles: ['admin', 'coordinator'] });
  });

  await t.test('discovery: without OIDC_JWKS_URL the keys are found through the openid-configuration', async (t) => {
    const { OIDC_JWKS_URL: _, ...withoutJwksUrl } = env;
    const discovering = await appWith(t, database, withoutJwksUrl);
    const before = provider.hits.get('/.well-known/openid-configuration') ?? 0;
    const answer = await discovering.inject({ url: '/v1/me', headers: { authorization: `Bearer ${await token()}` } });
    t.equal(answer.statusCode, 200, answer.body);
    t.match(json(answer), { type: 'user', roles: ['agency_officer'], agency: { id: industry.id } });
    t.equal(provider.hits.get('/.well-known/openid-configuration'), before + 1, 'the discovery document was read');
    const again = await discovering.inject({ url: '/v1/me', headers: { authorization: `Bearer ${await token()}` } });
    t.equal(again.statusCode, 200);
    t.equal(provider.hits.get('/.well-known/openid-configuration'), before + 1, 'and only once');
    // An issuer without a discovery document: the service cannot find the keys, which is not the caller's fault.
    const undiscoverable = await appWith(t, database, { ...withoutJwksUrl, OIDC_ISSUER: `${issuer}/realms/none` });
    const unavailable = await undiscoverable.inject({ url: '/v1/me', headers: { authorization: `Bearer ${await token({ iss: `${issuer}/realms/none` })}` } });
    t.equal(unavailable.statusCode, 503, 'no discovery document: 503');
    t.match(json(unavailable), { type: 'tag:plantrack,2026:problems/unavailable' });
  });

  await t.test('a provider whose keys cannot be fetched is a 503, never a 401 or 500', async (t) => {
    // Each case gets its own app: a fetched key set is cached for a while, as it should be.
    const cases: [string, (p: Provider) => Promise<void> | void][] = [
      ['the JWKS server is down (connection refused)', (p) => p.close()],
      ['the JWKS server answers 503', (p) => void (p.jwks = 503)],
      ['the JWKS server answers 500', (p) => void (p.jwks = 500)],
      ['the JWKS server answers something that is not JSON', (p) => void (p.jwks = '<html>maintenance</html>')],
      ['the JWKS server answers JSON that is not a key set', (p) => void (p.jwks = '{"keys":"none"}')],
    ];
    for (const [name, breakIt] of cases) {
      const broken = await startProvider(t, [publicJwk]);
      await breakIt(broken);
      const brokenApp = await appWith(t, database, { ...env, OIDC_JWKS_URL: `${broken.base}/jwks.json` });
      const answer = await brokenApp.inject({ url: '/v1/me', headers: { authorization: `Bearer ${await token()}` } });
      t.equal(answer.statusCode, 503, `${name}: 503 (${answer.body})`);
      t.match(answer.headers['content-type'], /^application\/problem\+json/);
      t.match(json(answer), { type: 'tag:plantrack,2026:problems/unavailable', detail: /identity provider/ }, name);
      t.ok(answer.headers['retry-after'], `${name}: Retry-After`);
      t.notOk(answer.headers['www-authenticate'], `${name}: no challenge, the credentials were not judged`);
      // API keys do not depend on the provider.
      t.equal((await brokenApp.inject({ url: '/v1/me' })).statusCode, 200, `${name}: API keys still work`);
    }
    // The provider comes back: the next request fetches the keys again (nothing stale was cached).
    const flaky = await startProvider(t, [publicJwk]);
    flaky.jwks = 503;
    const flakyApp = await appWith(t, database, { ...env, OIDC_JWKS_URL: `${flaky.base}/jwks.json` });
    t.equal((await flakyApp.inject({ url: '/v1/me', headers: { authorization: `Bearer ${await token()}` } })).statusCode, 503, 'while the provider fails');
    flaky.jwks = { keys: [publicJwk] };
    t.equal((await flakyApp.inject({ url: '/v1/me', headers: { authorization: `Bearer ${await token()}` } })).statusCode, 200, 'once it is back');
  });
});
