// One process at a time opens a PGlite data directory (src/db/data-dir-lock.ts): a second opener — the CLI while
// the server runs, a second server — is refused with a message naming the directory, and the CLI exits 4; a lock
// left by a crashed process is taken over once stale; closing releases it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { staleMs } from '../src/db/data-dir-lock.js';
import { openPglite } from '../src/db/connect.js';
import { queryRows } from '../src/db/types.js';

function plantrack(args: string[], dataDir: string): Promise<{ code: number; stderr: string }> {
  const { DATABASE_URL: _url, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/plantrack.ts', ...args], { env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

t.setTimeout(300_000);

t.test('a PGlite data directory is opened by one process at a time', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-lock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');

  const first = await openPglite(dataDir);
  await first.db.execute(sql`create table marks (n int)`);
  await first.db.execute(sql`insert into marks values (1)`);

  await t.rejects(openPglite(dataDir), { code: 'ELOCKED', message: new RegExp(`${dataDir.replace(/[/\\.]/g, '\\$&')} is in use by another plantrack process`) }, 'a second opener in this process is refused');
  const cli = await plantrack(['keys', 'list'], dataDir);
  t.equal(cli.code, 4, 'the CLI exits 4 (unavailable)');
  t.match(cli.stderr, /is in use by another plantrack process .*--url/, 'and says why, and what to do');

  await first.close();
  const second = await openPglite(dataDir);
  t.same(await queryRows(second.db, sql`select n from marks`), [{ n: 1 }], 'once closed, the next opener gets it, data intact');
  await second.close();

  // A process killed with SIGKILL cannot remove its lock: it is taken over once nobody has refreshed it for staleMs.
  const lockDir = `${dataDir}.lock`;
  await mkdir(lockDir);
  await t.rejects(openPglite(dataDir), { code: 'ELOCKED' }, 'a fresh lock of another process is respected');
  const longAgo = new Date(Date.now() - staleMs - 5_000);
  await utimes(lockDir, longAgo, longAgo);
  const third = await openPglite(dataDir);
  t.pass('a stale lock is taken over');
  await third.close();
  t.equal(existsSync(lockDir), false, 'closing removes the lock');
});
