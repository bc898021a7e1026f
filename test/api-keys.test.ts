// API keys for machine clients, through the API: issued by an admin with a name, owner agency, roles and optional
// expiry; the whole key shown once and stored nowhere (only a SHA-256 of it: the api_keys row, the audit trail, the
// stored answers of idempotent retries and every other table are searched for it); its visible prefix; its last use;
// revocation and rotation that bite at once in this process, expiry that bites when it comes (even for a key the
// process has just verified and cached), role changes that bite at once; GET /v1/me. And the first admin key
// (src/auth/bootstrap.ts): issued only into an empty key table, into a file only its owner can read.
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { apiKeyVerifier } from '../src/auth/api-keys.js';
import { bootstrapAdminKey } from '../src/auth/bootstrap.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';
import { createTestApp, json, postgresUrl } from './helpers/app.js';

const keyPattern = /^pt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

/** Every table row (as text) that contains `needle`, as `table: count`. */
async function tablesContaining(database: DatabaseHandle, needle: string): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(name)} x where strpos(x::text, ${needle}) > 0`);
    if (row!.n > 0) found[name] = row!.n;
  }
  return found;
}

/** Waits (polling, at most `ms`) until `probe` returns something truthy, and returns it. */
async function eventually<T>(probe: () => Promise<T>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > until) return value;
    await sleep(25);
  }
}

/** Waits until the clock has passed `instant` (an ISO time). */
async function until(instant: string): Promise<void> {
  const wait = new Date(instant).getTime() - Date.now() + 20;
  if (wait > 0) await sleep(wait);
}

t.test('API keys', async (t) => {
  const { app, database, bearer } = await createTestApp(t);
  const agencies: any[] = json(await app.inject({ url: '/v1/agencies?limit=200' })).items;
  const industry = agencies.find((a) => a.code === 'so-cong-thuong');
  const me = (key: string) => app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${key}` } });
  const issue = async (payload: object, headers: Record<string, string> = {}) => {
    const answer = await app.inject({ method: 'POST', url: '/v1/api-keys', payload, headers });
    if (answer.statusCode !== 201) throw new Error(answer.body);
    return json(answer);
  };

  await t.test('issued by an admin, shown once, stored only as a hash', async (t) => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'idempotency-key': 'issue-industry-key-1' },
      payload: { name: 'Hệ thống báo cáo Sở Công Thương', roles: ['agency_officer'], agencyId: industry.id, expiresAt },
    });
    t.equal(created.statusCode, 201, created.body);
    const issued = json(created);
    t.match(issued.key, keyPattern, 'the whole key: pt_<12 hex>_<43 base64url>');
    t.equal(issued.prefix, issued.key.slice(0, 15), 'the visible prefix is the start of the key');
    t.match(issued, {
      name: 'Hệ thống báo cáo Sở Công Thương',
      agency: { id: industry.id, code: 'so-cong-thuong' },
      roles: ['agency_officer'],
      status: 'active',
      expiresAt: new Date(expiresAt).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      rotatedFromId: null,
      createdBy: 'api_key:test admin+coordinator',
    });
    const secret = issued.key.slice(16);

    const got = await app.inject({ url: `/v1/api-keys/${issued.id}` });
    t.equal(got.statusCode, 200);
    t.notOk('key' in json(got), 'GET has no key field');
    t.notOk(got.body.includes(secret), 'GET never shows the secret');
    t.match(json(got), { id: issued.id, prefix: issued.prefix, name: issued.name, roles: ['agency_officer'] });
    const listed = await app.inject({ url: `/v1/api-keys?q=${issued.prefix}` });
    t.same(json(listed).items.map((k: any) => k.id), [issued.id], 'found by its prefix');
    t.notOk(listed.body.includes(secret), 'the list never shows the secret');
    t.same(json(await app.inject({ url: `/v1/api-keys?agencyId=${industry.id}` })).items.map((k: any) => k.id), [issued.id], 'filtered by agency');

    const [row] = await queryRows<Record<string, unknown>>(database.db, sql`select * from api_keys where id = ${issued.id}`);
    t.equal(row!.secret_hash, createHash('sha256').update(issued.key).digest('hex'), 'the row holds the SHA-256 of the key');
    t.notOk(JSON.stringify(row).includes(secret), 'and not the secret');
    t.same(await tablesContaining(database, secret), {}, 'the secret is in no table at all (audit trail and stored idempotent answers included)');
    t.same(await tablesContaining(database, row!.secret_hash as string), { api_keys: 1 }, 'nor is its hash anywhere but the key row');

    const replayed = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'idempotency-key': 'issue-industry-key-1' },
      payload: { name: 'Hệ thống báo cáo Sở Công Thương', roles: ['agency_officer'], agencyId: industry.id, expiresAt },
    });
    t.equal(replayed.statusCode, 201, 'a retry of the issue is answered');
    t.equal(replayed.headers['idempotent-replayed'], 'true');
    t.same(json(replayed), issued, 'with the same key: the client that lost the first answer can still use it');
    const [{ n }] = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from api_keys where name = 'Hệ thống báo cáo Sở Công Thương'`)) as [{ n: number }];
    t.equal(n, 1, 'and no second key');

    const used = await me(issued.key);
    t.equal(used.statusCode, 200, 'the key works');
    t.same(json(used), {
      type: 'api_key',
      id: issued.id,
      name: 'Hệ thống báo cáo Sở Công Thương',
      agency: { id: industry.id, code: industry.code, name: industry.name, shortName: industry.shortName },
      roles: ['agency_officer'],
    }, 'GET /v1/me: who the service takes the caller for');
    const seen = await eventually(async () => json(await app.inject({ url: `/v1/api-keys/${issued.id}` })).lastUsedAt as string | null);
    t.ok(seen, 'its last use is recorded');
    t.ok(Math.abs(new Date(seen!).getTime() - Date.now()) < 60_000, `at about now (${seen})`);
  });

  await t.test('what an issue request may not do', async (t) => {
    const noAgency = await app.inject({ method: 'POST', url: '/v1/api-keys', payload: { name: 'x', roles: ['agency_officer'] } });
    t.equal(noAgency.statusCode, 422, 'an officer key needs an agency');
    t.match(json(noAgency).errors, [{ pointer: '/agencyId' }]);
    const past = await app.inject({ method: 'POST', url: '/v1/api-keys', payload: { name: 'x', roles: ['viewer'], expiresAt: '2020-01-01T00:00:00Z' } });
    t.equal(past.statusCode, 422, 'an expiry in the past');
    t.match(json(past).errors, [{ pointer: '/expiresAt' }]);
    const unknownRole = await app.inject({ method: 'POST', url: '/v1/api-keys', payload: { name: 'x', roles: ['superuser'] } });
    t.equal(unknownRole.statusCode, 400, 'an unknown role');
    const secretGiven = await app.inject({ method: 'POST', url: '/v1/api-keys', payload: { name: 'x', roles: ['viewer'], key: 'pt_000000000000_chosen' } });
    t.equal(secretGiven.statusCode, 400, 'a client cannot choose its own secret');
    t.match(json(secretGiven).errors, [{ pointer: '/key' }]);
  });

  await t.test('revoked: 401 at once, in the same process', async (t) => {
    const issued = await issue({ name: 'soon revoked', roles: ['viewer'] });
    t.equal((await me(issued.key)).statusCode, 200, 'works (and is now cached)');
    const revoked = await app.inject({ method: 'POST', url: `/v1/api-keys/${issued.id}/revoke` });
    t.equal(revoked.statusCode, 200);
    t.match(json(revoked), { status: 'revoked', revokedAt: String });
    const refused = await me(issued.key);
    t.equal(refused.statusCode, 401, 'refused on the very next request');
    t.match(refused.headers['www-authenticate'], /error="invalid_token"/);
    t.match(json(refused).detail, /revoked/);
    const again = await app.inject({ method: 'POST', url: `/v1/api-keys/${issued.id}/revoke` });
    t.equal(json(again).revokedAt, json(revoked).revokedAt, 'revoking twice changes nothing');
    t.ok(json(await app.inject({ url: '/v1/api-keys?status=revoked' })).items.some((k: any) => k.id === issued.id), 'listed as revoked');
    const rotate = await app.inject({ method: 'POST', url: `/v1/api-keys/${issued.id}/rotate`, payload: {} });
    t.equal(rotate.statusCode, 422, 'a revoked key cannot be rotated');
  });

  await t.test('rotated: the new key works, the old one stops at once', async (t) => {
    const old = await issue({ name: 'Cổng dữ liệu mở', roles: ['coordinator', 'viewer'], agencyId: industry.id, expiresAt: '2099-01-01T00:00:00Z' });
    t.equal((await me(old.key)).statusCode, 200);
    const rotated = await app.inject({ method: 'POST', url: `/v1/api-keys/${old.id}/rotate`, payload: {} });
    t.equal(rotated.statusCode, 201, rotated.body);
    const fresh = json(rotated);
    t.match(fresh.key, keyPattern);
    t.not(fresh.key, old.key);
    t.not(fresh.id, old.id);
    t.match(fresh, { name: old.name, roles: old.roles, agency: { id: industry.id }, expiresAt: old.expiresAt, rotatedFromId: old.id, status: 'active' }, 'same name, roles, agency and expiry');
    t.equal((await me(fresh.key)).statusCode, 200, 'the new key works');
    const refused = await me(old.key);
    t.equal(refused.statusCode, 401, 'the old key stops at once');
    t.match(json(await app.inject({ url: `/v1/api-keys/${old.id}` })), { status: 'revoked' });
    t.same(await tablesContaining(database, fresh.key.slice(16)), {}, 'the new secret is stored nowhere');
  });

  await t.test('expiries bite when they come, even for keys this process verified a moment before', async (t) => {
    // Both run out within seconds (long enough for the checks before, even on a loaded machine); one wait covers both.
    const overlapSeconds = 3;
    const old = await issue({ name: 'Hệ thống một cửa', roles: ['viewer'] });
    const rotatedAt = Date.now();
    const rotated = json(await app.inject({ method: 'POST', url: `/v1/api-keys/${old.id}/rotate`, payload: { overlapSeconds } }));
    const answeredAt = Date.now();
    const shortLived = await issue({ name: 'short-lived', roles: ['viewer'], expiresAt: new Date(Date.now() + 3000).toISOString() });
    t.equal((await me(rotated.key)).statusCode, 200, 'rotation with overlapSeconds: the new key works');
    t.equal((await me(old.key)).statusCode, 200, 'the old key still works during the overlap (and is cached now)');
    t.equal((await me(shortLived.key)).statusCode, 200, 'a key with a near expiry works before it (and is cached now)');
    const retired = json(await app.inject({ url: `/v1/api-keys/${old.id}` }));
    t.match(retired, { status: 'active', revokedAt: null });
    const ends = new Date(retired.expiresAt).getTime();
    t.ok(ends >= rotatedAt + overlapSeconds * 1000 - 1000 && ends <= answeredAt + overlapSeconds * 1000 + 1000, `the old key expires at the end of the overlap (${retired.expiresAt})`);

    await until(new Date(Math.max(ends, new Date(shortLived.expiresAt).getTime())).toISOString());
    const oldRefused = await me(old.key);
    t.equal(oldRefused.statusCode, 401, 'after the overlap the old key is refused, though this process verified it moments ago');
    t.match(json(oldRefused).detail, /expired/);
    t.equal((await me(rotated.key)).statusCode, 200, 'the new key goes on working');
    const refused = await me(shortLived.key);
    t.equal(refused.statusCode, 401, 'the short-lived key is refused after its expiry');
    t.match(json(refused).detail, /expired/);
    t.match(json(await app.inject({ url: `/v1/api-keys/${shortLived.id}` })), { status: 'expired' });
    t.ok(json(await app.inject({ url: '/v1/api-keys?status=expired' })).items.some((k: any) => k.id === shortLived.id), 'listed as expired');
  });

  await t.test('a change of roles bites at once', async (t) => {
    const issued = await issue({ name: 'role change', roles: ['coordinator'] });
    const auditRead = () => app.inject({ url: '/v1/audit-events?limit=1', headers: { authorization: `Bearer ${issued.key}` } });
    t.equal((await auditRead()).statusCode, 200, 'a coordinator reads the audit trail');
    const patched = await app.inject({ method: 'PATCH', url: `/v1/api-keys/${issued.id}`, payload: { roles: ['viewer'] } });
    t.equal(patched.statusCode, 200, patched.body);
    t.match(json(patched), { roles: ['viewer'] });
    t.equal((await auditRead()).statusCode, 403, 'as a viewer now, at once');
    t.same(json(await me(issued.key)).roles, ['viewer']);
  });

  await t.test('only admins manage keys', async (t) => {
    const coordinator = await bearer(['coordinator']);
    const issued = await issue({ name: 'target', roles: ['viewer'] });
    for (const [method, url, payload] of [
      ['POST', '/v1/api-keys', { name: 'self-made', roles: ['admin'] }],
      ['GET', '/v1/api-keys', undefined],
      ['GET', `/v1/api-keys/${issued.id}`, undefined],
      ['PATCH', `/v1/api-keys/${issued.id}`, { roles: ['admin'] }],
      ['POST', `/v1/api-keys/${issued.id}/revoke`, undefined],
      ['POST', `/v1/api-keys/${issued.id}/rotate`, {}],
    ] as const) {
      const answer = await app.inject({ method, url, headers: { authorization: coordinator }, ...(payload ? { payload } : {}) });
      t.equal(answer.statusCode, 403, `${method} ${url}`);
    }
    t.match(json(await app.inject({ url: `/v1/api-keys/${issued.id}` })), { roles: ['viewer'], status: 'active' }, 'the key is as it was');
  });

  // The first admin key (src/auth/bootstrap.ts), on the same database once its key table is emptied.
  await t.test('the first admin key', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'plantrack-keys-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    await database.db.execute(sql`delete from api_keys`);
    const keyCount = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from api_keys`))[0]!.n;

    await t.test('a file that cannot be written leaves no key behind', async (t) => {
      await t.rejects(bootstrapAdminKey(database.db, join(dir, 'missing-directory', 'admin-key.txt')));
      t.equal(await keyCount(), 0, 'no key exists that nobody knows');
    });

    await t.test('issued into an empty key table, readable by its owner only, and never again', async (t) => {
      const file = join(dir, 'admin-key.txt');
      t.equal(await bootstrapAdminKey(database.db, file), true, 'issued');
      t.equal((await stat(file)).mode & 0o777, 0o600, 'mode 0600');
      const key = (await readFile(file, 'utf8')).trim();
      t.match(key, keyPattern);
      const verdict = await apiKeyVerifier(database.db, 0, { warn: () => undefined }).verify(key);
      t.match(verdict, { ok: true, actor: { type: 'api_key', name: 'Bootstrap administrator', roles: ['admin', 'coordinator'] } }, 'the key in the file works');
      t.equal(await bootstrapAdminKey(database.db, join(dir, 'second.txt')), false, 'a key exists: none is issued');
      await t.rejects(stat(join(dir, 'second.txt')), 'and no file is written');
      t.equal(await keyCount(), 1);
      t.equal((await readFile(file, 'utf8')).trim(), key, 'the first file is untouched');
    });

    await t.test('a file that already exists, readable by others, is made private', async (t) => {
      await database.db.execute(sql`delete from api_keys`);
      const file = join(dir, 'precreated.txt');
      await writeFile(file, '');
      await chmod(file, 0o644);
      t.equal(await bootstrapAdminKey(database.db, file), true);
      t.equal((await stat(file)).mode & 0o777, 0o600, 'mode 0600, not the 0644 it had');
    });

    await t.test('servers starting at once issue one key between them', async (t) => {
      await database.db.execute(sql`delete from api_keys`);
      const files = [0, 1, 2, 3].map((i) => join(dir, `race-${i}.txt`));
      const issued = await Promise.all(files.map((file) => bootstrapAdminKey(database.db, file)));
      t.equal(issued.filter(Boolean).length, 1, `exactly one issued (${postgresUrl ? 'PostgreSQL: concurrent transactions' : 'PGlite: one connection'})`);
      t.equal(await keyCount(), 1, 'one key in the table');
    });
  });
});
