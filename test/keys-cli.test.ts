// `plantrack keys`, the real CLI as a child process on a PGlite data directory of its own: a key is printed once and
// alone (so `KEY=$(plantrack keys create …)` works) and then authenticates against the API; list shows it without
// the secret; revoke stops it; each kind of bad input has its exit code (docs/cli.md) and writes nothing.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { openPglite } from '../src/db/connect.js';
import { testConfig } from './helpers/app.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function plantrack(args: string[], dataDir: string): Promise<Run> {
  const { DATABASE_URL: _url, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/plantrack.ts', ...args], { env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

t.setTimeout(600_000);

t.test('plantrack keys', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-keys-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  t.equal((await plantrack(['seed'], dataDir)).code, 0, 'seeded');

  /** GET /v1/me with `key`, on the CLI's database (opened once the CLI has let go of it). */
  const me = async (key: string) => {
    const database = await openPglite(dataDir);
    const app = await buildApp({ config: testConfig(), database, logger: false });
    try {
      const response = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${key}` } });
      return { status: response.statusCode, body: response.json() as { name?: string; roles?: string[]; agency?: { code: string } | null } };
    } finally {
      await app.close();
      await database.close();
    }
  };
  const list = async () => (await plantrack(['keys', 'list'], dataDir)).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

  const created = await plantrack(['keys', 'create', '--name', 'Báo cáo Sở Công Thương', '--roles', 'agency_officer', '--agency', 'so-cong-thuong'], dataDir);
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, /^pt_[A-Za-z0-9]+_[A-Za-z0-9_-]+\n$/, 'the key, alone on standard output');
  const key = created.stdout.trim();
  t.match(await me(key), { status: 200, body: { name: 'Báo cáo Sở Công Thương', roles: ['agency_officer'], agency: { code: 'so-cong-thuong' } } }, 'it authenticates');

  const listed = (await list()).find((k) => k.name === 'Báo cáo Sở Công Thương')!;
  t.match(listed, { roles: ['agency_officer'], agency: 'so-cong-thuong', status: 'active' }, 'keys list shows it');
  t.ok(key.startsWith(`${String(listed.prefix)}_`), 'by its prefix');
  t.notOk(JSON.stringify(await list()).includes(key.slice(String(listed.prefix).length + 1)), 'never the secret');

  const revoked = await plantrack(['keys', 'revoke', String(listed.id)], dataDir);
  t.same({ code: revoked.code, stdout: revoked.stdout }, { code: 0, stdout: `revoked ${String(listed.id)}\n` });
  t.equal((await me(key)).status, 401, 'a revoked key no longer authenticates');
  t.equal((await plantrack(['keys', 'revoke', String(listed.id)], dataDir)).code, 0, 'revoking again changes nothing and succeeds');

  const before = (await list()).length;
  const refusals: [string[], number, RegExp][] = [
    [['keys', 'create', '--name', 'x', '--roles', 'superuser'], 2, /unknown: superuser/],
    [['keys', 'create', '--roles', 'viewer'], 2, /needs --name and --roles/],
    [['keys', 'create', '--name', 'x', '--roles', 'viewer', '--nonsense'], 2, /Unknown option/],
    [['keys', 'create', '--name', 'x', '--roles', 'agency_officer', '--agency', 'so-khong-co'], 3, /no agency has the id or code so-khong-co/],
    [['keys', 'create', '--name', 'x', '--roles', 'viewer', '--expires', '2020-01-01T00:00:00Z'], 3, /expiresAt must be in the future/],
    [['keys', 'revoke', '00000000-0000-4000-8000-000000000000'], 3, /No API key has id/],
    [['keys', 'revoke', 'not-an-id'], 2, /takes a key's id/],
    [['keys', 'rotate'], 2, /unknown keys action rotate/],
  ];
  for (const [args, code, message] of refusals) {
    const run = await plantrack(args, dataDir);
    t.equal(run.code, code, `${args.slice(1).join(' ')}: exit ${code}`);
    t.match(run.stderr, message, 'saying why');
    t.notMatch(run.stderr, /\n\s+at /, 'without a stack trace');
    t.equal(run.stdout, '', 'and nothing on standard output');
  }
  t.equal((await list()).length, before, 'no key was made by a refused command');
});
