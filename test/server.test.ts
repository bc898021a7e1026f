// The real process, as `npm start` runs it: configuration from the environment, PGlite in a data directory,
// migrations and the seed at first start, the printed URL, graceful shutdown on SIGTERM, and data that
// survives a restart without being seeded twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

/** Starts src/server.ts and resolves with its base URL once it prints it. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '5000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /plantrack is serving at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

t.test('npm start: serves the seeded program from PGlite, stops cleanly, keeps its data', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'plantrack-data-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));

  const first = await startServer(dataDir);
  t.match(first.output(), /API docs \(Swagger UI\): http:\/\/127\.0\.0\.1:\d+\/docs/);
  const tasks: any = await (await fetch(`${first.base}/v1/tasks?programId=17/CTr-UBND&limit=200`)).json();
  t.equal(tasks.items.length, 44, 'the seeded program is served');
  const task = tasks.items[0];
  const patched = await fetch(`${first.base}/v1/tasks/${task.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'in_progress', progress: 35 }),
  });
  t.equal(patched.status, 200);
  // An in-flight request is finished before the process exits.
  const inFlight = fetch(`${first.base}/v1/indicators?limit=200`);
  t.equal(await stop(first.child), 0, 'SIGTERM exits 0');
  t.equal((await inFlight).status, 200, 'the request in flight was answered');

  const second = await startServer(dataDir);
  t.teardown(() => stop(second.child));
  const again: any = await (await fetch(`${second.base}/v1/tasks?programId=17/CTr-UBND&limit=200`)).json();
  t.equal(again.items.length, 44, 'not seeded twice');
  t.match(again.items.find((x: { id: string }) => x.id === task.id), { status: 'in_progress', progress: 35 }, 'the write survived the restart');
  t.equal((await fetch(`${second.base}/health/ready`)).status, 200);
});
