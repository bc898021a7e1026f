// The real process, as `npm start` runs it: configuration from the environment, PGlite in a data directory,
// migrations and the seed at first start, the printed URL, graceful shutdown on SIGTERM, and data that
// survives a restart without being seeded twice.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { startServerProcess, stopServerProcess } from './helpers/server-process.js';

const startServer = (dataDir: string) => startServerProcess({ DATABASE_URL: '', DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '5000' });
const stop = stopServerProcess;

interface Answer {
  status: number;
  body: string;
}

/** The response to `req`, read to its end. */
function answer(req: ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    });
  });
}

/** A GET on a new connection: its response, or the code of the error that prevented one. */
async function getOnNewConnection(url: string): Promise<Answer | { error: string | undefined }> {
  const req = request(url, { agent: false });
  req.end();
  try {
    return await answer(req);
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code };
  }
}

t.test('npm start: serves the seeded program from PGlite, stops cleanly, keeps its data', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'plantrack-data-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));

  const first = await startServer(dataDir);
  t.match(first.output(), /API docs \(Swagger UI\): http:\/\/127\.0\.0\.1:\d+\/docs/);
  const keyFile = join(dataDir, 'admin-key.txt');
  t.match(first.output(), `An admin API key was written to ${keyFile}`, 'the first start says where its admin key is');
  t.notMatch(first.output(), /pt_[0-9a-f]{12}_/, 'and never prints the key itself');
  t.equal((await stat(keyFile)).mode & 0o777, 0o600, 'the key file is readable by its owner only');
  const authorization = `Bearer ${(await readFile(keyFile, 'utf8')).trim()}`;
  t.equal((await fetch(`${first.base}/v1/tasks`)).status, 401, 'reads need credentials by default');
  const tasks: any = await (await fetch(`${first.base}/v1/tasks?programId=17/CTr-UBND&limit=200`, { headers: { authorization } })).json();
  t.equal(tasks.items.length, 44, 'the seeded program is served');
  const task = tasks.items[0];
  const patched = await fetch(`${first.base}/v1/tasks/${task.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization, 'if-match': '*' },
    body: JSON.stringify({ status: 'in_progress', progress: 35 }),
  });
  t.equal(patched.status, 200);

  // A request in flight when SIGTERM arrives is finished before the process exits. Deterministically: the
  // server has the request's headers before the signal, and the rest of its body only after it.
  const body = Buffer.from(JSON.stringify({ progress: 60 }));
  const inFlight = request(`${first.base}/v1/tasks/${task.id}`, {
    method: 'PATCH',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length, authorization, 'if-match': '*' },
  });
  const inFlightAnswer = answer(inFlight);
  inFlightAnswer.catch(() => {}); // awaited below; a failure meanwhile must not be an unhandled rejection
  inFlight.write(body.subarray(0, body.length >> 1));
  await sleep(300);
  const exited = stop(first.child);
  await sleep(300);
  // Shutting down, the server no longer listens: a new connection is refused.
  t.strictSame(await getOnNewConnection(`${first.base}/health/live`), { error: 'ECONNREFUSED' }, 'a new connection after SIGTERM is refused');
  t.same([first.child.exitCode, first.child.signalCode], [null, null], 'the request in flight holds the process open');
  inFlight.end(body.subarray(body.length >> 1));
  const { status, body: patchedBody } = await inFlightAnswer;
  t.equal(status, 200, 'the request in flight was answered');
  t.match(JSON.parse(patchedBody), { id: task.id, status: 'in_progress', progress: 60 }, 'the request in flight was carried out');
  t.equal(await exited, 0, 'SIGTERM exits 0');

  const second = await startServer(dataDir);
  t.teardown(() => stop(second.child));
  t.notMatch(second.output(), /admin API key/, 'a key exists: no second one is made');
  const again: any = await (await fetch(`${second.base}/v1/tasks?programId=17/CTr-UBND&limit=200`, { headers: { authorization } })).json();
  t.equal(again.items.length, 44, 'not seeded twice');
  t.match(again.items.find((x: { id: string }) => x.id === task.id), { status: 'in_progress', progress: 60 }, 'the writes survived the restart, the one in flight at SIGTERM too');
  t.equal((await fetch(`${second.base}/health/ready`)).status, 200);
});
