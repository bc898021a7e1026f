// Hardening: security headers on every API answer (errors included); CORS only for the origins CORS_ORIGINS names,
// with the headers conditional and idempotent writes need; a request budget per key (two keys, two budgets), and
// per address for callers without valid credentials (so guessing keys is throttled too); the body limit; and secrets
// that never reach the log — captured at `trace` level, with no redaction configured, while keys are issued,
// replayed, rotated and revoked, used and refused, a JWT is accepted and refused, and a webhook secret is issued.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import t from 'tap';
import { buildApp, type App } from '../src/app.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { injectAs, issueBearer, json, openTestDatabase, testConfig } from './helpers/app.js';

type Teardown = { teardown(fn: () => unknown): void };

async function appWith(t: Teardown, database: DatabaseHandle, env: Record<string, string>, logger?: Parameters<typeof buildApp>[0]['logger']): Promise<App> {
  const app = await buildApp({ config: testConfig(env), database, logger: logger ?? false });
  await app.ready();
  t.teardown(() => app.close());
  injectAs(app, await issueBearer(database, ['admin', 'coordinator']));
  return app;
}

t.test('hardening', async (t) => {
  const database = await openTestDatabase(t);
  const app = await appWith(t, database, {});
  const task = json(await app.inject({ url: '/v1/tasks?limit=1' })).items[0];

  await t.test('security headers on API answers, errors included', async (t) => {
    const answers = {
      'a list': await app.inject({ url: '/v1/tasks?limit=1' }),
      'a resource': await app.inject({ url: `/v1/tasks/${task.id}` }),
      'a write': await app.inject({ method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { progress: task.progress } }),
      'a 401': await app.inject({ url: '/v1/tasks', headers: { authorization: undefined } }),
      'a 400': await app.inject({ url: '/v1/tasks?limit=1000' }),
      'an unknown route': await app.inject({ url: '/v1/nothing-here' }),
      'the health probe': await app.inject({ url: '/health/live' }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      const h = answer.headers;
      t.match(h['content-security-policy'], /(^|;)default-src 'none'(;|$)/, `${name}: CSP default-src 'none'`);
      t.match(h['content-security-policy'], /frame-ancestors 'none'/, `${name}: CSP frame-ancestors 'none'`);
      t.equal(h['x-content-type-options'], 'nosniff', `${name}: nosniff`);
      t.match(h['strict-transport-security'], /max-age=\d{7,}/, `${name}: HSTS`);
      t.equal(h['x-frame-options'], 'SAMEORIGIN', `${name}: X-Frame-Options`);
      t.equal(h['referrer-policy'], 'no-referrer', `${name}: Referrer-Policy`);
      t.equal(h['cross-origin-resource-policy'], 'same-origin', `${name}: CORP same-origin`);
      t.notOk(h['x-powered-by'], `${name}: no X-Powered-By`);
      t.notOk(h['access-control-allow-origin'], `${name}: no CORS without CORS_ORIGINS`);
    }
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/tasks', headers: { origin: 'https://portal.cantho.gov.vn', 'access-control-request-method': 'PATCH' } });
    t.notOk(preflight.headers['access-control-allow-origin'], 'no CORS preflight answer without CORS_ORIGINS');
    t.notOk(preflight.headers['access-control-allow-headers']);
  });

  await t.test('CORS only for the configured origins', async (t) => {
    const allowed = 'https://portal.cantho.gov.vn';
    const cors = await appWith(t, database, { CORS_ORIGINS: `${allowed},https://data.cantho.gov.vn` });
    const preflight = await cors.inject({
      method: 'OPTIONS',
      url: `/v1/tasks/${task.id}`,
      headers: { origin: allowed, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, if-match, idempotency-key', authorization: undefined },
    });
    t.ok(preflight.statusCode >= 200 && preflight.statusCode < 300, `preflight answered (${preflight.statusCode}), without credentials`);
    t.equal(preflight.headers['access-control-allow-origin'], allowed);
    t.match(preflight.headers['access-control-allow-methods'], /PATCH/);
    t.match(preflight.headers['access-control-allow-methods'], /DELETE/);
    const allowHeaders = String(preflight.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/);
    for (const name of ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key']) t.ok(allowHeaders.includes(name), `allows ${name}`);
    t.ok(preflight.headers['access-control-max-age'], 'preflight is cached');
    const actual = await cors.inject({ url: `/v1/tasks/${task.id}`, headers: { origin: allowed } });
    t.equal(actual.statusCode, 200);
    t.equal(actual.headers['access-control-allow-origin'], allowed);
    const exposed = String(actual.headers['access-control-expose-headers']).toLowerCase();
    for (const name of ['etag', 'retry-after', 'ratelimit-remaining', 'idempotent-replayed', 'x-request-id']) t.match(exposed, name, `exposes ${name}`);
    t.equal(actual.headers['cross-origin-resource-policy'], 'cross-origin', 'CORP lets the allowed origins read');
    for (const origin of ['https://evil.example', 'http://portal.cantho.gov.vn', 'https://portal.cantho.gov.vn.evil.example']) {
      const refused = await cors.inject({ method: 'OPTIONS', url: '/v1/tasks', headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'if-match' } });
      t.notOk(refused.headers['access-control-allow-origin'], `${origin}: no allow-origin`);
      t.notOk(refused.headers['access-control-allow-headers'], `${origin}: no allow-headers`);
      t.notOk(refused.headers['access-control-allow-methods'], `${origin}: no allow-methods`);
      t.notOk(refused.headers['access-control-expose-headers'], `${origin}: no expose-headers`);
      const read = await cors.inject({ url: '/v1/tasks?limit=1', headers: { origin } });
      t.notOk(read.headers['access-control-allow-origin'], `${origin}: a read gets no allow-origin`);
    }
  });

  await t.test('a request budget per key, and per address without valid credentials', async (t) => {
    const limited = await appWith(t, database, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    const [a, b] = [await issueBearer(database, ['viewer']), await issueBearer(database, ['viewer'])];
    const read = (authorization: string | undefined, remoteAddress = '127.0.0.1') => limited.inject({ url: '/v1/programs', headers: { authorization }, remoteAddress });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await read(a);
      t.equal(answer.statusCode, 200, `key A, request ${i + 1}`);
      t.equal(answer.headers['ratelimit-limit'], '3');
      remaining.push(String(answer.headers['ratelimit-remaining']));
    }
    t.same(remaining, ['2', '1', '0'], 'RateLimit-Remaining counts down');
    const over = await read(a);
    t.equal(over.statusCode, 429, 'key A over its budget');
    t.match(over.headers['content-type'], /^application\/problem\+json/);
    t.match(json(over), { type: 'tag:plantrack,2026:problems/rate-limited', status: 429 });
    t.match(over.headers['retry-after'], /^\d+$/, 'Retry-After in seconds');
    t.ok(Number(over.headers['retry-after']) > 0 && Number(over.headers['retry-after']) <= 60);
    t.equal(over.headers['ratelimit-limit'], '3');
    t.equal(over.headers['ratelimit-remaining'], '0');
    t.match(over.headers['ratelimit-reset'], /^\d+$/);
    for (let i = 0; i < 3; i += 1) t.equal((await read(b)).statusCode, 200, `key B has its own budget, request ${i + 1}`);
    t.equal((await read(b)).statusCode, 429, 'and its own end of it');
    t.equal((await limited.inject({ url: '/health/live' })).statusCode, 200, 'health probes are never limited');

    // Without valid credentials every request is a 401, but still counted, per address: guessing keys is throttled.
    const guesses: number[] = [];
    for (let i = 0; i < 5; i += 1) guesses.push((await read(`Bearer pt_${'0'.repeat(12)}_${String(i).padStart(43, 'x')}`, '10.0.0.7')).statusCode);
    t.same(guesses, [401, 401, 401, 429, 429], 'unknown keys from one address: 401 three times, then 429');
    const missing: number[] = [];
    for (let i = 0; i < 4; i += 1) missing.push((await read(undefined, '10.0.0.8')).statusCode);
    t.same(missing, [401, 401, 401, 429], 'no credentials from one address: the same');
    t.equal((await read(undefined, '10.0.0.9')).statusCode, 401, 'another address has its own budget');
    const viewerWrites: number[] = [];
    const c = await issueBearer(database, ['viewer']);
    for (let i = 0; i < 4; i += 1) viewerWrites.push((await limited.inject({ method: 'POST', url: '/v1/agencies', payload: {}, headers: { authorization: c } })).statusCode);
    t.same(viewerWrites, [403, 403, 403, 429], 'refused writes count against the key too');
  });

  await t.test('the body limit: 413, nothing written', async (t) => {
    const small = await appWith(t, database, { BODY_LIMIT_BYTES: '1024' });
    const count = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from agencies`))[0]!.n;
    const before = await count();
    const answer = await small.inject({ method: 'POST', url: '/v1/agencies', payload: { code: 'so-qua-lon', name: 'x'.repeat(2000), kind: 'department' } });
    t.equal(answer.statusCode, 413);
    t.match(answer.headers['content-type'], /^application\/problem\+json/);
    t.match(json(answer), { type: 'tag:plantrack,2026:problems/body-too-large' });
    t.equal(await count(), before, 'nothing written');
    t.equal((await small.inject({ method: 'POST', url: '/v1/agencies', payload: { code: 'so-vua-du', name: 'Sở Vừa Đủ', kind: 'department' } })).statusCode, 201, 'a body under the limit is accepted');
  });

  await t.test('secrets never reach the log', async (t) => {
    // The identity provider, for a JWT.
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'log-test', alg: 'ES256' };
    const idp = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise((resolve) => idp.close(resolve)));
    const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

    const lines: string[] = [];
    const logged = await appWith(
      t,
      database,
      { OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'plantrack', OIDC_JWKS_URL: `${issuer}/jwks`, WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
      // Everything, and no redaction: what keeps secrets out of the log must be the code, not a filter.
      { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
    );
    const secrets: string[] = [];
    const jwt = (expiresAt: string | number) =>
      new SignJWT({ roles: ['coordinator'], name: 'Trần Thị Bình' }).setProtectedHeader({ alg: 'ES256', kid: 'log-test' }).setIssuer(issuer).setAudience('plantrack').setSubject('u-42').setIssuedAt().setExpirationTime(expiresAt).sign(privateKey);
    const token = await jwt('5m');
    const expired = await jwt(Math.floor(Date.now() / 1000) - 3600);
    secrets.push(token, token.split('.')[2]!, expired, expired.split('.')[2]!);

    const issueBody = { name: 'Khóa ghi log', roles: ['coordinator'] };
    const issued = json(await logged.inject({ method: 'POST', url: '/v1/api-keys', payload: issueBody, headers: { 'idempotency-key': 'log-test-1' } }));
    const replayed = json(await logged.inject({ method: 'POST', url: '/v1/api-keys', payload: issueBody, headers: { 'idempotency-key': 'log-test-1' } }));
    t.equal(replayed.key, issued.key);
    const rotated = json(await logged.inject({ method: 'POST', url: `/v1/api-keys/${issued.id}/rotate`, payload: {} }));
    secrets.push(issued.key, issued.key.slice(16), rotated.key, rotated.key.slice(16));
    const use = (authorization: string, url = '/v1/me') => logged.inject({ url, headers: { authorization } });
    t.equal((await use(`Bearer ${rotated.key}`)).statusCode, 200, 'a key accepted');
    t.equal((await use(`Bearer ${rotated.key}`, '/v1/api-keys')).statusCode, 403, 'a key refused the role');
    t.equal((await use(`Bearer ${issued.key}`)).statusCode, 401, 'a rotated-out key refused');
    t.equal((await use(`Bearer ${token}`)).statusCode, 200, 'a JWT accepted');
    t.equal((await use(`Bearer ${expired}`)).statusCode, 401, 'an expired JWT refused');
    t.equal((await use(`Basic ${Buffer.from(`admin:${rotated.key}`).toString('base64')}`)).statusCode, 401, 'a key in the wrong scheme refused');
    secrets.push(Buffer.from(`admin:${rotated.key}`).toString('base64'));
    t.equal((await use(`Bearer ${rotated.key} trailing`)).statusCode, 401, 'a malformed header holding a key refused');
    t.equal((await logged.inject({ method: 'POST', url: `/v1/api-keys/${rotated.id}/revoke` })).statusCode, 200);
    t.equal((await use(`Bearer ${rotated.key}`)).statusCode, 401, 'a revoked key refused');
    const hook = json(await logged.inject({ method: 'POST', url: '/v1/webhook-subscriptions', payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['report.submitted'] } }));
    t.match(hook.secret, /^whsec_/);
    secrets.push(hook.secret);
    const bodyWithSecret = await logged.inject({ method: 'POST', url: '/v1/agencies', payload: { code: 'x', name: 'x', kind: 'department', token: rotated.key } });
    t.equal(bodyWithSecret.statusCode, 400, 'a body echoing a key is refused');

    const log = lines.join('');
    t.ok(lines.length > 30, `the log was written (${lines.length} lines)`);
    t.match(log, /incoming request/, 'at trace level, with every request');
    t.match(log, /request refused/, 'refusals included');
    for (const secret of secrets) t.notOk(log.includes(secret), `the log never holds ${secret.slice(0, 12)}…`);
    t.notOk(/pt_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}/.test(log), 'nor anything shaped like an API key');
    t.notOk(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/.test(log), 'nor anything shaped like a JWT');
  });
});
